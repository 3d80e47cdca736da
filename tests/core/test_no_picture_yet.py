"""An edit asked for before there is any picture: the user is told so in their language,
nothing runs, and the turn stays in the dialogue like any other."""

from __future__ import annotations

import pytest

from core.dialogue import Interpretation
from core.engine import DialogueEngine
from core.phrasebook import phrase
from core.store import Store
from tests.core.test_engine import KEY, msg
from tests.doubles import DEFAULT_RULES, FakeIntentModel, RecordingOutbound

SPANISH_GREY = (
    r"blanco y negro",
    lambda m, refs: Interpretation(
        skill="adjust", args={"image": refs[-1] if refs else "#1", "operation": "grayscale"}
    ),
)


@pytest.fixture
def intent() -> FakeIntentModel:
    """The conftest engine's intent model, refusing image skills as the real grammar does."""
    return FakeIntentModel([SPANISH_GREY, *DEFAULT_RULES], like_grammar=True)


@pytest.mark.parametrize(
    ("text", "language"), [("ponlo en blanco y negro", "es"), ("make it anime", "en")]
)
async def test_an_edit_without_a_picture_is_told_there_is_none_in_the_users_language(
    engine: DialogueEngine,
    store: Store,
    intent: FakeIntentModel,
    out: RecordingOutbound,
    text: str,
    language: str,
) -> None:
    await engine.handle(msg(text), out)

    assert out.texts == [phrase("no_picture_yet").said_in(language)]
    assert intent.responded == []  # no chat answer was made
    assert out.statuses == [] and out.images == []  # and no job queued
    conversation = await store.conversations.open(KEY)
    turn, answer = await store.messages.of_conversation(conversation)
    assert (turn.role, turn.kind, turn.text) == ("user", "turn", text)
    assert (answer.role, answer.kind, answer.text) == ("assistant", "turn", out.texts[0])
    decision = await store.decisions.get(answer.decision_id or 0)
    assert decision is not None and decision.valid and decision.skill == "chat"
    assert await store.jobs.recent_failures() == []


async def test_the_next_request_reads_the_turn_and_its_answer(
    engine: DialogueEngine, intent: FakeIntentModel, out: RecordingOutbound
) -> None:
    await engine.handle(msg("make it anime"), out)
    await engine.handle(msg("draw a cat"), out)
    request = intent.requests[-1]
    assert [(m.role, m.text) for m in request.messages] == [
        ("user", "make it anime"),
        ("assistant", phrase("no_picture_yet").said_in("en")),
        ("user", "draw a cat"),
    ]
    assert len(out.images) == 1
    await engine.handle(msg("make it anime"), out)  # now there is one to change
    assert len(out.images) == 2 and not intent.requests[-1].messages[-1].images
    assert out.images[-1].caption == "#2 · anime style"


async def test_a_chat_turn_without_a_picture_is_still_chat(
    engine: DialogueEngine, intent: FakeIntentModel, out: RecordingOutbound
) -> None:
    await engine.handle(msg("tell me about lighthouses"), out)
    assert out.texts[-1] != phrase("no_picture_yet").said_in("en")
    assert len(intent.responded) == 1

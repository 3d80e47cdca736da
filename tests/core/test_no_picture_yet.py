"""An edit asked for before there is any picture: the user is told so in their language,
nothing runs, and the turn stays in the dialogue like any other."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.dialogue import Interpretation
from core.engine import DialogueEngine
from core.phrasebook import phrase
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from tests.core.test_engine import KEY, msg
from tests.doubles import DEFAULT_RULES, FakeIntentModel, RecordingOutbound, pil_runner

SPANISH_GREY = (
    r"blanco y negro",
    lambda m, refs: Interpretation(
        skill="adjust", args={"image": refs[-1] if refs else "#1", "operation": "grayscale"}
    ),
)


@pytest.fixture
def grammar_intent() -> FakeIntentModel:
    return FakeIntentModel([SPANISH_GREY, *DEFAULT_RULES], like_grammar=True)


@pytest.fixture
async def picky_engine(
    settings: Settings, store: Store, grammar_intent: FakeIntentModel
) -> AsyncIterator[DialogueEngine]:
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    yield DialogueEngine(settings, store, grammar_intent, queue)
    await queue.close()


@pytest.mark.parametrize(
    ("text", "language"), [("ponlo en blanco y negro", "es"), ("make it anime", "en")]
)
async def test_an_edit_without_a_picture_is_told_there_is_none_in_the_users_language(
    picky_engine: DialogueEngine,
    store: Store,
    grammar_intent: FakeIntentModel,
    out: RecordingOutbound,
    text: str,
    language: str,
) -> None:
    await picky_engine.handle(msg(text), out)

    assert out.texts == [phrase("no_picture_yet").said_in(language)]
    assert grammar_intent.responded == []  # no chat answer was made
    assert out.statuses == [] and out.images == []  # and no job queued
    conversation = await store.conversations.open(KEY)
    turn, answer = await store.messages.of_conversation(conversation)
    assert (turn.role, turn.kind, turn.text) == ("user", "turn", text)
    assert (answer.role, answer.kind, answer.text) == ("assistant", "turn", out.texts[0])
    decision = await store.decisions.get(answer.decision_id or 0)
    assert decision is not None and decision.valid and decision.skill == "chat"
    assert await store.jobs.recent_failures() == []


async def test_the_next_request_reads_the_turn_and_its_answer(
    picky_engine: DialogueEngine, grammar_intent: FakeIntentModel, out: RecordingOutbound
) -> None:
    await picky_engine.handle(msg("make it anime"), out)
    await picky_engine.handle(msg("draw a cat"), out)
    request = grammar_intent.requests[-1]
    assert [(m.role, m.text) for m in request.messages] == [
        ("user", "make it anime"),
        ("assistant", phrase("no_picture_yet").said_in("en")),
        ("user", "draw a cat"),
    ]
    assert len(out.images) == 1
    await picky_engine.handle(msg("make it anime"), out)  # now there is one to change
    assert len(out.images) == 2 and not grammar_intent.requests[-1].messages[-1].images
    assert out.images[-1].caption == "#2 · anime style"


async def test_a_chat_turn_without_a_picture_is_still_chat(
    picky_engine: DialogueEngine, grammar_intent: FakeIntentModel, out: RecordingOutbound
) -> None:
    await picky_engine.handle(msg("tell me about lighthouses"), out)
    assert out.texts[-1] != phrase("no_picture_yet").said_in("en")
    assert len(grammar_intent.responded) == 1

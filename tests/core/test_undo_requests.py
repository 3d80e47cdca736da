"""Undo asked for in words: "undo that", "rückgängig", "отмени" do what /undo does, in
every language, and a request that says more than that stays the model's to read."""

from __future__ import annotations

import pytest

from core.engine import DialogueEngine
from core.languages import SUPPORTED
from core.phrasebook import phrase
from core.store import Store
from core.undo_requests import UNDO_PHRASES, asks_undo
from tests.core.test_engine import KEY, conversation_images, msg
from tests.doubles import FakeIntentModel, RecordingOutbound


def test_every_language_the_bot_speaks_has_undo_phrases() -> None:
    assert set(UNDO_PHRASES) == set(SUPPORTED)
    assert all(len(phrases) >= 5 for phrases in UNDO_PHRASES.values())


@pytest.mark.parametrize(
    "text",
    [
        "undo",
        "Ugh, UNDO that please!!",
        "revert it pls",
        "porfa deshazlo 🙏",
        "desfaz isso por favor",
        "Отмени, пожалуйста",
        "скасуй",
        "geri al lütfen",
        "balikin dong",
        "yaar undo kar do",
        "تراجع من فضلك",
        "Mach das bitte rückgängig",
        "mach das rückgängig bitte",
        "annule ça stp",
        "torna indietro per favore",
        "cofnij to prosze",
        "元に戻してください",
        "撤销一下吧",
    ],
)
def test_an_undo_request_is_recognised_with_its_fillers(text: str) -> None:
    assert asks_undo(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no",
        "please",
        "make it brighter",
        "go back to the first one and make it blue",
        "undo the sunglasses but keep the hat",
        "don't undo it",
        "undo nahi karo",  # Hinglish: do not undo
        "لا تراجع",  # Arabic: no undoing
        "draw a car going back home",
        "назад в будущее, постер",
    ],
)
def test_a_request_that_says_more_or_the_opposite_is_not_an_undo(text: str) -> None:
    assert not asks_undo(text)


async def test_undo_in_words_goes_back_and_keeps_what_the_user_wrote(
    engine: DialogueEngine, store: Store, out: RecordingOutbound, intent: FakeIntentModel
) -> None:
    await engine.handle(msg("draw a red car"), out)
    await engine.handle(msg("make it black and white"), out)
    asked = len(intent.requests)

    await engine.handle(msg("ugh, undo that please"), out)

    assert len(intent.requests) == asked  # the intent model was not asked
    first, _grey, back = await conversation_images(store)
    assert (back.number, back.sha256) == (3, first.sha256)
    assert out.images[-1].caption == "#3 · back to #1"
    conversation = await store.conversations.open(KEY)
    *_, said, answer = await store.messages.of_conversation(conversation)
    assert (said.role, said.kind, said.text) == ("user", "turn", "ugh, undo that please")
    decision = await store.decisions.get(answer.decision_id or 0)
    assert decision is not None and (decision.skill, decision.args) == ("undo", {"image": "#1"})
    assert decision.message_id == said.id
    # The next request edits the picture undo brought back.
    await engine.handle(msg("write hello on top"), out)
    assert (await conversation_images(store))[-1].args["image"] == "#3"


async def test_undo_in_words_with_nothing_to_undo_is_answered_in_the_users_language(
    engine: DialogueEngine, store: Store, out: RecordingOutbound, intent: FakeIntentModel
) -> None:
    await engine.handle(msg("hola, deshaz eso porfa"), out)
    await engine.handle(msg("deshaz eso porfa"), out)

    assert out.texts[-1] == phrase("nothing_to_undo").said_in("es")
    conversation = await store.conversations.open(KEY)
    *_, said, answer = await store.messages.of_conversation(conversation)
    assert (said.text, answer.role, answer.text) == (
        "deshaz eso porfa",
        "assistant",
        out.texts[-1],
    )
    assert await conversation_images(store) == []

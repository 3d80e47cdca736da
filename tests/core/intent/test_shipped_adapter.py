"""The shipped intent model (the default base with the shipped adapter, as the bot builds
it): copy guesses and batching change nothing a user reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.dialogue import DialogueMessage, ImageInfo, PredictionRequest
from core.engine import DialogueEngine
from core.intent.model import TransformersIntentModel
from core.messages import ConversationKey, IncomingMessage, Sender
from core.phrasebook import phrase
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from tests.doubles import RecordingOutbound, pil_runner
from training.intent_metrics import read_dialogues

NATURAL = Path(__file__).resolve().parents[3] / "training" / "data" / "natural.jsonl"


def test_copy_guesses_change_nothing_but_the_number_of_model_calls(
    shipped_intent: TransformersIntentModel,
) -> None:
    cat = ImageInfo(ref="#1", caption="a cute orange cat on a windowsill")
    texts = [
        "draw a lighthouse on a cliff at sunset with huge waves, no people",
        "write 'monday mood' at the bottom",
        "swap the windowsill for a wooden bench in a park",
    ]
    requests = [
        PredictionRequest(
            id=f"g/{i}",
            messages=[
                DialogueMessage(role="user", text="draw a cat"),
                DialogueMessage(role="assistant", text="Here you go!", images=[cat]),
                DialogueMessage(role="user", text=text),
            ],
        )
        for i, text in enumerate(texts)
    ]
    try:
        calls = {}
        for guesses in (False, True):
            shipped_intent.copy_guesses = guesses
            results = []
            calls[guesses] = 0
            for request in requests:
                results.append(shipped_intent.predict(request, n_best=2))
                calls[guesses] += shipped_intent.last_stats.model_calls
            if not guesses:
                plain = results
        for with_guesses, without in zip(results, plain, strict=True):
            assert with_guesses.raw == without.raw
            assert with_guesses.best.logprob == pytest.approx(without.best.logprob, abs=1e-3)
            assert [a.skill for a in with_guesses.alternatives] == [
                a.skill for a in without.alternatives
            ]
        assert calls[True] < calls[False] * 0.8, calls
    finally:
        shipped_intent.copy_guesses = True


def test_the_shipped_model_decides_natural_requests_the_same_in_a_batch(
    shipped_intent: TransformersIntentModel,
) -> None:
    dialogues = read_dialogues(NATURAL.read_text(encoding="utf-8").splitlines())
    requests = [r for d in dialogues for r in d.requests()][::20][:8]
    alone = [shipped_intent.predict(r) for r in requests]
    together = shipped_intent.predict_batch(requests)
    for a, b in zip(together, alone, strict=True):
        assert (a.best.skill, a.best.args) == (b.best.skill, b.best.args)


async def test_an_edit_before_any_picture_is_told_there_is_none(
    shipped_intent: TransformersIntentModel, settings: Settings, store: Store
) -> None:
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    engine = DialogueEngine(settings, store, shipped_intent, queue)
    out = RecordingOutbound()
    try:
        for text in ("make it anime", "ponlo en blanco y negro"):
            key = ConversationKey("test", text)
            await engine.handle(IncomingMessage(key, Sender("alice"), text), out)
    finally:
        await queue.close()
    assert out.texts == [phrase("no_picture_yet").said_in(lang) for lang in ("en", "es")]
    assert out.images == [] and out.statuses == []

"""The real offline default, SmolLM2-135M-Instruct, through the whole predict path."""

from __future__ import annotations

import json

import pytest

from core.catalog import validate_args
from core.dialogue import DialogueMessage, ImageInfo, PredictionRequest
from core.intent.factory import SHIPPED_ADAPTER_DIR
from core.intent.model import TransformersIntentModel


def test_smollm2_decides_validly_and_chats(smollm2_intent: TransformersIntentModel) -> None:
    request = PredictionRequest(
        id="r",
        messages=[
            DialogueMessage(
                role="user",
                text="lol look at my cat, make her a sticker",
                images=[ImageInfo(ref="#1", caption="a grey tabby cat on a sofa")],
            )
        ],
    )
    result = smollm2_intent.predict(request, n_best=2)
    assert json.loads(result.raw) == result.best.as_json_obj()
    for interpretation in [result.best, *result.alternatives]:
        validate_args(interpretation.skill, interpretation.args, {"#1"})
    assert result.model_version == "smollm2"
    smollm2_intent.respond_tokens = 12
    assert smollm2_intent.respond(request.messages)


def test_copy_guesses_change_nothing_but_the_number_of_model_calls(
    smollm2_intent: TransformersIntentModel,
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
    smollm2_intent.use_adapter(SHIPPED_ADAPTER_DIR, "shipped")
    try:
        calls = {}
        for guesses in (False, True):
            smollm2_intent.copy_guesses = guesses
            results = []
            calls[guesses] = 0
            for request in requests:
                results.append(smollm2_intent.predict(request, n_best=2))
                calls[guesses] += smollm2_intent.last_stats.model_calls
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
        smollm2_intent.copy_guesses = True
        smollm2_intent.use_adapter(None)

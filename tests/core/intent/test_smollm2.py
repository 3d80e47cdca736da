"""The real offline default, SmolLM2-135M-Instruct, through the whole predict path."""

from __future__ import annotations

import json

from core.catalog import validate_args
from core.dialogue import DialogueMessage, ImageInfo, PredictionRequest
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

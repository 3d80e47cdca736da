"""bfloat16 decisions: the adapter merged in float32, the runner rebuilt on each swap."""

from __future__ import annotations

from pathlib import Path

import torch

from core.dialogue import DialogueMessage, PredictionRequest
from core.intent.model import TransformersIntentModel
from tests.core.intent.conftest import load_tiny
from tests.core.intent.test_model import logits_of, make_adapter


def bf16_intent(tiny_model_dir: Path, tmp_path: Path) -> TransformersIntentModel:
    loaded = load_tiny(tiny_model_dir, tmp_path)
    return TransformersIntentModel(loaded, max_text_chars=24, dtype=torch.bfloat16)


def test_the_bf16_runner_is_the_float32_merged_model_rounded_once(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    a = make_adapter(tiny_model_dir, tmp_path / "adapter-a", seed=1)
    b = make_adapter(tiny_model_dir, tmp_path / "adapter-b", seed=2)
    fp32 = TransformersIntentModel(load_tiny(tiny_model_dir, tmp_path), max_text_chars=24)
    fp32.use_adapter(a, "a")
    bf16 = bf16_intent(tiny_model_dir, tmp_path)
    master_before = {n: p.clone() for n, p in bf16._weights.master.named_parameters()}
    bf16.use_adapter(a, "a")
    runner = bf16.decision_model
    assert runner.dtype == torch.bfloat16 and bf16.dtype == torch.bfloat16
    # Rotary frequencies stay float32: rounded, they would shift every position's angle.
    assert all(t.dtype == torch.float32 for t in runner.buffers())
    merged = fp32.language_model.state_dict()
    for name, param in runner.state_dict().items():
        key = f"base_model.model.{name}"
        key = key if key in merged else key.replace(".weight", ".base_layer.weight")
        assert torch.equal(param, merged[key].to(torch.bfloat16)), name
    first = {n: p.clone() for n, p in runner.named_parameters()}

    bf16.use_adapter(b, "b")  # swaps rebuild from the float32 master, which stays unmerged
    bf16.use_adapter(a, "a")
    for name, param in runner.named_parameters():
        assert torch.allclose(param.float(), first[name].float(), rtol=2**-7, atol=0)
    bf16.use_adapter(None)
    for name, param in bf16._weights.master.named_parameters():
        assert torch.allclose(param, master_before[name], atol=1e-6)
    plain = TransformersIntentModel(load_tiny(tiny_model_dir, tmp_path), max_text_chars=24)
    with torch.inference_mode():
        runs = bf16.decision_model(input_ids=torch.tensor([[1, 2, 3, 4]])).logits[0, -1]
    assert torch.allclose(runs.float(), logits_of(plain), atol=0.05)  # back to the bare base


def test_bf16_decisions_stay_valid_and_chat_uses_the_float32_base(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    intent = bf16_intent(tiny_model_dir, tmp_path)
    intent.use_adapter(make_adapter(tiny_model_dir, tmp_path / "adapter", seed=3), "a")
    request = PredictionRequest(id="r", messages=[DialogueMessage(role="user", text="a cat")])
    result = intent.predict(request, n_best=2)
    assert result.best.skill and result.model_version.endswith("+a")
    intent.respond_tokens = 4
    assert isinstance(intent.respond(request.messages), str)
    assert intent.predict(request).raw == result.raw

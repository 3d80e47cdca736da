"""Training's system-prompt cache on a model with sliding-window layers (Gemma 3)."""

from __future__ import annotations

import torch
from transformers import Gemma3ForCausalLM

from tests.core.intent.tiny_gemma import WINDOW, tiny_gemma_config
from training.prefix_cache import cache_after_prefix, prefix_key_values


def tiny_gemma() -> Gemma3ForCausalLM:
    torch.manual_seed(0)
    config = tiny_gemma_config(97, attn_implementation="eager")
    return Gemma3ForCausalLM(config).eval()


def test_the_prefix_is_kept_whole_and_training_reads_on_it_as_a_full_forward() -> None:
    model = tiny_gemma()
    prefix, turn = list(range(3, 3 + 3 * WINDOW)), [50, 51, 52, 53, 54]
    kv = prefix_key_values(model, prefix)
    # Every layer, the sliding ones too, holds the whole prompt: the prompt's length is
    # read from the first layer, a sliding one here.
    assert [k.shape[2] for k, _ in kv] == [len(prefix)] * 4
    rows = 2
    cache = cache_after_prefix(kv, rows, torch.device("cpu"))
    ids = torch.tensor([turn] * rows)
    positions = torch.arange(len(prefix), len(prefix) + len(turn)).expand(rows, -1)
    mask = torch.ones(rows, len(prefix) + len(turn), dtype=torch.long)
    with torch.no_grad():
        cached = model(
            input_ids=ids, attention_mask=mask, position_ids=positions, cache=cache, use_cache=True
        ).logits
        full = model(input_ids=torch.tensor([prefix + turn])).logits[0, len(prefix) :]
    for row in range(rows):
        assert torch.allclose(cached[row], full, atol=1e-4)

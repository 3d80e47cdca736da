"""The grouped SDPA attention computes what transformers' own SDPA attention does."""

from __future__ import annotations

import pytest
import torch
from transformers.integrations.sdpa_attention import sdpa_attention_forward

from core.intent.attention import gqa_sdpa_attention


class Heads(torch.nn.Module):
    num_key_value_groups = 3
    is_causal = True


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
@pytest.mark.parametrize(
    ("batch", "queries", "masked"),
    [(1, 1, False), (3, 1, True), (1, 5, True), (2, 9, True), (1, 40, True), (2, 20, False)],
)
def test_grouped_attention_is_transformers_attention(
    dtype: torch.dtype, batch: int, queries: int, masked: bool
) -> None:
    torch.manual_seed(0)
    keys = 30
    q = torch.randn(batch, 9, queries, 64, dtype=dtype)
    k, v = (torch.randn(batch, 3, keys, 64, dtype=dtype) for _ in range(2))
    mask = None
    if masked:  # causal after a cache, and some padding columns hidden
        mask = torch.ones(batch, 1, queries, keys, dtype=torch.bool).tril(keys - queries)
        mask[:, :, :, 2:4] = False
    ours, _ = gqa_sdpa_attention(Heads(), q, k, v, mask, scaling=0.125)
    theirs, _ = sdpa_attention_forward(Heads(), q, k, v, mask, scaling=0.125)
    tolerance = 1e-5 if dtype == torch.float32 else 2e-2
    assert ours.shape == theirs.shape == (batch, queries, 9, 64)
    assert torch.allclose(ours.float(), theirs.float(), atol=tolerance)

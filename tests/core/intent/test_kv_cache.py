"""GrowingCache: the same attention as transformers' DynamicCache, without the copies."""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import DynamicCache

from core.intent.kv_cache import MIN_CAPACITY, GrowingCache
from tests.core.intent.conftest import load_tiny


def test_growing_cache_gives_the_logits_of_a_dynamic_cache(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    model = load_tiny(tiny_model_dir, tmp_path).model
    caches = [DynamicCache(config=model.config), GrowingCache(model.config)]
    torch.manual_seed(0)
    # Past the first buffer's size, cropped back, batched rows selected: what decoding does.
    steps = [(2, MIN_CAPACITY + 40, 0), (2, 7, 5), (2, 3, 0), (2, MIN_CAPACITY * 2, 100)]
    with torch.inference_mode():
        for batch, length, crop in steps:
            ids = torch.randint(0, 1000, (batch, length))
            outs = [model(input_ids=ids, cache=c, use_cache=True).logits for c in caches]
            assert torch.allclose(outs[0], outs[1], atol=1e-5)
            for cache in caches:
                if crop:
                    cache.crop(-crop)
        for cache in caches:
            cache.batch_select_indices(torch.tensor([1]))
        ids = torch.randint(0, 1000, (1, 4))
        outs = [model(input_ids=ids, cache=c, use_cache=True).logits for c in caches]
        assert torch.allclose(outs[0], outs[1], atol=1e-5)
        assert caches[0].get_seq_length() == caches[1].get_seq_length()

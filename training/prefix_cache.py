"""The system prompt's keys and values for training, and caches that start with them.

Training reads the long system prompt once, with the base model alone (the adapter only
shapes how the dialogue is read, as in inference), and every batch starts from these keys
and values. The caches keep every layer whole: a model with sliding-window layers
(Gemma 3) would otherwise keep only the last window of the prompt in those layers, and
the prompt's length, read from the first layer, would be wrong; the window is applied by
the attention mask the model builds from its config.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import torch
from peft import PeftModel
from transformers import DynamicCache

KV = list[tuple[torch.Tensor, torch.Tensor]]


def whole_layer_cache() -> DynamicCache:
    """A cache whose layers all keep every key and value (no config: no sliding layers)."""
    return DynamicCache()


def without_adapter(model: Any) -> Any:
    return model.disable_adapter() if isinstance(model, PeftModel) else nullcontext()


@torch.no_grad()
def prefix_key_values(model: Any, prefix_ids: list[int]) -> KV:
    """The system prompt's keys and values per layer, read by the base model alone."""
    device = next(model.parameters()).device
    cache = whole_layer_cache()
    with without_adapter(model):
        model(input_ids=torch.tensor([prefix_ids], device=device), cache=cache, use_cache=True)
    pairs: KV = []
    for layer in cache.layers:
        keys, values = getattr(layer, "keys", None), getattr(layer, "values", None)
        if keys is None or values is None:
            raise ValueError("prefix caching needs a model whose layers all keep keys and values")
        pairs.append((keys.detach(), values.detach()))
    return pairs


def cache_after_prefix(kv: KV, rows: int, device: torch.device) -> DynamicCache:
    """A cache holding the system prompt's keys and values for each of `rows` sequences."""
    cache = whole_layer_cache()
    for layer, (k, v) in enumerate(kv):
        shape = (rows, *k.shape[1:])
        cache.update(k.to(device).expand(shape), v.to(device).expand(shape), layer)
    return cache

"""The keys and values decisions reuse: the system prompt's, and the last conversation's.

The system prompt is read once, by the base model alone (float32), in training too: the
adapter only shapes how the dialogue is read, so these keys and values survive adapter
swaps, and training never back-propagates through the long catalog. A decision alone
reads on the shared cache, which after it also holds that request's dialogue, so that the
next turn of the same conversation reads only what is new; a batch starts from the system
prompt's keys and values (`prefix_kv`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from transformers import DynamicCache

from core.intent.decoding import CachedForward, cache_from, cache_tensors, crop_cache
from core.intent.kv_cache import new_cache
from core.intent.prompt import intent_prompt_prefix
from core.intent.weights import ModelWeights


def common_prefix_length(a: Sequence[int], b: Sequence[int], limit: int) -> int:
    n = min(len(a), len(b), limit)
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


class PromptCache:
    def __init__(self, tokenizer: Any, weights: ModelWeights, device: torch.device) -> None:
        self._tokenizer = tokenizer
        self._weights = weights
        self._device = device
        self._config = weights.master.config
        self._prefix_ids: list[int] = []
        self._prefix_kv: list[tuple[torch.Tensor, torch.Tensor]] = []
        self._shared: DynamicCache | None = None
        # The prompt tokens whose keys/values the shared cache holds at its start.
        self._held: list[int] = []

    @property
    def prefix_ids(self) -> list[int]:
        """The system prompt's tokens (read into the cache on first use)."""
        self._ensure()
        return self._prefix_ids

    @property
    def prefix_kv(self) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """The system prompt's keys and values per layer; never written to."""
        self._ensure()
        return self._prefix_kv

    def prefix_length(self, ids: Sequence[int]) -> int:
        """How many of `ids` are the system prompt: all of it, or 0 when the prompt does
        not start with it (a template that merges across the system boundary)."""
        n = len(self.prefix_ids)
        return n if len(ids) > n and list(ids[:n]) == self._prefix_ids else 0

    def shared_for(self, ids: list[int]) -> tuple[DynamicCache, int]:
        """The shared cache cropped back to what it holds of `ids` (at least the system
        prompt, the whole history when the previous request was this conversation's last
        turn) and that length; a fresh cache when `ids` do not start with the system
        prompt. The caller reads `ids` after that length and then calls `holds`."""
        n = self.prefix_length(ids)
        if not n:
            return new_cache(self._config), 0
        assert self._shared is not None
        # At least one token is read again: its logits start the decision.
        keep = max(n, common_prefix_length(self._held, ids, len(ids) - 1))
        self._held = self._held[:keep]
        crop_cache(self._shared, keep)
        return self._shared, keep

    def holds(self, cache: DynamicCache, ids: list[int]) -> None:
        """`cache` has read `ids` (decoding appends after; the next request crops back)."""
        if cache is self._shared:
            self._held = ids

    def forget_history(self) -> None:
        """Keep only the system prompt (a dialogue read by an old adapter is not what the
        new one would read)."""
        self._held = list(self._prefix_ids)

    def _ensure(self) -> None:
        if self._shared is not None:
            return
        ids = self._tokenizer.encode(
            intent_prompt_prefix(self._tokenizer), add_special_tokens=False
        )
        cache = new_cache(self._config)
        with self._weights.base() as base:
            CachedForward(base, self._device)(ids, cache)
        dtype = self._weights.dtype
        self._prefix_kv = [
            (k.to(dtype).clone(), v.to(dtype).clone()) for k, v in cache_tensors(cache)
        ]
        self._prefix_ids, self._held = ids, list(ids)
        self._shared = cache_from(self._prefix_kv, self._config)

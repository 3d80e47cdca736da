"""A key/value cache that grows in place.

transformers' DynamicCache appends by concatenation: every model call copies each
layer's whole cache into a new tensor to add a few tokens. With an 850-token system
prompt that is the whole cache, 30 times over, per call (about 5 ms of a 45 ms step
here); for a batch of 8 rows, 8 times that. `GrowingCache` keeps each layer in a buffer
that doubles when full and writes new tokens into it; `keys`/`values` are views of the
part in use, so everything that reads a DynamicCache (attention, `crop`,
`get_seq_length`, batch selection) works unchanged.

Cropping only moves the end: the next tokens overwrite what was cut. A view of the cache
taken before a crop may therefore change; whoever keeps keys/values beyond the next model
call keeps a copy (`cache_tensors(...)` then `.clone()`).

Sliding-window layers (Gemma 3: every layer but each sixth sees only the last
`sliding_window` tokens) are kept whole too. transformers' DynamicSlidingWindowLayer keeps
only the last window's tokens, so it cannot be cropped back past them (the shared prompt
cache is, after every request) nor rebuilt from its tensors (`cache_from`). Whole, such a
layer holds what a full layer holds, and the window is applied by the attention mask:
transformers builds it from the config when no mask is passed (a decision alone), and
core.intent.batch builds its own. The price, attending over the masked-out keys too, is
small next to a prompt of a few windows' length.
"""

from __future__ import annotations

from typing import Any

import torch
from transformers import DynamicCache
from transformers.cache_utils import DynamicLayer, DynamicSlidingWindowLayer

MIN_CAPACITY = 256
# The layers GrowingCache replaces: exactly these classes (a subclass may keep more state).
WHOLE_LAYERS: tuple[type, ...] = (DynamicLayer, DynamicSlidingWindowLayer)


class GrowingLayer(DynamicLayer):
    """One layer's keys and values in a buffer; `keys`/`values` view its first `length`."""

    def lazy_initialization(self, key_states: torch.Tensor, value_states: torch.Tensor) -> None:
        super().lazy_initialization(key_states, value_states)
        self._length = 0
        self._key_buffer: torch.Tensor | None = None
        self._value_buffer: torch.Tensor | None = None

    def update(
        self, key_states: torch.Tensor, value_states: torch.Tensor, *args: Any, **kwargs: Any
    ) -> tuple[torch.Tensor, torch.Tensor]:
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        start, end = self._length, self._length + key_states.shape[-2]
        keys, values = self._key_buffer, self._value_buffer
        if keys is None or values is None or end > keys.shape[-2]:
            keys, values = self._grown(key_states, value_states, end)
        keys[..., start:end, :] = key_states
        values[..., start:end, :] = value_states
        self._key_buffer, self._value_buffer, self._length = keys, values, end
        return self._view()

    def crop(self, tokens_to_remove: int) -> None:
        if tokens_to_remove > 0:  # as DynamicLayer: only a negative count is supported
            raise ValueError("crop takes the number of tokens to remove as a negative int")
        if tokens_to_remove == 0 or not self.is_initialized:
            return
        self._length = max(0, self._length + tokens_to_remove)
        self._view()

    def batch_repeat_interleave(self, repeats: int) -> None:
        keys, values = self._key_buffer, self._value_buffer
        if self.get_seq_length() > 0 and keys is not None and values is not None:
            self._key_buffer = keys.repeat_interleave(repeats, dim=0)
            self._value_buffer = values.repeat_interleave(repeats, dim=0)
            self._view()

    def batch_select_indices(self, indices: torch.Tensor) -> None:
        keys, values = self._key_buffer, self._value_buffer
        if self.get_seq_length() > 0 and keys is not None and values is not None:
            self._key_buffer, self._value_buffer = keys[indices, ...], values[indices, ...]
            self._view()

    def reset(self) -> None:
        super().reset()
        self._length, self._key_buffer, self._value_buffer = 0, None, None

    def _grown(
        self, key_states: torch.Tensor, value_states: torch.Tensor, needed: int
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """New buffers of at least twice the length needed, holding what is cached."""
        capacity = max(MIN_CAPACITY, 2 * needed)
        keys = key_states.new_empty((*key_states.shape[:-2], capacity, key_states.shape[-1]))
        values = value_states.new_empty(
            (*value_states.shape[:-2], capacity, value_states.shape[-1])
        )
        if self._length and self._key_buffer is not None and self._value_buffer is not None:
            keys[..., : self._length, :] = self._key_buffer[..., : self._length, :]
            values[..., : self._length, :] = self._value_buffer[..., : self._length, :]
        return keys, values

    def _view(self) -> tuple[torch.Tensor, torch.Tensor]:
        assert self._key_buffer is not None and self._value_buffer is not None
        keys = self._key_buffer[..., : self._length, :]
        values = self._value_buffer[..., : self._length, :]
        self.keys, self.values = keys, values
        return keys, values


class GrowingCache(DynamicCache):
    """A DynamicCache whose attention layers, sliding-window ones included, grow in place
    and keep every token (GrowingLayer): any of them can be cropped back and rebuilt."""

    def __init__(self, config: Any) -> None:
        super().__init__(config=config)
        self.layers = [GrowingLayer() if type(x) in WHOLE_LAYERS else x for x in self.layers]


def new_cache(config: Any) -> DynamicCache:
    return GrowingCache(config)

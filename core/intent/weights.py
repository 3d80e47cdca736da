"""The weights decisions run on: a float32 master with its LoRA adapter, and the runner.

float32: the master runs itself, the adapter merged into it in place (one matmul per
layer instead of three, which is what a decision's few dozen decoding steps pay for on a
CPU); it is unmerged for a swap and for the base model alone.

bfloat16: half the bytes a decoding step reads, and on CPUs with bf16 instructions
(AVX512-BF16, AMX) the steps are that much faster. Merging a LoRA adapter into bf16
weights and unmerging it again does not give the same weights back (each round trip
rounds them), so the merging happens on the float32 master: on each swap the adapter is
merged into it, its weights are copied into the bfloat16 runner (rounded once), and it is
unmerged again, as the float32 mode does for every swap and chat answer. The runner is made
once, parameters cast as they are copied; buffers stay float32 (the rotary frequencies:
rounded to bf16 they would shift every position's angle). Memory: the runner's 2 bytes a
weight beside the master's 4, and nothing more during a swap.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch
from peft import PeftModel

from core.intent.attention import use_gqa_attention

log = logging.getLogger(__name__)


def bf16_is_fast(device: torch.device) -> bool:
    """Whether bfloat16 matmuls run natively here (a GPU, or a CPU with bf16 instructions)."""
    if device.type == "cuda":
        return True
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def inference_dtype(setting: str, device: torch.device) -> torch.dtype:
    """The dtype decisions run in for the `intent_dtype` setting ("auto" picks bfloat16
    where it is fast, float32 elsewhere)."""
    if setting == "float32":
        return torch.float32
    if setting == "bfloat16" or bf16_is_fast(device):
        return torch.bfloat16
    return torch.float32


def cast_copy(model: Any, dtype: torch.dtype) -> Any:
    """A copy of `model` with its parameters in `dtype`, cast as they are copied (no
    full-size copy in the old dtype on the way); buffers are copied as they are."""
    memo: dict[int, Any] = {
        id(p): torch.nn.Parameter(p.detach().to(dtype), requires_grad=False)
        for p in model.parameters()
    }
    return copy.deepcopy(model, memo).eval()


class ModelWeights:
    """The master model (with its adapter, if any) and the model decisions run on."""

    def __init__(self, model: Any, dtype: torch.dtype | None = None) -> None:
        if isinstance(model, PeftModel):
            raise TypeError("ModelWeights takes the base model; adapters come with swap()")
        use_gqa_attention(model)
        self.master: Any = model
        self.dtype: torch.dtype = dtype or next(model.parameters()).dtype
        self._merged = False
        self._copy: Any = None
        self.refresh()

    @property
    def copied(self) -> bool:
        """The runner is a copy in another dtype (the master is never merged then)."""
        return self.dtype != next(self.master.parameters()).dtype

    @property
    def runner(self) -> Any:
        return self._copy if self.copied else self.master

    def swap(self, path: Path | None, name: str, device: torch.device) -> None:
        """Load the adapter at `path` as `name` in place of the current one (None: none).
        The new one is loaded beside the old one and only then made active, so a failed
        load leaves the old one running."""
        self._unmerge()
        try:
            if path is None:
                if isinstance(self.master, PeftModel):
                    self.master = self.master.unload()
            elif isinstance(self.master, PeftModel):
                old = self.master.active_adapter
                self.master.load_adapter(str(path), adapter_name=name)
                self.master.set_adapter(name)
                self.master.delete_adapter(old)
            else:
                self.master = PeftModel.from_pretrained(self.master, str(path), adapter_name=name)
            self.master.to(device)
            self.master.eval()
        finally:
            self.refresh()

    def refresh(self) -> None:
        """Make the runner from the master as it is now: merged in place, or copied."""
        self._merge()
        if not self.copied:
            return
        try:
            if self._copy is None:
                self._copy = cast_copy(self.master, self.dtype)
            else:
                self._copy_merged_weights()
        finally:
            self._unmerge()

    @torch.no_grad()
    def _copy_merged_weights(self) -> None:
        """The master's (merged) weights into the runner, which has no adapter layers: a
        layer peft wraps keeps its weight as `<layer>.base_layer.weight`."""
        base = self.master.get_base_model() if isinstance(self.master, PeftModel) else self.master
        source = dict(base.named_parameters())
        for name, param in self._copy.named_parameters():
            layer, _, kind = name.rpartition(".")
            param.copy_(source.get(name, source.get(f"{layer}.base_layer.{kind}")))

    @contextmanager
    def base(self) -> Iterator[Any]:
        """The float32 master without its adapter, for a moment (the system prompt's
        cache, chat answers)."""
        if not isinstance(self.master, PeftModel):
            yield self.master
            return
        self._unmerge()
        try:
            with self.master.disable_adapter():
                yield self.master
        finally:
            if not self.copied:
                self._merge()

    def _merge(self) -> None:
        if isinstance(self.master, PeftModel) and not self._merged:
            self.master.merge_adapter()
            self._merged = True

    def _unmerge(self) -> None:
        if self._merged:
            self.master.unmerge_adapter()
            self._merged = False

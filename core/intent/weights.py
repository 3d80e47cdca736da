"""The weights decisions run on: a float32 master with its LoRA adapter, and the runner.

float32: the master runs itself, the adapter merged into it in place (one matmul per
layer instead of three, which is what a decision's few dozen decoding steps pay for on a
CPU); it is unmerged for a swap and for the base model alone.

bfloat16: half the bytes a decoding step reads, and on CPUs with bf16 instructions
(AVX512-BF16, AMX) the steps are that much faster. Merging a LoRA adapter into bf16
weights and unmerging it again does not give the same weights back (each round trip
rounds them), so the master stays float32 and is never merged: the runner is a copy of it
with the adapter merged in float32 and only then cast, made again on each swap. This costs
the copy's memory (2 bytes a weight beside the master's 4) and, while a swap builds
the new copy, a float32 copy for a moment.
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


class ModelWeights:
    """The master model (with its adapter, if any) and the model decisions run on."""

    def __init__(self, model: Any, dtype: torch.dtype | None = None) -> None:
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
        """Make the runner from the master as it is now: merged in place, or a new copy."""
        if not self.copied:
            self._merge()
            return
        runner = copy.deepcopy(self.master)
        if isinstance(runner, PeftModel):
            runner = runner.merge_and_unload()  # in float32, on the copy
        use_gqa_attention(runner)
        self._copy = runner.to(self.dtype).eval()

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

"""Which device a worker runs models on.

torch is imported only when a model skill asks, so that CPU skills (and the bot
process, which never runs skills) do not pay for it.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from typing import Any

from core.jobs import SkillError

log = logging.getLogger(__name__)


@cache
def cuda_available() -> bool:
    if importlib.util.find_spec("torch") is None:
        return False
    import torch

    return bool(torch.cuda.is_available())


def resolve_device(setting: str) -> str:
    """'auto' → 'cuda' when a GPU is visible, else 'cpu'; an explicit choice is honoured."""
    if setting == "cpu":
        return "cpu"
    if setting == "cuda":
        if not cuda_available():
            # A misconfigured worker should say so, not silently run 50× slower.
            raise SkillError(
                "This worker is configured for a GPU (DIALOGDRAW_MODELS__DEVICE=cuda)"
                " but none is visible. Ask the admin to fix the worker."
            )
        return "cuda"
    if setting == "auto":
        device = "cuda" if cuda_available() else "cpu"
        log.debug("device auto → %s", device)
        return device
    raise SkillError(f"Unknown device setting {setting!r}; use auto, cpu or cuda.")


def dtype_for(device: str) -> Any:
    """Half precision on a GPU (twice the speed, half the memory); float32 on CPU,
    where float16 kernels are missing or slow."""
    import torch

    return torch.float16 if device == "cuda" else torch.float32

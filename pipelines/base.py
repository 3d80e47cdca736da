"""What every skill implementation sees: its typed arguments, decoded images, a context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image

from core.catalog import SkillArgs
from core.jobs import Progress, ProgressCallback
from core.settings import ModelSettings
from pipelines.model_cache import ModelCache


@dataclass
class SkillContext:
    models: ModelSettings
    cache: ModelCache
    device: str  # "cuda" or "cpu"
    seed: int
    progress: ProgressCallback = field(default=lambda p: None)

    def step(self, step: int, total: int) -> None:
        self.progress(Progress("running", step=step, total=total))

    def diffusers_callback(self, total: int) -> Callable[..., dict[str, Any]]:
        """A `callback_on_step_end` for diffusers pipelines that reports step i of n."""

        def on_step_end(pipe: Any, i: int, t: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
            self.step(i + 1, total)
            return kwargs

        return on_step_end


@dataclass
class SkillOutput:
    image: Image.Image | None = None
    text: str | None = None
    model: str = ""
    # PNG for everything, WebP for stickers.
    format: str = "PNG"
    extra: dict[str, Any] = field(default_factory=dict)


class Skill(Protocol):
    """One skill: `run(args, images, ctx)`; images are keyed by argument name."""

    def __call__(
        self, args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext
    ) -> SkillOutput: ...

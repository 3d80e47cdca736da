"""Tiny random diffusion models built once per session, and contexts that use them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.jobs import Progress
from core.settings import ModelSettings
from pipelines.base import SkillContext
from pipelines.model_cache import ModelCache
from tests.tiny_models import build_all, build_sd


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> ModelSettings:
    return build_all(Path(tmp_path_factory.mktemp("tiny-models")))


@pytest.fixture(scope="session")
def tiny_sd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny SD 1.x/2.x text-to-image folder: the family of the CPU default, SD-Turbo."""
    folder = Path(tmp_path_factory.mktemp("tiny-sd"))
    build_sd(folder)
    return folder


@pytest.fixture(scope="session")
def shared_cache() -> ModelCache:
    # One cache for the session, as a worker has: each tiny model loads once.
    return ModelCache(budget_bytes=2 * 1024**3)


class Recorder:
    def __init__(self) -> None:
        self.progress: list[Progress] = []


@pytest.fixture
def make_ctx(tiny_models: ModelSettings, shared_cache: ModelCache) -> Callable[..., SkillContext]:
    def make(seed: int = 0, cache: ModelCache | None = None, **models: Any) -> SkillContext:
        settings = tiny_models.model_copy(update=models)
        return SkillContext(
            models=settings,
            cache=cache if cache is not None else shared_cache,
            device="cpu",
            seed=seed,
        )

    return make


@pytest.fixture
def ctx(make_ctx: Callable[..., SkillContext]) -> SkillContext:
    return make_ctx()


@pytest.fixture
def photo() -> Image.Image:
    """A red disc (the subject) on a blue-green gradient."""
    x = np.linspace(0, 255, 64, dtype=np.uint8)
    ground = np.stack(
        [np.zeros((64, 64), np.uint8), np.tile(x, (64, 1)), np.full((64, 64), 180, np.uint8)], -1
    )
    image = Image.fromarray(ground, "RGB")
    ImageDraw.Draw(image).ellipse((20, 16, 44, 48), fill=(220, 30, 30))
    return image


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Spy on every diffusers pipeline call: (class name, keyword arguments), then run it."""
    import diffusers

    recorded: list[tuple[str, dict[str, Any]]] = []
    names = (
        "StableDiffusionPipeline",
        "StableDiffusionXLPipeline",
        "StableDiffusionXLImg2ImgPipeline",
        "StableDiffusionXLInpaintPipeline",
        "StableDiffusionXLControlNetPipeline",
        "StableDiffusionInstructPix2PixPipeline",
        "StableDiffusionControlNetPipeline",
    )
    for name in names:
        cls = getattr(diffusers, name)
        original = cls.__call__

        def spy(
            self: Any, *args: Any, _orig: Any = original, _name: str = name, **kwargs: Any
        ) -> Any:
            recorded.append((_name, kwargs))
            return _orig(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__call__", spy)
    yield recorded

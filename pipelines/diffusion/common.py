"""Sizing images for the models and calling a pipeline the same way in every skill."""

from __future__ import annotations

import math
from typing import Any, Literal

from PIL import Image

from core.jobs import SkillError
from core.phrasebook import phrase
from pipelines.base import SkillContext
from pipelines.diffusion.loading import generator

# Latents are 1/8 of the image; UNet down-sampling needs the latent side even twice more.
MULTIPLE = 8


def _round(value: float) -> int:
    return max(MULTIPLE, round(value / MULTIPLE) * MULTIPLE)


def aspect_size(
    size: int, aspect: Literal["square", "portrait", "landscape"] | None
) -> tuple[int, int]:
    """(width, height) with `size` as the longest side; 3:4 and 4:3 for portrait/landscape."""
    if aspect == "portrait":
        return _round(size * 3 / 4), _round(size)
    if aspect == "landscape":
        return _round(size), _round(size * 3 / 4)
    return _round(size), _round(size)


def fit(image: Image.Image, size: int) -> Image.Image:
    """RGB, longest side `size`, both sides multiples of 8, aspect ratio kept."""
    image = image.convert("RGB")
    scale = size / max(image.size)
    target = (_round(image.width * scale), _round(image.height * scale))
    if target == image.size:
        return image
    return image.resize(target, Image.Resampling.LANCZOS)


def strength_steps(steps: int, strength: float) -> int:
    """Steps so that img2img runs at least one: `int(steps * strength)` of 0 crashes diffusers."""
    if not 0 < strength <= 1:
        raise SkillError(phrase("bad_strength", strength=strength))
    return max(steps, math.ceil(1 / strength))


def generate(
    pipe: Any,
    ctx: SkillContext,
    *,
    steps: int,
    denoised_steps: int | None = None,
    **kwargs: Any,
) -> Image.Image:
    """One seeded call with progress reports; `denoised_steps` for img2img's shorter run."""
    total = denoised_steps if denoised_steps is not None else steps
    result = pipe(
        num_inference_steps=steps,
        generator=generator(ctx),
        callback_on_step_end=ctx.diffusers_callback(max(1, total)),
        output_type="pil",
        **kwargs,
    )
    image: Image.Image = result.images[0]
    return image


def denoised(steps: int, strength: float) -> int:
    """How many of `steps` an img2img call with `strength` actually runs."""
    return min(int(steps * strength), steps)

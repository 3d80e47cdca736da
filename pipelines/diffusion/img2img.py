"""The SDXL image-to-image call shared by variation, style, anime and colour skills."""

from __future__ import annotations

from typing import Any

from diffusers import StableDiffusionXLImg2ImgPipeline, StableDiffusionXLPipeline
from PIL import Image

from pipelines.base import SkillContext
from pipelines.diffusion.common import denoised, fit, generate, strength_steps
from pipelines.diffusion.loading import derive, load_pipeline, model_id, plan


def img2img(
    ctx: SkillContext,
    image: Image.Image,
    *,
    prompt: str,
    strength: float,
    field: str = "text_to_image",
    negative_prompt: str | None = None,
    **extra: Any,
) -> tuple[Image.Image, str]:
    """Re-draw `image` with the SDXL model of `field`; returns the picture and the model id."""
    model = model_id(ctx, field)
    base = load_pipeline(ctx, field, StableDiffusionXLPipeline)
    pipe = derive(base, StableDiffusionXLImg2ImgPipeline)
    settings = plan(ctx, model)
    steps = strength_steps(settings.steps, strength)
    result = generate(
        pipe,
        ctx,
        steps=steps,
        denoised_steps=denoised(steps, strength),
        image=fit(image, settings.size),
        prompt=prompt,
        negative_prompt=negative_prompt,
        strength=strength,
        guidance_scale=settings.guidance_scale,
        **extra,
    )
    return result, model

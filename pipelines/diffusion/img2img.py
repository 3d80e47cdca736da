"""The SDXL base pipeline of the edit skills, and the image-to-image call they share.

Variation, style, colour and (with its own setting) anime re-draw with SDXL img2img;
the ControlNet skills derive from the same base. It is the `sdxl_base` setting, not
text_to_image's model: their ControlNets and IP-Adapter are SDXL ones, while on a CPU
text_to_image runs the smaller SD-Turbo.
"""

from __future__ import annotations

from typing import Any

from diffusers import StableDiffusionXLImg2ImgPipeline, StableDiffusionXLPipeline
from PIL import Image

from pipelines.base import SkillContext
from pipelines.diffusion.common import denoised, fit, generate, strength_steps
from pipelines.diffusion.loading import derive, load_pipeline, model_id, plan


def base_pipeline(ctx: SkillContext, field: str = "sdxl_base") -> StableDiffusionXLPipeline:
    """The SDXL text-to-image pipeline of `field`, whose weights its siblings share."""
    return load_pipeline(ctx, field, StableDiffusionXLPipeline)


def img2img(
    ctx: SkillContext,
    image: Image.Image,
    *,
    prompt: str,
    strength: float,
    field: str = "sdxl_base",
    negative_prompt: str | None = None,
    **extra: Any,
) -> tuple[Image.Image, str]:
    """Re-draw `image` with the SDXL model of `field`; returns the picture and the model id."""
    model = model_id(ctx, field)
    pipe = derive(base_pipeline(ctx, field), StableDiffusionXLImg2ImgPipeline)
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

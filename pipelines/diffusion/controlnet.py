"""SDXL + ControlNet: the base SDXL weights shared with a cached ControlNet."""

from __future__ import annotations

from diffusers import ControlNetModel, StableDiffusionXLControlNetPipeline
from PIL import Image

from pipelines.base import SkillContext
from pipelines.diffusion.common import fit, generate
from pipelines.diffusion.img2img import base_pipeline
from pipelines.diffusion.loading import derive, dtype_for, load_model, model_id, plan


def controlled(
    ctx: SkillContext,
    field: str,
    control: Image.Image,
    *,
    prompt: str,
    negative_prompt: str | None = None,
    scale: float = 1.0,
) -> tuple[Image.Image, str]:
    """Draw `prompt` following the control map, with the ControlNet of `field`."""
    controlnet = load_model(ctx, field, ControlNetModel, dtype=dtype_for(ctx.device))
    pipe = derive(base_pipeline(ctx), StableDiffusionXLControlNetPipeline, controlnet=controlnet)
    settings = plan(ctx, model_id(ctx, "sdxl_base"))
    control = fit(control, settings.size)
    image = generate(
        pipe,
        ctx,
        steps=settings.steps,
        prompt=prompt,
        negative_prompt=negative_prompt,
        image=control,
        width=control.width,
        height=control.height,
        controlnet_conditioning_scale=scale,
        guidance_scale=settings.guidance_scale,
    )
    return image, model_id(ctx, field)

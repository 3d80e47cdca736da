"""The SDXL inpainting call shared by background, object and outpainting skills."""

from __future__ import annotations

from diffusers import StableDiffusionXLInpaintPipeline
from PIL import Image

from pipelines.base import SkillContext
from pipelines.diffusion.common import denoised, generate, strength_steps
from pipelines.diffusion.loading import load_pipeline, model_id, plan
from pipelines.diffusion.masks import paste_kept

# Just under 1: the masked area is repainted from noise yet the pipeline still
# encodes the image, which the SDXL inpainting checkpoint expects.
STRENGTH = 0.99


def inpaint(
    ctx: SkillContext,
    image: Image.Image,
    repaint: Image.Image,
    *,
    prompt: str,
    negative_prompt: str | None = None,
) -> tuple[Image.Image, str]:
    """Repaint the white part of `repaint` in `image` (sizes multiples of 8); keep the rest."""
    model = model_id(ctx, "inpaint")
    pipe = load_pipeline(ctx, "inpaint", StableDiffusionXLInpaintPipeline)
    settings = plan(ctx, model)
    steps = strength_steps(settings.steps, STRENGTH)
    result = generate(
        pipe,
        ctx,
        steps=steps,
        denoised_steps=denoised(steps, STRENGTH),
        prompt=prompt,
        negative_prompt=negative_prompt,
        image=image,
        mask_image=repaint,
        width=image.width,
        height=image.height,
        strength=STRENGTH,
        guidance_scale=settings.guidance_scale,
    )
    return paste_kept(image, result, repaint), model


def working_size(ctx: SkillContext) -> int:
    return plan(ctx, model_id(ctx, "inpaint")).size

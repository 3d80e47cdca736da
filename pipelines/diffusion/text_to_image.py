"""text_to_image: SDXL (Turbo on CPU when the model is "auto")."""

from __future__ import annotations

from diffusers import StableDiffusionXLPipeline
from PIL import Image

from core.catalog import TextToImageArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import aspect_size, generate
from pipelines.diffusion.loading import load_pipeline, model_id, plan


def base_pipeline(ctx: SkillContext) -> StableDiffusionXLPipeline:
    """The SDXL text-to-image pipeline whose weights the img2img-family skills share."""
    return load_pipeline(ctx, "text_to_image", StableDiffusionXLPipeline)


def run(args: TextToImageArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    model = model_id(ctx, "text_to_image")
    pipe = base_pipeline(ctx)
    settings = plan(ctx, model)
    width, height = aspect_size(settings.size, args.aspect)
    image = generate(
        pipe,
        ctx,
        steps=settings.steps,
        prompt=args.prompt,
        # Without guidance (Turbo) diffusers ignores it; with guidance it steers away.
        negative_prompt=args.negative_prompt,
        width=width,
        height=height,
        guidance_scale=settings.guidance_scale,
    )
    return SkillOutput(image=image, model=model)

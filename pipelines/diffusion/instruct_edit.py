"""instruct_edit: InstructPix2Pix follows a free-form edit instruction."""

from __future__ import annotations

from diffusers import StableDiffusionInstructPix2PixPipeline
from PIL import Image

from core.catalog import InstructEditArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import fit, generate
from pipelines.diffusion.loading import load_pipeline, model_id, plan

LOADS = ("instruct_pix2pix",)

# The paper's defaults: text guidance 7.5, image guidance 1.5 (higher keeps more).
IMAGE_GUIDANCE = 1.5


def run(args: InstructEditArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    model = model_id(ctx, "instruct_pix2pix")
    pipe = load_pipeline(
        ctx,
        "instruct_pix2pix",
        StableDiffusionInstructPix2PixPipeline,
        # Moderation happens on the bot side; the SD1.x checker only blacks out images.
        safety_checker=None,
        requires_safety_checker=False,
    )
    settings = plan(ctx, model, sd15=True)
    image = generate(
        pipe,
        ctx,
        steps=settings.steps,
        prompt=args.instruction,
        image=fit(images["image"], settings.size),
        guidance_scale=7.5,
        image_guidance_scale=IMAGE_GUIDANCE,
    )
    return SkillOutput(image=image, model=model)

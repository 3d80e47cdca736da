"""image_variation: SDXL img2img of the same composition."""

from __future__ import annotations

from PIL import Image

from core.catalog import ImageVariationArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.img2img import img2img

LOADS = ("sdxl_base",)

# How far from the original: 0.3 keeps details, 0.8 keeps little more than layout.
STRENGTHS = {"subtle": 0.3, "medium": 0.55, "strong": 0.8}


def run(args: ImageVariationArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    strength = STRENGTHS[args.strength or "medium"]
    image, model = img2img(
        ctx,
        images["image"],
        prompt=args.prompt or "a high quality, detailed picture",
        strength=strength,
    )
    return SkillOutput(image=image, model=model, extra={"strength": strength})

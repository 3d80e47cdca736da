"""style_transfer: SDXL img2img steered by a style prompt, composition kept."""

from __future__ import annotations

from PIL import Image

from core.catalog import StyleTransferArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.img2img import img2img

LOADS = ("sdxl_base",)

# Enough to change brushwork and palette, little enough to keep the layout.
STRENGTH = 0.6


def style_prompt(style: str) -> str:
    return f"{style} style artwork, in the style of {style}, masterpiece, high quality"


def run(args: StyleTransferArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    image, model = img2img(
        ctx,
        images["image"],
        prompt=style_prompt(args.style),
        negative_prompt="photo, photorealistic, blurry, lowres",
        strength=STRENGTH,
    )
    return SkillOutput(image=image, model=model)

"""to_anime: img2img with an anime SDXL checkpoint (Animagine XL by default)."""

from __future__ import annotations

from PIL import Image

from core.catalog import ToAnimeArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.img2img import img2img

LOADS = ("anime",)

STRENGTH = 0.6
# Animagine is trained on tag-style prompts; these are its recommended quality tags.
PROMPT = "anime artwork, anime style, masterpiece, best quality, very aesthetic"
NEGATIVE = "photo, realistic, 3d, lowres, bad anatomy, worst quality, low quality, blurry"


def run(args: ToAnimeArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    image, model = img2img(
        ctx,
        images["image"],
        field="anime",
        prompt=PROMPT,
        negative_prompt=NEGATIVE,
        strength=STRENGTH,
    )
    return SkillOutput(image=image, model=model)

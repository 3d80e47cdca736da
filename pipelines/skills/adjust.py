"""adjust: the everyday photo operations, done exactly (no model, no randomness)."""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image, ImageEnhance, ImageOps

from core.catalog import AdjustArgs, SkillArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.images import split_alpha, with_alpha

LOADS = ()

# Factors big enough to be visible on a phone, small enough not to wreck the photo.
BRIGHTER, DARKER = 1.3, 0.75
MORE_CONTRAST, LESS_CONTRAST = 1.4, 0.7
MORE_SATURATED = 1.5

ColourOp = Callable[[Image.Image], Image.Image]

# Operations on the colours: applied to RGB only, so transparency is kept as it was.
COLOUR_OPS: dict[str, ColourOp] = {
    "brighter": lambda im: ImageEnhance.Brightness(im).enhance(BRIGHTER),
    "darker": lambda im: ImageEnhance.Brightness(im).enhance(DARKER),
    "more_contrast": lambda im: ImageEnhance.Contrast(im).enhance(MORE_CONTRAST),
    "less_contrast": lambda im: ImageEnhance.Contrast(im).enhance(LESS_CONTRAST),
    "more_saturated": lambda im: ImageEnhance.Color(im).enhance(MORE_SATURATED),
    "grayscale": lambda im: ImageOps.grayscale(im).convert("RGB"),
}

# Operations on the geometry: applied to the whole image, alpha included.
GEOMETRY_OPS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "rotate_left": lambda im: im.transpose(Image.Transpose.ROTATE_90),
    "rotate_right": lambda im: im.transpose(Image.Transpose.ROTATE_270),
    "flip_horizontal": lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    "flip_vertical": lambda im: im.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
    "crop_square": lambda im: crop_square(im),
}


def crop_square(image: Image.Image) -> Image.Image:
    """The largest centred square."""
    side = min(image.size)
    left = (image.width - side) // 2
    top = (image.height - side) // 2
    return image.crop((left, top, left + side, top + side))


def apply(image: Image.Image, operation: str) -> Image.Image:
    if operation in GEOMETRY_OPS:
        return GEOMETRY_OPS[operation](image)
    rgb, alpha = split_alpha(image)
    return with_alpha(COLOUR_OPS[operation](rgb), alpha)


def run(args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    assert isinstance(args, AdjustArgs)
    return SkillOutput(image=apply(images["image"], args.operation), model="pillow")

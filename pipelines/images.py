"""Turning untrusted upload bytes into a PIL image a skill can use, safely.

Uploads come from strangers on the internet: a 50 kB PNG can claim 100 000 × 100 000
pixels (a decompression bomb), a file can be truncated, and phone photos carry their
orientation in EXIF instead of in the pixels. Every failure here is a `SkillError`
whose message a user can act on.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
from PIL import Image, ImageOps

from core.jobs import SkillError
from core.phrasebook import phrase

# What chat platforms send; anything else (EPS, PDF, ICNS...) is refused rather than
# handed to a rarely exercised decoder.
ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")
DEFAULT_MAX_PIXELS = 40_000_000


def decode_image(data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Decode, check the size before the pixels are read, fix orientation and mode."""
    if not data:
        raise SkillError(phrase("picture_empty"))
    try:
        with warnings.catch_warnings():
            # PIL only warns between its limit and twice it; ours is checked below anyway.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            width, height = image.size
            if width * height > max_pixels:
                raise _too_large(width, height, max_pixels)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large(0, 0, max_pixels) from exc
    except Image.UnidentifiedImageError as exc:
        raise SkillError(phrase("picture_unreadable")) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise SkillError(phrase("picture_damaged")) from exc
    if image.width < 1 or image.height < 1:
        raise SkillError(phrase("picture_no_pixels"))
    return normalize_mode(_transpose(image))


def _too_large(width: int, height: int, max_pixels: int) -> SkillError:
    megapixels = max_pixels / 1_000_000
    if width and height:
        sized = phrase("picture_too_large_sized", width=width, height=height, megapixels=megapixels)
        return SkillError(sized)
    return SkillError(phrase("picture_too_large", megapixels=megapixels))


def _transpose(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # broken EXIF should not lose an otherwise fine picture
        return image


def normalize_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the picture has transparency; skills only see these two modes."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # PIL's own conversion clips 16-bit and float data to 255; stretch it instead.
        array = np.asarray(image, dtype=np.float64)
        low, high = float(array.min()), float(array.max())
        scaled = (array - low) / (high - low) * 255.0 if high > low else np.zeros_like(array)
        return Image.fromarray(scaled.astype(np.uint8)).convert("RGB")
    has_alpha = image.mode in ("LA", "PA", "La", "RGBa") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info
    )
    return image.convert("RGBA" if has_alpha else "RGB")


def flatten(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """An RGB copy with transparency composited onto a plain background."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    canvas = Image.new("RGB", image.size, background)
    canvas.paste(image, mask=image.getchannel("A"))
    return canvas


def split_alpha(image: Image.Image) -> tuple[Image.Image, Image.Image | None]:
    """RGB pixels and the alpha channel (None when opaque), so colour ops leave alpha alone."""
    if image.mode == "RGBA":
        return image.convert("RGB"), image.getchannel("A")
    return image.convert("RGB"), None


def with_alpha(rgb: Image.Image, alpha: Image.Image | None) -> Image.Image:
    if alpha is None:
        return rgb
    if alpha.size != rgb.size:
        alpha = alpha.resize(rgb.size, Image.Resampling.LANCZOS)
    out = rgb.convert("RGBA")
    out.putalpha(alpha)
    return out

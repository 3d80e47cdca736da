"""Checks on what users send before anything is stored: is it an image we can use?"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from core.messages import Attachment

ACCEPTED = "photos or image files (PNG, JPEG, WebP, GIF, BMP)"
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
_FORMATS["BMP"] = "image/bmp"
_FORMATS["MPO"] = "image/jpeg"


class UploadProblem(Exception):
    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    mime_type: str
    width: int
    height: int


def check_image(attachment: Attachment, *, max_pixels: int, max_bytes: int) -> CheckedImage:
    """Accept an attachment as an image, or raise UploadProblem with a message for the user."""
    name = attachment.filename or "the file"
    size = len(attachment.data)
    if size == 0:
        raise UploadProblem(f"{name} is empty. Please send {ACCEPTED}.")
    if size > max_bytes:
        raise UploadProblem(
            f"{name} is too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)."
        )
    if _is_vector(attachment):
        raise UploadProblem(
            f"{name} is a vector drawing (SVG), which I can't edit. Please send it as a PNG."
        )
    if attachment.mime_type in ("image/heic", "image/heif") or attachment.data[4:12] in (
        b"ftypheic",
        b"ftypheix",
        b"ftypmif1",
    ):
        raise UploadProblem(
            f"{name} is a HEIC photo, which I can't open yet. Please send it as a JPEG "
            "(or as a photo instead of a file)."
        )
    if attachment.mime_type and not (
        attachment.mime_type.startswith("image/")
        or attachment.mime_type == "application/octet-stream"
    ):
        raise UploadProblem(f"I can only work with {ACCEPTED}; {name} is {attachment.mime_type}.")
    try:
        with warnings.catch_warnings():
            # Pillow warns between 1x and 2x its limit and raises above: treat both as too big.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(attachment.data)) as img:
                width, height = img.size
                fmt = img.format or ""
                if width * height > max_pixels:
                    raise UploadProblem(_too_many_pixels(name, width, height, max_pixels))
                img.load()  # decodes fully: truncated or corrupt data fails here
    except UploadProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadProblem(f"{name} has too many pixels for me to open safely.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadProblem(
            f"I couldn't read {name} as an image (it may be damaged). Please send {ACCEPTED}."
        ) from None
    mime = _FORMATS.get(fmt)
    if mime is None:
        raise UploadProblem(f"{name} is a {fmt or 'unknown'} image; please send {ACCEPTED}.")
    return CheckedImage(attachment.data, mime, width, height)


def _is_vector(attachment: Attachment) -> bool:
    head = attachment.data[:512].lstrip().lower()
    return (
        attachment.mime_type == "image/svg+xml"
        or head.startswith(b"<svg")
        or (head.startswith(b"<?xml") and b"<svg" in head)
    )


def _too_many_pixels(name: str, width: int, height: int, max_pixels: int) -> str:
    return (
        f"{name} is too big ({width}×{height} pixels; the limit is {max_pixels / 1e6:.0f} "
        "megapixels). Please send a smaller version."
    )


def inspect_image(data: bytes) -> CheckedImage:
    """Format and size of an image the workers made (trusted, so no limits)."""
    with Image.open(io.BytesIO(data)) as img:
        return CheckedImage(data, _FORMATS.get(img.format or "", "image/png"), *img.size)

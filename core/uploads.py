"""Checks on what users send before anything is stored: is it an image we can use?

Two stages, one wording: `precheck` judges a file from what a platform tells about it
before any download (name, size, type), so that nothing is fetched only to be refused;
`check_image` judges the downloaded bytes. Both give `Words` (core.phrasebook), which
adapters say in the language of the message they came with.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from core.messages import Attachment
from core.phrasebook import Words, phrase

_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
_FORMATS["BMP"] = "image/bmp"
_FORMATS["MPO"] = "image/jpeg"


class UploadProblem(Exception):
    def __init__(self, words: Words) -> None:
        super().__init__(str(words))
        self.words = words


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
        raise UploadProblem(phrase("upload_empty", name=name))
    if size > max_bytes:
        raise UploadProblem(too_large(name, size, max_bytes))
    if _is_vector(attachment):
        raise UploadProblem(phrase("upload_vector", name=name))
    if attachment.mime_type in ("image/heic", "image/heif") or attachment.data[4:12] in (
        b"ftypheic",
        b"ftypheix",
        b"ftypmif1",
    ):
        raise UploadProblem(phrase("upload_heic", name=name))
    if attachment.mime_type and not (
        attachment.mime_type.startswith("image/")
        or attachment.mime_type == "application/octet-stream"
    ):
        raise UploadProblem(not_an_image(name, attachment.mime_type))
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
        raise UploadProblem(phrase("upload_too_many_pixels", name=name)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadProblem(phrase("upload_damaged", name=name)) from None
    mime = _FORMATS.get(fmt)
    if mime is None:
        raise UploadProblem(phrase("upload_format", name=name, kind=fmt or "unknown"))
    return CheckedImage(attachment.data, mime, width, height)


def precheck(
    filename: str, size: int | None, mime_type: str | None, *, max_bytes: int
) -> Words | None:
    """Why a file can't be used, from what the platform says of it before a download;
    None when it may be fetched (`check_image` then looks at the bytes). An unknown size
    or type is left to the bytes."""
    if size is not None and size > max_bytes:
        return too_large(filename, size, max_bytes)
    if mime_type and not mime_type.startswith("image/"):
        return not_an_image(filename, mime_type.split(";")[0])
    return None


def too_large(name: str, size: int, max_bytes: int) -> Words:
    return phrase("upload_too_large", name=name, megabytes=size / 1e6, limit=max_bytes / 1e6)


def not_an_image(name: str, mime_type: str) -> Words:
    return phrase("upload_not_image", name=name, kind=mime_type)


def not_usable(what: str) -> Words:
    """For something sent that is no file of any kind the bot could use (a sticker, a voice
    message), named in words: "a voice message"."""
    return phrase("upload_unusable", what=what)


def download_failed(platform: str) -> Words:
    return phrase("download_failed", platform=platform)


def _is_vector(attachment: Attachment) -> bool:
    head = attachment.data[:512].lstrip().lower()
    return (
        attachment.mime_type == "image/svg+xml"
        or head.startswith(b"<svg")
        or (head.startswith(b"<?xml") and b"<svg" in head)
    )


def _too_many_pixels(name: str, width: int, height: int, max_pixels: int) -> Words:
    return phrase(
        "upload_pixels_over", name=name, width=width, height=height, megapixels=max_pixels / 1e6
    )


def inspect_image(data: bytes) -> CheckedImage:
    """Format and size of an image the workers made (trusted, so no limits)."""
    with Image.open(io.BytesIO(data)) as img:
        return CheckedImage(data, _FORMATS.get(img.format or "", "image/png"), *img.size)

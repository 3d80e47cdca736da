"""Checks on what users send before anything is stored: is it an image we can use?

Two stages, one wording: `precheck` judges a file from what a platform tells about it
before any download (name, size, type), so that nothing is fetched only to be refused;
`check_image` judges the downloaded bytes. Both give `Words` (core.phrasebook), which
adapters say in the language of the message they came with. What a file is gets named in
the reader's words ("a text file"), never as a MIME type or an English fallback; a file's own
name stays as the user wrote it.
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
    name: str | Words = attachment.filename or unnamed_file()
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
        # Pillow names the formats it opens (TIFF, ICO, PSD); with no name there is only
        # "a different kind of file" to tell, never an English "unknown".
        raise UploadProblem(
            phrase("upload_format", name=name, kind=fmt) if fmt else not_an_image(name, None)
        )
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
        return not_an_image(filename, mime_type)
    return None


def too_large(name: str | Words, size: int, max_bytes: int) -> Words:
    return phrase("upload_too_large", name=name, megabytes=size / 1e6, limit=max_bytes / 1e6)


def not_an_image(name: str | Words, mime_type: str | None) -> Words:
    return phrase("upload_not_image", name=name, kind=kind_of_file(mime_type) or _OTHER_FILE)


def not_usable(what: str | Words) -> Words:
    """For something sent that is no file of any kind the bot could use: its file name, or
    what it is in words (`sent_as`: "a voice message")."""
    return phrase("upload_unusable", what=what)


# What a platform delivers that is not a file (adapters ask by these names), and files by
# their MIME type or its family, in the reader's words.
_SENT_AS = {
    "sticker": "kind_sticker",
    "voice": "kind_voice_message",
    "audio": "kind_audio_file",
    "video": "kind_video",
    "video_note": "kind_video_message",
}
_FILE_KINDS = {
    "audio": "kind_audio_file",
    "video": "kind_video",
    "text": "kind_text_file",
    "application/pdf": "kind_pdf",
}
_OTHER_FILE = phrase("kind_other_file")


def sent_as(kind: str) -> Words | None:
    """A sticker, a voice message, an audio file, a video or a video message ("voice",
    "video_note"...), named for the reader; None for a kind without words here."""
    key = _SENT_AS.get(kind)
    return phrase(key) if key is not None else None


def kind_of_file(mime_type: str | None) -> Words | None:
    """What a file is, from its MIME type, in the reader's words ("a text file"); None
    where there are no plain words for it."""
    mime = (mime_type or "").split(";")[0].strip().lower()
    key = _FILE_KINDS.get(mime) or _FILE_KINDS.get(mime.partition("/")[0])
    return phrase(key) if key is not None else None


def unnamed_file() -> Words:
    """A file that came without a name: "the file"."""
    return phrase("file_without_name")


def download_failed(platform: str) -> Words:
    return phrase("download_failed", platform=platform)


def _is_vector(attachment: Attachment) -> bool:
    head = attachment.data[:512].lstrip().lower()
    return (
        attachment.mime_type == "image/svg+xml"
        or head.startswith(b"<svg")
        or (head.startswith(b"<?xml") and b"<svg" in head)
    )


def _too_many_pixels(name: str | Words, width: int, height: int, max_pixels: int) -> Words:
    return phrase(
        "upload_pixels_over", name=name, width=width, height=height, megapixels=max_pixels / 1e6
    )


def inspect_image(data: bytes) -> CheckedImage:
    """Format and size of an image the workers made (trusted, so no limits)."""
    with Image.open(io.BytesIO(data)) as img:
        return CheckedImage(data, _FORMATS.get(img.format or "", "image/png"), *img.size)

"""Finding a bold sans-serif font for captions without shipping one.

Meme text wants a heavy sans face. DejaVu is on almost every Linux image (and covers
Latin, Greek and Cyrillic); the other paths are the usual bold faces of other systems.
Pillow ≥ 10.1 carries a scalable default font, which keeps the skill working anywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

from core.jobs import SkillError
from core.phrasebook import phrase

Font = ImageFont.FreeTypeFont

CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",  # Fedora, Alpine
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",  # Arch
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


@cache
def bold_font_path() -> str | None:
    return next((p for p in CANDIDATES if Path(p).is_file()), None)


def load_font(size: int) -> Font:
    path = bold_font_path()
    if path is not None:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    font = ImageFont.load_default(size=size)
    if not isinstance(font, ImageFont.FreeTypeFont):
        # Only a Pillow built without FreeType gets here; its bitmap font cannot scale.
        raise SkillError(
            phrase("no_font"),
            "This worker has no usable font: install fonts-dejavu (Debian) or a TrueType font.",
        )
    return font

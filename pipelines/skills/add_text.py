"""add_text: meme-style caption — white letters with a black outline, readable on anything."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from core.catalog import AddTextArgs, SkillArgs
from core.jobs import SkillError
from core.phrasebook import phrase
from pipelines.base import SkillContext, SkillOutput
from pipelines.skills.fonts import Font, bold_font_path, load_font

LOADS = ()

MIN_FONT = 8
# Share of the height a caption block may take: top/bottom captions must leave the
# middle of the picture visible; a centred one may take more.
MAX_BLOCK_SHARE = {"top": 0.3, "bottom": 0.3, "center": 0.6}
WIDTH_SHARE = 0.92


def run(args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    assert isinstance(args, AddTextArgs)
    text = " ".join(args.text.split())
    if not text:
        raise SkillError(phrase("what_text"))
    position = args.position or "bottom"
    image = images["image"].copy()
    font, lines = fit_text(text, image.width, image.height, MAX_BLOCK_SHARE[position])
    draw_caption(image, lines, font, position)
    path = bold_font_path()
    font_name = Path(path).stem if path else "pillow-default"
    return SkillOutput(
        image=image, model=f"font:{font_name}", extra={"lines": len(lines), "font_size": font.size}
    )


def fit_text(text: str, width: int, height: int, max_share: float) -> tuple[Font, list[str]]:
    """The largest font (up to about 1/8 of the short side) whose wrapped text fits."""
    max_width = max(1, int(width * WIDTH_SHARE))
    size = max(MIN_FONT, round(min(width, height) / 8))
    while True:
        font = load_font(size)
        lines = wrap(text, font, max_width)
        if size <= MIN_FONT or _block_height(font, len(lines)) <= height * max_share:
            return font, lines
        size = max(MIN_FONT, int(size * 0.85))


def wrap(text: str, font: Font, max_width: int) -> list[str]:
    """Greedy word wrap by rendered width; a word wider than the line is split."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _split_long_word(word, font, max_width)
        lines.extend(pieces[:-1])
        # The last piece stays open so the next word may join it.
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def _split_long_word(word: str, font: Font, max_width: int) -> list[str]:
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and font.getlength(piece + char) > max_width:
            pieces.append(piece)
            piece = ""
        piece += char
    pieces.append(piece)
    return pieces


def _stroke(font: Font) -> int:
    return max(1, round(font.size / 14))


def _line_height(font: Font) -> int:
    _, top, _, bottom = font.getbbox("ÁgÿQ|", stroke_width=_stroke(font))
    return int(bottom - top)


def _block_height(font: Font, n_lines: int) -> int:
    gap = int(font.size * 0.15)
    return n_lines * _line_height(font) + (n_lines - 1) * gap


def draw_caption(image: Image.Image, lines: list[str], font: Font, position: str) -> None:
    draw = ImageDraw.Draw(image)
    stroke = _stroke(font)
    line_height = _line_height(font)
    gap = int(font.size * 0.15)
    block = _block_height(font, len(lines))
    margin = max(2, round(image.height * 0.03))
    if position == "top":
        y = margin
    elif position == "center":
        y = (image.height - block) // 2
    else:
        y = image.height - margin - block
    # The glyph box starts below the drawing origin by the font's internal leading.
    top_offset = font.getbbox("ÁgÿQ|", stroke_width=stroke)[1]
    white = (255, 255, 255, 255) if image.mode == "RGBA" else (255, 255, 255)
    black = (0, 0, 0, 255) if image.mode == "RGBA" else (0, 0, 0)
    for line in lines:
        x = (image.width - font.getlength(line)) / 2
        draw.text(
            (x, y - top_offset), line, font=font, fill=white, stroke_width=stroke, stroke_fill=black
        )
        y += line_height + gap

"""How fast the content filter is, and how often it refuses pictures that are safe.

    python -m pipelines.bench_safety [FOLDER ...]

Scores synthetic safe pictures (solid colours, noise, gradients, skin-toned blobs and
figure-like shapes — skin tone is open_nsfw's best-known false-positive cause — and
simple scenes), the repository's own test pictures and every picture under the given
folders, then prints the latency at 512² and 1024², the score distribution and how
many of these safe pictures each threshold would refuse. The thresholds in
core/safety.py were chosen from its output.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from core.safety import THRESHOLDS
from pipelines.safety import OpenNsfwCheck

SIDE = 512
CANDIDATES = (0.2, 0.3, 0.4, 0.45, 0.5, 0.8)
SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"}
REPO = Path(__file__).resolve().parent.parent
# From very light to very dark skin; open_nsfw was trained mostly on photos of people.
SKIN = [
    (255, 224, 196),
    (241, 194, 167),
    (224, 172, 138),
    (198, 134, 103),
    (176, 112, 80),
    (141, 85, 58),
    (110, 64, 43),
    (80, 50, 35),
    (233, 180, 150),
    (250, 210, 180),
]
COLOURS = [
    (255, 255, 255),
    (0, 0, 0),
    (128, 128, 128),
    (220, 40, 30),
    (30, 120, 40),
    (40, 70, 200),
    (250, 220, 40),
    (255, 150, 190),
    (120, 40, 140),
    (240, 120, 20),
    (20, 180, 200),
    (90, 60, 30),
]


def encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _pick(rng: np.random.Generator, palette: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    return palette[int(rng.integers(len(palette)))]


def _gradient(a: tuple[int, int, int], b: tuple[int, int, int], radial: bool) -> Image.Image:
    y, x = np.mgrid[0:SIDE, 0:SIDE] / (SIDE - 1)
    t = np.clip(np.hypot(x - 0.5, y - 0.5) * 2, 0, 1) if radial else y
    pixels = np.array(a) * (1 - t[..., None]) + np.array(b) * t[..., None]
    return Image.fromarray(pixels.astype(np.uint8))


def _clouds(rng: np.random.Generator, tint: tuple[int, int, int]) -> Image.Image:
    coarse = rng.normal(0, 40, (8, 8, 3)) + np.array(tint)
    small = Image.fromarray(np.clip(coarse, 0, 255).astype(np.uint8))
    return small.resize((SIDE, SIDE), Image.Resampling.BICUBIC)


def _blobs(rng: np.random.Generator, count: int, figure: bool) -> Image.Image:
    """Soft skin-toned ellipses; with `figure`, arranged as head, torso, arms and legs."""
    image = Image.new("RGB", (SIDE, SIDE), _pick(rng, COLOURS + SKIN))
    draw = ImageDraw.Draw(image)
    skin = _pick(rng, SKIN)
    if figure:
        cx = SIDE // 2 + int(rng.integers(-60, 60))
        scale = float(rng.uniform(0.7, 1.3))

        def part(dx: float, dy: float, w: float, h: float) -> None:
            x, y = cx + dx * scale, SIDE * 0.5 + dy * scale
            draw.ellipse((x - w * scale, y - h * scale, x + w * scale, y + h * scale), fill=skin)

        part(0, -180, 40, 48)  # head
        part(0, -40, 80, 110)  # torso
        part(-100, -40, 22, 90)  # arms
        part(100, -40, 22, 90)
        part(-40, 150, 30, 110)  # legs
        part(40, 150, 30, 110)
    else:
        for _ in range(count):
            x, y = rng.integers(0, SIDE, 2)
            w, h = rng.integers(40, SIDE // 2, 2)
            draw.ellipse((x - w, y - h, x + w, y + h), fill=_pick(rng, SKIN) if count > 1 else skin)
    blurred = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(2, 20))))
    # A little shading, as a lit body would have.
    shade = _gradient((255, 255, 255), (150, 150, 150), radial=True)
    return Image.fromarray((np.asarray(blurred) * (np.asarray(shade) / 255)).astype(np.uint8))


def _scene(rng: np.random.Generator) -> Image.Image:
    image = _gradient((110, 160, 230), (230, 240, 250), radial=False)
    draw = ImageDraw.Draw(image)
    horizon = int(rng.integers(250, 400))
    draw.rectangle((0, horizon, SIDE, SIDE), fill=_pick(rng, [(60, 140, 50), (200, 180, 120)]))
    x, y = rng.integers(40, SIDE - 40, 2)
    draw.ellipse((x - 30, y // 3 - 30, x + 30, y // 3 + 30), fill=(250, 220, 60))
    hx = int(rng.integers(40, 300))
    draw.rectangle((hx, horizon - 120, hx + 150, horizon), fill=_pick(rng, COLOURS))
    draw.polygon([(hx - 10, horizon - 120), (hx + 75, horizon - 200), (hx + 160, horizon - 120)])
    return image


def synthetic(seed: int = 0) -> Iterator[tuple[str, Image.Image]]:
    """(group, picture) pairs, every one safe by construction."""
    rng = np.random.default_rng(seed)
    for colour in COLOURS + SKIN:
        yield "solid", Image.new("RGB", (SIDE, SIDE), colour)
    for _ in range(10):
        yield "noise", Image.fromarray(rng.integers(0, 256, (SIDE, SIDE, 3), dtype=np.uint8))
    for tone in SKIN:
        pixels = rng.normal(tone, 25, (SIDE, SIDE, 3))
        yield "skin noise", Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    for _ in range(60):
        yield "clouds", _clouds(rng, _pick(rng, COLOURS + SKIN * 2))
    for _ in range(60):
        a, b = _pick(rng, COLOURS + SKIN), _pick(rng, COLOURS + SKIN)
        yield "gradient", _gradient(a, b, radial=bool(rng.integers(2)))
    for tone in SKIN:
        dark = (tone[0] // 3, tone[1] // 3, tone[2] // 3)
        yield "skin gradient", _gradient(tone, dark, radial=True)
    for _ in range(150):
        yield "skin blob", _blobs(rng, 1, figure=False)
    for _ in range(150):
        yield "skin blobs", _blobs(rng, int(rng.integers(2, 7)), figure=False)
    for _ in range(300):
        yield "skin figure", _blobs(rng, 0, figure=True)
    for _ in range(40):
        yield "scene", _scene(rng)


def files(folders: list[Path]) -> Iterator[tuple[str, bytes]]:
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in SUFFIXES and path.is_file():
                yield str(path), path.read_bytes()


def latency(check: OpenNsfwCheck, width: int, height: int, fmt: str, runs: int) -> float:
    """Median ms per picture from encoded bytes (decoding included)."""
    rng = np.random.default_rng(width)
    picture = _clouds(rng, SKIN[2]).resize((width, height))
    noisy = np.asarray(picture) + rng.normal(0, 10, (height, width, 3))
    buffer = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buffer, format=fmt)
    data = buffer.getvalue()
    check.score(data)  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        check.score(data)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main(argv: list[str]) -> None:
    check = OpenNsfwCheck()
    started = time.perf_counter()
    check.load()
    print(f"model load: {(time.perf_counter() - started) * 1000:.0f} ms")
    for width, height, fmt, runs in [
        (512, 512, "PNG", 30),
        (1024, 1024, "PNG", 30),
        (1024, 1024, "JPEG", 30),
        (4000, 3000, "JPEG", 5),
    ]:
        ms = latency(check, width, height, fmt, runs)
        print(f"{width}×{height} {fmt}: {ms:.1f} ms a picture (median of {runs})")

    scores: list[tuple[float, str, str]] = []
    for i, (group, picture) in enumerate(synthetic()):
        scores.append((check.score(encode(picture)), group, f"synthetic #{i}"))
    folders = [REPO / "tests", REPO / "data", *map(Path, argv)]
    for name, data in files([f for f in folders if f.is_dir()]):
        try:
            scores.append((check.score(data), "files", name))
        except Exception as exc:  # an unreadable file in a folder is skipped, not fatal
            print(f"skipped {name}: {exc}")

    values = np.array([s for s, _, _ in scores])
    print(f"\n{len(values)} safe pictures; score percentiles:")
    for q in (50, 90, 95, 99, 100):
        print(f"  p{q}: {np.percentile(values, q):.4f}")
    print("\nby group: count, median, max, refused at", ", ".join(map(str, CANDIDATES)))
    for group in dict.fromkeys(g for _, g, _ in scores):
        mine = np.array([s for s, g, _ in scores if g == group])
        refused = " ".join(f"{int((mine >= t).sum()):4d}" for t in CANDIDATES)
        print(f"  {group:14s} {len(mine):5d} {np.median(mine):.4f} {mine.max():.4f}  {refused}")
    print("\nsafe pictures refused per threshold:")
    for t in sorted({*CANDIDATES, *(v for v in THRESHOLDS.values() if v is not None)}):
        levels = [name for name, v in THRESHOLDS.items() if v == t]
        n = int((values >= t).sum())
        print(f"  >= {t:.2f}: {n:4d} ({n / len(values):.1%}) {' '.join(levels)}")
    print("\nhighest-scored safe pictures:")
    for score, group, name in sorted(scores, reverse=True)[:8]:
        print(f"  {score:.4f} {group}: {name}")


if __name__ == "__main__":
    main(sys.argv[1:])

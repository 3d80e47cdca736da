"""Building the pictures and job requests the pipeline tests send through the runner."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from core import jobs
from core.jobs import JobRequest, JobResult
from pipelines.runner import SkillRunner


def encode(image: Image.Image, fmt: str = "PNG", **save_args: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_args)
    return buffer.getvalue()


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def photo(width: int = 240, height: int = 160) -> Image.Image:
    """A subject (red disc) on a soft gradient, with a small green block as clutter."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=(180 + 60 * y // height, 200, 230 - 80 * y // height))
    cx, cy, r = width // 2, height // 2, min(width, height) // 4
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r), fill=(220, 40, 30), outline=(90, 10, 10), width=3
    )
    draw.rectangle(
        (width // 12, height * 11 // 16, width // 4, height * 15 // 16), fill=(30, 120, 40)
    )
    return image


def quadrants(width: int = 40, height: int = 20) -> Image.Image:
    """Four solid colours, so every rotation and flip is recognisable pixel by pixel."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    w, h = width // 2, height // 2
    draw.rectangle((0, 0, w - 1, h - 1), fill=(255, 0, 0))  # top-left red
    draw.rectangle((w, 0, width - 1, h - 1), fill=(0, 255, 0))  # top-right green
    draw.rectangle((0, h, w - 1, height - 1), fill=(0, 0, 255))  # bottom-left blue
    draw.rectangle((w, h, width - 1, height - 1), fill=(255, 255, 0))  # bottom-right yellow
    return image


def run_job(
    runner: SkillRunner,
    skill: str,
    args: dict[str, Any],
    image: Image.Image | bytes | None = None,
    seed: int = 0,
) -> JobResult:
    images: dict[str, bytes] = {}
    if image is not None:
        images["image"] = image if isinstance(image, bytes) else encode(image)
    request = JobRequest(job_id=1, skill=skill, args=args, images=images, seed=seed)
    return jobs.run_job(runner, request, _ignore)  # as both queues run it


def _ignore(progress: object) -> None:
    pass


def pixels(result: JobResult) -> np.ndarray:
    assert result.ok, result.error
    assert result.image is not None
    return np.asarray(decode(result.image))

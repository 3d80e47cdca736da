"""Every diffusion skill through the worker's real entry point (SkillRunner, run as the
queues run it, by core.jobs.run_job): bytes in, PNG with metadata out, reproducible by
seed, and bad input answered, never raised."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from PIL import Image, ImageDraw

from core.catalog import CATALOG
from core.jobs import JobRequest, JobResult, run_job
from core.settings import ModelSettings
from pipelines.bench import bench_skills
from pipelines.metadata import read_metadata
from pipelines.runner import SkillRunner


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


PHOTO = Image.new("RGB", (64, 64), (40, 160, 200))
GREY = PHOTO.convert("L").convert("RGB")

# The bench's inputs, with the optional arguments a user adds now and then.
ARGS: dict[str, dict[str, Any]] = {
    **bench_skills(),
    "text_to_image": {"prompt": "a cat on a beach", "negative_prompt": "people"},
    "outpaint": {"image": "#1", "direction": "left"},
}


@pytest.fixture(scope="module")
def runner(tiny_models: ModelSettings) -> SkillRunner:
    return SkillRunner(tiny_models)


def _images(skill: str) -> dict[str, bytes]:
    source = GREY if skill == "colorize" else PHOTO
    if skill == "pose_to_image":
        source = Image.new("RGB", (64, 64), (0, 0, 0))  # a skeleton picture, used as given
        ImageDraw.Draw(source).line((32, 8, 32, 56), fill=(255, 0, 85), width=4)
        ImageDraw.Draw(source).line((12, 24, 52, 24), fill=(0, 255, 170), width=4)
    images = {name: _png(source) for name in CATALOG[skill].ref_args}
    if "style_image" in images:
        images["style_image"] = _png(Image.new("RGB", (64, 64), (230, 120, 20)))
    return images


def _run(
    runner: SkillRunner,
    skill: str,
    args: dict[str, Any],
    seed: int = 7,
    images: dict[str, bytes] | None = None,
) -> JobResult:
    request = JobRequest(1, skill, args, _images(skill) if images is None else images, seed)
    return run_job(runner, request, lambda p: None)


@pytest.mark.parametrize("skill", sorted(ARGS))
def test_skill_runs_with_metadata_and_seed(runner: SkillRunner, skill: str) -> None:
    first = _run(runner, skill, ARGS[skill])
    assert first.ok, first.error
    assert first.image is not None and first.mime_type == "image/png"
    meta = read_metadata(first.image)
    assert meta["skill"] == skill and json.loads(meta["args"]) == ARGS[skill]
    assert meta["seed"] == "7" and meta["model"]
    assert _run(runner, skill, ARGS[skill]).image == first.image  # same seed, same bytes


@pytest.mark.parametrize("skill", sorted(ARGS))
def test_bad_input_is_a_clear_error(runner: SkillRunner, skill: str) -> None:
    spec = CATALOG[skill]
    if spec.ref_args:
        missing = _run(runner, skill, ARGS[skill], images={})
        assert not missing.ok and missing.error
        huge = Image.new("1", (9000, 9000))
        oversized = _run(runner, skill, ARGS[skill], images={n: _png(huge) for n in spec.ref_args})
        assert not oversized.ok and "pixel" in (oversized.error or "").lower()
    text_args = [a.name for a in spec.args if a.kind == "text" and a.required]
    if text_args:
        empty = _run(runner, skill, {**ARGS[skill], text_args[0]: ""})
        assert not empty.ok and empty.error
    enums = [a for a in spec.args if a.kind == "enum"]
    if enums:
        wrong = _run(runner, skill, {**ARGS[skill], enums[0].name: "sideways"})
        # The user is asked in plain words; the allowed values are the operator's reading.
        assert not wrong.ok and wrong.error and enums[0].values[0] in (wrong.detail or "")

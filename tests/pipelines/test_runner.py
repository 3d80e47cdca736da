"""The worker's contract: any request gives a JobResult, errors are words a user can act on."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core import jobs
from core.catalog import CATALOG
from core.jobs import (
    NOT_SET_UP,
    SKILL_FAILED,
    JobRequest,
    JobResult,
    Progress,
    SkillError,
)
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import ModelSettings
from pipelines import device, registry
from pipelines import runner as runner_module
from pipelines.base import SkillOutput
from pipelines.metadata import read_metadata
from pipelines.runner import SkillRunner
from tests.pipelines.skill_jobs import decode, encode, photo, pixels, run_job

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner() -> SkillRunner:
    return SkillRunner(ModelSettings(device="cpu"))


def _png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes that announce a gigantic picture: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def test_result_carries_metadata_that_reads_back(runner: SkillRunner) -> None:
    result = run_job(runner, "adjust", {"image": "#3", "operation": "darker"}, photo(), seed=42)

    assert result.ok and result.mime_type == "image/png"
    assert result.meta["skill"] == "adjust" and result.meta["seed"] == 42
    meta = read_metadata(result.image or b"")
    assert meta["skill"] == "adjust"
    assert meta["seed"] == "42"
    assert meta["model"] == result.model == "pillow"
    assert '"operation": "darker"' in meta["args"]


def test_same_seed_gives_same_bytes(runner: SkillRunner) -> None:
    first = run_job(runner, "line_art", {"image": "#1"}, photo(), seed=7)
    second = run_job(SkillRunner(ModelSettings()), "line_art", {"image": "#1"}, photo(), seed=7)

    assert first.image == second.image


def test_missing_image_is_a_clear_error(runner: SkillRunner) -> None:
    result = run_job(runner, "line_art", {"image": "#2"})

    assert not result.ok
    assert "#2" in (result.error or "")


def test_missing_required_argument(runner: SkillRunner) -> None:
    result = run_job(runner, "adjust", {"image": "#1"}, photo())

    assert "operation" in (result.detail or "")  # the operator's reading
    said = result.said_in("en")
    assert "operation" not in said and "an adjustment" in said


def test_wrong_enum_value_lists_the_choices(runner: SkillRunner) -> None:
    result = run_job(runner, "adjust", {"image": "#1", "operation": "sideways"}, photo())

    assert result.detail is not None  # the operator's reading
    assert "'sideways'" in result.detail and "rotate_left" in result.detail
    said = result.said_in("de")
    assert "sideways" not in said and "rotate_left" not in said and "operation" not in said


def test_unknown_skill(runner: SkillRunner) -> None:
    result = run_job(runner, "teleport", {})

    assert "teleport" in (result.error or "")


@pytest.mark.parametrize(
    "data",
    [b"this is not a picture", encode(photo())[:300], b""],
    ids=["garbage", "truncated", "empty"],
)
def test_corrupt_upload_is_a_clear_error(runner: SkillRunner, data: bytes) -> None:
    result = run_job(runner, "line_art", {"image": "#1"}, data)

    assert result.error is not None
    assert "Sorry" not in result.error  # a known failure, not a crash
    assert any(word in result.error for word in ("picture", "empty", "damaged"))


def test_decompression_bomb_is_refused_before_decoding(runner: SkillRunner) -> None:
    result = run_job(
        runner, "adjust", {"image": "#1", "operation": "grayscale"}, _png_claiming(100_000, 100_000)
    )

    assert "too large" in (result.error or "")


def test_pixel_limit_is_configurable() -> None:
    small = SkillRunner(ModelSettings(), max_image_pixels=10_000)

    result = run_job(small, "adjust", {"image": "#1", "operation": "grayscale"}, photo(200, 100))

    assert "too large (200×100)" in (result.error or "")


@pytest.mark.parametrize("text", ["", "   \n "])
def test_empty_text_is_refused(runner: SkillRunner, text: str) -> None:
    result = run_job(runner, "add_text", {"image": "#1", "text": text}, photo())

    assert not result.ok and result.error
    assert "text" in result.error


def test_a_crashing_skill_becomes_a_polite_error(
    runner: SkillRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> SkillOutput:
        raise RuntimeError("CUDA out of memory\nlong traceback text")

    monkeypatch.setattr(runner_module, "load_skill", lambda skill: broken)

    result = run_job(runner, "line_art", {"image": "#1"}, photo())

    assert result.error == str(SKILL_FAILED)
    assert result.detail is not None and result.detail.startswith(
        "RuntimeError: CUDA out of memory"
    )


async def test_a_crashing_skill_through_the_local_queue_gives_the_same_result(
    runner: SkillRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> SkillOutput:
        raise RuntimeError("CUDA out of memory")

    monkeypatch.setattr(runner_module, "load_skill", lambda skill: broken)
    queue = LocalJobQueue(runner, gpu_skill_ids())
    request = JobRequest(1, "line_art", {"image": "#1"}, {"image": encode(photo())})
    seen: list[Progress] = []

    result = await queue.run(request, seen.append)
    await queue.close()

    assert result == JobResult.failed(SKILL_FAILED, "RuntimeError: CUDA out of memory")
    assert seen == [Progress("running")]  # said once, by the queue


def test_a_failing_progress_callback_does_not_fail_the_job(runner: SkillRunner) -> None:
    def flaky(progress: Progress) -> None:
        raise ConnectionError("chat API down")

    request = JobRequest(1, "remove_background", {"image": "#1"}, {"image": encode(photo())})
    result = jobs.run_job(runner, request, flaky)

    assert result.ok


def test_progress_is_reported(runner: SkillRunner) -> None:
    seen: list[Progress] = []
    request = JobRequest(1, "upscale", {"image": "#1"}, {"image": encode(photo(40, 30))})

    result = runner(request, seen.append)

    assert result.ok
    assert seen[0].state == "running"
    assert seen[-1].step == seen[-1].total > 0


def test_request_and_result_survive_json(runner: SkillRunner) -> None:
    request = JobRequest(
        5, "adjust", {"image": "#1", "operation": "flip_vertical"}, {"image": encode(photo())}
    )

    result = runner(JobRequest.from_json(request.to_json()), lambda p: None)

    again = JobResult.from_json(result.to_json())
    assert again.image == result.image
    assert decode(again.image or b"").size == (240, 160)


def test_rgba_and_palette_uploads_work(runner: SkillRunner) -> None:
    rgba = photo().convert("RGBA")
    rgba.putpixel((0, 0), (0, 0, 0, 0))
    palette = photo().convert("P")

    kept = pixels(run_job(runner, "adjust", {"image": "#1", "operation": "brighter"}, rgba))
    flat = pixels(run_job(runner, "adjust", {"image": "#1", "operation": "brighter"}, palette))

    assert kept.shape[2] == 4 and kept[0, 0, 3] == 0  # transparency survives colour ops
    assert flat.shape[2] == 3


def test_exif_orientation_is_applied(runner: SkillRunner) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display", as phones write it
    jpeg = encode(photo(120, 80), "JPEG", exif=exif.tobytes())

    result = run_job(runner, "adjust", {"image": "#1", "operation": "grayscale"}, jpeg)

    assert decode(result.image or b"").size == (80, 120)


def test_sixteen_bit_upload_keeps_its_contrast(runner: SkillRunner) -> None:
    ramp = np.tile(np.linspace(0, 65535, 64, dtype=np.uint16), (16, 1))
    data = encode(Image.fromarray(ramp))

    out = pixels(run_job(runner, "adjust", {"image": "#1", "operation": "grayscale"}, data))

    assert out[..., 0].min() < 10 and out[..., 0].max() > 245


def test_registry_covers_every_catalog_skill_but_chat() -> None:
    assert set(registry.implementations()) == set(CATALOG) - {"chat"}
    assert registry.implementations()["text_to_image"] == "pipelines.diffusion.text_to_image:run"


def test_a_missing_skill_module_fails_alone(
    runner: SkillRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = replace(CATALOG["line_art"], implementation="pipelines.nowhere.line_art:run")
    monkeypatch.setitem(CATALOG, "line_art", moved)
    monkeypatch.setattr(registry, "_loaded", {})

    broken = run_job(runner, "line_art", {"image": "#1"}, photo())
    fine = run_job(runner, "adjust", {"image": "#1", "operation": "darker"}, photo())

    assert broken.error == str(NOT_SET_UP)
    assert broken.detail == "The line_art skill's module is missing."
    assert fine.ok


def test_sending_jobs_does_not_import_torch() -> None:
    code = (
        "import sys, pipelines.runner, pipelines.registry;"
        "from core.settings import ModelSettings;"
        "pipelines.runner.SkillRunner(ModelSettings());"
        "assert 'torch' not in sys.modules and 'diffusers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_device_setting_is_resolved_without_surprises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device, "cuda_available", lambda: False)

    assert device.resolve_device("cpu") == "cpu"
    assert device.resolve_device("auto") == "cpu"
    with pytest.raises(SkillError, match="DIALOGDRAW_MODELS__DEVICE=cuda"):
        device.resolve_device("cuda")

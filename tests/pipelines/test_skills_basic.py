"""The CPU skills through the real runner, checked the way a user would look at the result."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from core.jobs import ModelMissingError
from core.settings import ModelSettings
from pipelines.metadata import read_metadata
from pipelines.runner import SkillRunner
from pipelines.skills import fonts
from pipelines.skills import upscale as upscale_module
from tests.pipelines.skill_jobs import decode, photo, pixels, quadrants, run_job

RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)


@pytest.fixture(scope="module")
def runner() -> SkillRunner:
    # One runner for the module: the segmentation and upscaling models load once.
    return SkillRunner(ModelSettings(device="cpu"))


def adjust(runner: SkillRunner, operation: str, image: Image.Image) -> np.ndarray:
    return pixels(run_job(runner, "adjust", {"image": "#1", "operation": operation}, image))


def corners(a: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """Colours at top-left, top-right, bottom-left, bottom-right."""
    return tuple(
        tuple(int(v) for v in a[y, x, :3]) for y, x in ((0, 0), (0, -1), (-1, 0), (-1, -1))
    )


# --- adjust -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "size", "expected"),
    [
        ("rotate_left", (20, 40), (GREEN, YELLOW, RED, BLUE)),
        ("rotate_right", (20, 40), (BLUE, RED, YELLOW, GREEN)),
        ("flip_horizontal", (40, 20), (GREEN, RED, YELLOW, BLUE)),
        ("flip_vertical", (40, 20), (BLUE, YELLOW, RED, GREEN)),
    ],
)
def test_geometry(
    runner: SkillRunner, operation: str, size: tuple[int, int], expected: tuple
) -> None:
    out = adjust(runner, operation, quadrants(40, 20))

    assert (out.shape[1], out.shape[0]) == size
    assert corners(out) == expected


def test_crop_square_keeps_the_centre(runner: SkillRunner) -> None:
    out = adjust(runner, "crop_square", photo(240, 160))

    assert out.shape[:2] == (160, 160)
    assert tuple(out[80, 80]) == tuple(np.asarray(photo(240, 160))[80, 120])


def test_grayscale_has_no_colour(runner: SkillRunner) -> None:
    out = adjust(runner, "grayscale", photo()).astype(int)

    assert out.shape[2] == 3
    assert np.abs(out[..., 0] - out[..., 1]).max() == 0
    assert np.abs(out[..., 1] - out[..., 2]).max() == 0
    assert out.std() > 10  # still a picture, not a flat grey


def test_tone_operations_move_the_right_way(runner: SkillRunner) -> None:
    original = np.asarray(photo()).astype(float)
    saturation = lambda a: (a.max(axis=2) - a.min(axis=2)).mean()  # noqa: E731

    assert adjust(runner, "brighter", photo()).mean() > original.mean() + 5
    assert adjust(runner, "darker", photo()).mean() < original.mean() - 5
    assert adjust(runner, "more_contrast", photo()).std() > original.std() + 3
    assert adjust(runner, "less_contrast", photo()).std() < original.std() - 3
    assert saturation(adjust(runner, "more_saturated", photo()).astype(float)) > saturation(
        original
    )


# --- add_text ---------------------------------------------------------------------------


def _changed_rows(result_pixels: np.ndarray, original: Image.Image) -> np.ndarray:
    diff = np.abs(result_pixels.astype(int) - np.asarray(original).astype(int)).sum(axis=2)
    return np.nonzero(diff.max(axis=1) > 60)[0]


@pytest.mark.parametrize(
    ("position", "band"), [("top", (0.0, 0.35)), ("bottom", (0.65, 1.0)), (None, (0.65, 1.0))]
)
def test_add_text_writes_where_asked(
    runner: SkillRunner, position: str | None, band: tuple[float, float]
) -> None:
    args = {"image": "#1", "text": "Hello there"}
    if position:
        args["position"] = position
    image = photo(320, 240)

    rows = _changed_rows(pixels(run_job(runner, "add_text", args, image)), image)

    assert len(rows) > 10
    assert band[0] * 240 <= rows.min() and rows.max() <= band[1] * 240


def test_add_text_is_white_with_a_dark_outline(runner: SkillRunner) -> None:
    image = Image.new("RGB", (300, 200), (128, 128, 128))

    out = pixels(
        run_job(runner, "add_text", {"image": "#1", "text": "MEME", "position": "center"}, image)
    )

    assert (out.min(axis=2) > 240).sum() > 100  # white letters
    assert (out.max(axis=2) < 20).sum() > 50  # black stroke: readable on light pictures too


def test_long_text_wraps_inside_the_picture(runner: SkillRunner) -> None:
    text = (
        "when you finally fix the bug at three in the morning and the tests pass on the first try"
    )
    image = Image.new("RGB", (320, 240), (90, 90, 90))

    result = run_job(runner, "add_text", {"image": "#1", "text": text}, image)

    out = pixels(result)
    assert result.meta["lines"] >= 2
    changed = np.nonzero((np.abs(out.astype(int) - 90).sum(axis=2) > 60).any(axis=0))[0]
    assert changed.min() > 0 and changed.max() < 319  # no letter cut off at the sides


def test_add_text_keeps_transparency(runner: SkillRunner) -> None:
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))

    out = pixels(run_job(runner, "add_text", {"image": "#1", "text": "hi"}, image))

    assert out.shape[2] == 4
    assert out[0, 0, 3] == 0 and out[..., 3].max() == 255


def test_add_text_works_without_system_fonts(
    runner: SkillRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "bold_font_path", lambda: None)
    image = Image.new("RGB", (300, 200), (128, 128, 128))

    out = pixels(run_job(runner, "add_text", {"image": "#1", "text": "still readable"}, image))

    assert (out.min(axis=2) > 240).sum() > 100


# --- line_art ---------------------------------------------------------------------------


def test_line_art_is_dark_lines_on_white(runner: SkillRunner) -> None:
    out = pixels(run_job(runner, "line_art", {"image": "#1"}, photo(240, 160)))
    gray = out.min(axis=2)

    assert out.shape[:2] == (160, 160 * 3 // 2)
    assert (gray > 230).mean() > 0.85  # mostly white paper
    assert (gray < 80).mean() > 0.01  # with real lines
    assert gray[80, 120] > 230  # inside the disc: nothing to colour over
    assert gray[80, 120 - 44 : 120 - 36].min() < 80  # its outline (radius 40) is drawn


# --- remove_background and make_sticker --------------------------------------------------


def test_remove_background_makes_the_background_transparent(runner: SkillRunner) -> None:
    result = run_job(runner, "remove_background", {"image": "#1"}, photo(240, 160))
    out = pixels(result)

    assert result.mime_type == "image/png" and result.model == "u2netp"
    assert out.shape == (160, 240, 4)
    alpha = out[..., 3]
    assert alpha[:10, :10].max() < 30 and alpha[:10, -10:].max() < 30  # corners cleared
    assert alpha[70:90, 110:130].min() > 200  # the subject stays
    assert tuple(out[80, 120, :3]) == (220, 40, 30)  # with its own colours


def test_sticker_is_a_512_webp_with_alpha_and_a_white_border(runner: SkillRunner) -> None:
    result = run_job(runner, "make_sticker", {"image": "#1"}, photo(240, 160))

    assert result.mime_type == "image/webp"
    assert read_metadata(result.image or b"")["skill"] == "make_sticker"
    image = decode(result.image or b"")
    assert image.format == "WEBP" and image.mode == "RGBA"
    assert max(image.size) == 512 and min(image.size) <= 512
    rgba = np.asarray(image)
    alpha = rgba[..., 3]
    assert (alpha < 10).mean() > 0.05  # transparent around the subject
    assert (alpha > 245).mean() > 0.3  # the subject fills the sticker
    border = (alpha > 200) & (rgba[..., :3].min(axis=2) > 230)
    assert border.sum() > 1000  # a die-cut white outline
    centre = rgba[image.height // 2, image.width // 2]
    assert centre[0] > 150 and centre[1] < 100  # the red subject in the middle


# --- upscale ----------------------------------------------------------------------------


@pytest.mark.parametrize("factor", ["2", "4"])
def test_upscale_multiplies_the_size_exactly(runner: SkillRunner, factor: str) -> None:
    image = photo(60, 40)

    result = run_job(runner, "upscale", {"image": "#1", "factor": factor}, image)
    out = pixels(result)

    f = int(factor)
    assert out.shape == (40 * f, 60 * f, 3)
    assert result.model == "realesrgan-x4plus"
    # The same picture, bigger: colours where they were.
    small = np.asarray(Image.fromarray(out).resize((60, 40), Image.Resampling.BOX)).astype(int)
    assert np.abs(small - np.asarray(image).astype(int)).mean() < 12


def test_upscale_defaults_to_double_and_keeps_alpha(runner: SkillRunner) -> None:
    image = photo(30, 20).convert("RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))

    out = pixels(run_job(runner, "upscale", {"image": "#1"}, image))

    assert out.shape == (40, 60, 4)
    assert out[0, 0, 3] < 128 and out[20, 30, 3] == 255


def test_large_pictures_use_the_fast_model_in_tiles() -> None:
    models = ModelSettings(device="cpu")
    image = photo(400, 300)  # too slow for x4plus on a CPU

    result = run_job(SkillRunner(models), "upscale", {"image": "#1", "factor": "2"}, image)

    assert result.model == "realesr-animevideov3-x2"
    out = pixels(result)
    assert out.shape == (600, 800, 3)
    # Tiles must not leave seams: the flat top-left area stays smooth across tile edges.
    row = out[20, :300].astype(int)
    assert np.abs(np.diff(row, axis=0)).max() < 25


def test_upscale_refuses_a_huge_result(runner: SkillRunner) -> None:
    image = Image.new("RGB", (5000, 4000), (10, 10, 10))

    result = run_job(runner, "upscale", {"image": "#1", "factor": "4"}, image)

    assert "Try ×2" in (result.error or "")


def test_upscale_falls_back_to_a_filter_when_the_model_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing() -> None:
        raise ModelMissingError("Real-ESRGAN (ncnn)", "Install it.")

    monkeypatch.setattr(upscale_module, "models_folder", missing)

    result = run_job(
        SkillRunner(ModelSettings()), "upscale", {"image": "#1", "factor": "4"}, photo(30, 20)
    )

    assert pixels(result).shape == (80, 120, 3)
    assert result.model == "lanczos"
    assert "simple filter" in (result.text or "")


def test_unknown_upscaler_setting_is_reported() -> None:
    runner = SkillRunner(ModelSettings(upscaler="stabilityai/sd-x4-upscaler"))

    result = run_job(runner, "upscale", {"image": "#1"}, photo(30, 20))

    assert "Unknown upscaler" in (result.detail or "")

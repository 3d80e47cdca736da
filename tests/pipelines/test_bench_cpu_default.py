"""The CPU-default benchmark, run on toy versions of every candidate."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pipelines import bench_cpu_default as bench


def test_every_candidate_gets_a_row_with_figures() -> None:
    candidates = list(bench.CANDIDATES.values())
    rows = bench.run_all(candidates, repeats=1, tiny=True, isolate=False)
    assert [r.name for r in rows] == [c.name for c in candidates]
    for row in rows:
        assert row.error is None, row
        assert row.seconds > 0 and row.peak_rss_gb > 0 and row.params_m > 0
        assert (row.size, row.steps) == (bench.TINY_SIZE, 1)
    passes = {r.name: r.unet_passes for r in rows}
    # Classifier-free guidance denoises the image twice a step; Turbo runs without it.
    assert passes["bk-sdm-small"] == 2 and passes["sdxl-turbo"] == 1


def test_real_configs_are_what_the_bot_would_run() -> None:
    plans = {name: bench.settings(c) for name, c in bench.CANDIDATES.items()}
    assert (plans["sdxl-turbo"].steps, plans["sdxl-turbo"].size) == (4, 512)
    assert plans["sdxl-turbo"].guidance_scale == 0.0
    assert plans["bk-sdm-small"].guidance_scale > 1
    for candidate in bench.CANDIDATES.values():
        # The written-out unets agree with their text encoders' sizes.
        assert bench.coupled(candidate.unet, candidate.text_encoders) == candidate.unet


def test_a_failing_candidate_is_reported_and_the_others_still_run() -> None:
    good = bench.shrink(bench.CANDIDATES["sd-turbo"])
    broken = replace(
        good, name="broken", unet={**good.unet, "down_block_types": ("NoSuchBlock2D",) * 4}
    )
    rows = bench.run_all([broken, good], repeats=1, isolate=False)
    assert rows[0].error is not None and "NoSuchBlock2D" in rows[0].error
    assert rows[1].error is None and rows[1].seconds > 0
    assert "failed" in bench.table(rows)


def test_a_killed_worker_says_why() -> None:
    assert "out of memory" in bench.exit_reason(-9, "")
    assert bench.exit_reason(1, "Traceback\nValueError: bad\n").endswith("ValueError: bad")


def test_json_is_the_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    bench.main(["--candidates", "sd-turbo", "--tiny", "--in-process", "--repeats", "1", "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    rows = json.loads(out[-1])
    assert [r["name"] for r in rows] == ["sd-turbo"] and rows[0]["seconds"] > 0
    assert out[0].split()[:2] == ["model", "size"]

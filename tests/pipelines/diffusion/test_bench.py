"""The pipeline benchmark: the real SDXL architecture's size, and the per-skill table."""

from __future__ import annotations

import torch
import typer
from typer.testing import CliRunner

from core.settings import ModelSettings
from dialogdraw.cmd_bench_pipelines import register
from pipelines import bench
from pipelines.diffusion import random_sdxl


def _params(module: torch.nn.Module) -> float:
    return sum(p.numel() for p in module.parameters()) / 1e6


def test_random_sdxl_has_the_real_architecture_size() -> None:
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    ids = {"vocab_size": random_sdxl.CLIP_VOCAB}
    # The meta device builds shapes without memory: the 2.6 B UNet in a fraction of a second.
    with torch.device("meta"):
        unet = UNet2DConditionModel(**random_sdxl.UNET)
        vae = AutoencoderKL(**random_sdxl.VAE)
        te1 = CLIPTextModel(CLIPTextConfig(**random_sdxl.TEXT_ENCODER, **ids))
        te2 = CLIPTextModelWithProjection(CLIPTextConfig(**random_sdxl.TEXT_ENCODER_2, **ids))
    # Published parameter counts of SDXL base 1.0, in millions.
    assert round(_params(unet)) == 2567
    assert round(_params(vae), 1) == 83.7
    assert round(_params(te1)) == 123
    assert round(_params(te2)) == 695


def test_skill_latencies_on_tiny_models(tiny_models: ModelSettings) -> None:
    rows = list(bench.skill_latencies(tiny_models, "cpu", ["text_to_image", "qr_art"]))
    assert [r.skill for r in rows] == ["text_to_image", "qr_art"]
    assert all(r.cold_s is not None and r.warm_s is not None and not r.error for r in rows)


def test_bench_command_reports_missing_models_instead_of_crashing() -> None:
    app = typer.Typer()
    bench_app = typer.Typer()
    app.add_typer(bench_app, name="bench")
    register(bench_app)
    # Wide enough that rich does not wrap the note mid-phrase.
    result = CliRunner().invoke(
        app,
        ["bench", "pipelines", "--device", "cpu", "--skill", "text_to_image"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "text_to_image" in result.output and "not available" in result.output

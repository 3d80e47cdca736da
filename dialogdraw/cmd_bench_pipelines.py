"""`dialogdraw bench pipelines`: per-skill latency, or real-size SDXL speed on a GPU."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table


def pipelines(
    random_weights: bool = typer.Option(
        False,
        "--random-weights",
        help="Time text-to-image with the real SDXL architecture and random weights (CUDA).",
    ),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    steps: int | None = typer.Option(None, "--steps", help="Denoising steps (default per model)."),
    size: int | None = typer.Option(None, "--size", help="Longest side in pixels."),
    tiny: bool = typer.Option(False, "--tiny", help="Tiny random models: a quick CPU demo."),
    skill: list[str] | None = typer.Option(None, "--skill", help="Only these skills."),
    images: int = typer.Option(2, "--images", help="Timed images per setting (random weights)."),
    no_compile: bool = typer.Option(False, "--no-compile", help="Skip the torch.compile row."),
) -> None:
    """Print per-skill latency on this device, or SDXL images/s with --random-weights."""
    # Model hubs are unreachable from the workers: never let a benchmark wait on one.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from core.settings import Settings
    from pipelines import bench

    console = Console()
    if random_weights:
        if device not in ("auto", "cuda"):
            raise typer.BadParameter("--random-weights runs on CUDA only", param_hint="--device")
        rows = bench.sdxl_speed(
            steps=steps or 30,
            size=size or 1024,
            images=images,
            compile_unet=not no_compile,
            report=console.print,
        )
        table = Table("setting", "s/image", "images/s", "peak GPU GiB", "speed-up", "set-up s")
        for row in rows:
            table.add_row(
                row.name,
                f"{row.seconds_per_image:.2f}",
                f"{row.images_per_s:.3f}",
                f"{row.peak_gib:.1f}",
                f"{rows[0].seconds_per_image / row.seconds_per_image:.2f}×",
                f"{row.setup_s:.0f}" if row.setup_s else "",
            )
        console.print(table)
        return

    import torch

    resolved = "cuda" if device == "auto" and torch.cuda.is_available() else device
    resolved = "cpu" if resolved == "auto" else resolved
    with tempfile.TemporaryDirectory() as folder:
        models = bench.tiny_models(Path(folder)) if tiny else Settings().models
        update = {"steps": steps, "size": size}
        models = models.model_copy(update={k: v for k, v in update.items() if v is not None})
        table = Table("skill", "cold s (incl. load)", "warm s", "note")
        for latency in bench.skill_latencies(models, resolved, skill or None):
            cold = f"{latency.cold_s:.2f}" if latency.cold_s is not None else "—"
            warm = f"{latency.warm_s:.2f}" if latency.warm_s is not None else "—"
            table.add_row(latency.skill, cold, warm, latency.error)
        console.print(f"device: {resolved}")
        console.print(table)


def register(bench_app: typer.Typer) -> None:
    bench_app.command("pipelines")(pipelines)

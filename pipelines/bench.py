"""Pipeline benchmarks: per-skill latency, and SDXL speed at real size with random weights.

`skill_latencies` runs every diffusion skill once cold (load + first call) and once
warm with the configured models (or tiny random ones for a CPU demo).
`sdxl_speed` builds the real SDXL base architecture with random weights on a GPU
and times text-to-image with plain diffusers defaults against the project's
settings: the only honest speed figure where no real weights can be downloaded.
"""

from __future__ import annotations

import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from core.catalog import CATALOG
from core.jobs import SkillError
from core.settings import ModelSettings
from pipelines.base import SkillContext
from pipelines.model_cache import ModelCache
from pipelines.registry import load_skill


def bench_skills() -> dict[str, dict[str, Any]]:
    """The skills the benchmark runs, with arguments as a user gives them (the catalog's)."""
    return {s.id: dict(s.bench.args) for s in CATALOG.values() if s.bench is not None}


def sample_images(size: int) -> dict[str, Image.Image]:
    """A photo-like picture (in colour, and black-and-white), a sketch, a pose skeleton
    and a style image, by the names a catalog entry's `bench.images` uses."""
    x = np.linspace(0, 255, size, dtype=np.uint8)
    ground = np.stack(
        [
            np.zeros((size, size), np.uint8),
            np.tile(x, (size, 1)),
            np.full((size, size), 180, np.uint8),
        ],
        -1,
    )
    photo = Image.fromarray(ground, "RGB")
    ImageDraw.Draw(photo).ellipse(
        (size // 3, size // 4, 2 * size // 3, 3 * size // 4), fill=(220, 30, 30)
    )
    sketch = Image.new("RGB", (size, size), "white")
    ImageDraw.Draw(sketch).ellipse(
        (size // 6, size // 6, 5 * size // 6, 5 * size // 6),
        outline="black",
        width=max(1, size // 64),
    )
    pose = Image.new("RGB", (size, size), "black")
    draw = ImageDraw.Draw(pose)
    s = size / 64
    for line, colour in (
        ((32, 10, 32, 40), (255, 0, 85)),
        ((32, 40, 20, 60), (0, 255, 0)),
        ((32, 20, 50, 30), (0, 85, 255)),
    ):
        draw.line(tuple(v * s for v in line), fill=colour, width=max(2, size // 32))
    style = Image.new("RGB", (size, size), (250, 200, 0))
    bw = photo.convert("L")
    return {"photo": photo, "bw": bw, "sketch": sketch, "pose": pose, "style": style}


def _inputs(skill: str, samples: dict[str, Image.Image]) -> dict[str, Image.Image]:
    """The sample picture of each image argument the skill's benchmark gives."""
    spec = CATALOG[skill]
    bench = spec.bench
    assert bench is not None
    return {
        name: samples[bench.images.get(name, "photo")]
        for name in spec.ref_args
        if name in bench.args
    }


@dataclass(frozen=True)
class Latency:
    skill: str
    cold_s: float | None
    warm_s: float | None
    error: str = ""


def skill_latencies(
    models: ModelSettings, device: str, skills: list[str] | None = None
) -> Iterator[Latency]:
    """Run each skill twice (cold: includes loading; warm: cached models)."""
    cache = ModelCache(budget_bytes=64 * 1024**3)
    samples = sample_images(models.size or 512)
    benched = bench_skills()
    for skill in skills or list(benched):
        args = CATALOG[skill].args_model.model_validate(benched[skill])
        images = _inputs(skill, samples)
        times: list[float] = []
        try:
            run = load_skill(skill)
            for _ in range(2):
                ctx = SkillContext(models=models, cache=cache, device=device, seed=0)
                with _timer(device) as elapsed:
                    run(args, images, ctx)
                times.append(elapsed())
        except SkillError as exc:
            yield Latency(skill, None, None, exc.detail or exc.user_message)  # for operators
            continue
        yield Latency(skill, times[0], times[1])


def tiny_models(folder: Path) -> ModelSettings:
    """Tiny random models for a CPU demo; the builders live with the tests (source checkout)."""
    try:
        from tests.tiny_models import build_all
    except ImportError as exc:
        raise SkillError("--tiny needs a source checkout (tests/tiny_models.py).") from exc
    return build_all(folder)


@contextmanager
def _timer(device: str) -> Iterator[Callable[[], float]]:
    import torch

    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    result: list[float] = []
    yield lambda: result[0]
    if device == "cuda":
        torch.cuda.synchronize()
    result.append(time.perf_counter() - start)


@dataclass(frozen=True)
class SpeedRow:
    name: str
    seconds_per_image: float
    peak_gib: float
    setup_s: float = 0.0

    @property
    def images_per_s(self) -> float:
        return 1 / self.seconds_per_image


def sdxl_speed(
    steps: int = 30,
    size: int = 1024,
    images: int = 2,
    compile_unet: bool = True,
    report: Callable[[str], None] = print,
) -> list[SpeedRow]:
    """Real-size SDXL text-to-image on CUDA with random weights: defaults vs project settings."""
    import torch

    from pipelines.diffusion.random_sdxl import random_sdxl

    if not torch.cuda.is_available():
        raise SkillError("The random-weights SDXL benchmark needs a CUDA GPU.")
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # NaN pixels from random weights
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        report("building SDXL base architecture with random weights (fp32)…")
        pipe = random_sdxl(Path(folder), "cuda", torch.float32)
        rows.append(_time_pipe("diffusers defaults (fp32)", pipe, steps, size, images, report))

        pipe.to(dtype=torch.float16)
        _project_settings(pipe)
        rows.append(
            _time_pipe(
                "project: fp16, SDPA, channels_last, VAE tiling", pipe, steps, size, images, report
            )
        )
        if compile_unet:
            started = time.perf_counter()
            # Default mode: autotuning would spend minutes for a few percent more.
            pipe.unet = torch.compile(pipe.unet)
            # The first call compiles; its cost is reported apart as set-up.
            _generate(pipe, 2, size)
            setup = time.perf_counter() - started
            row = _time_pipe("project + torch.compile(unet)", pipe, steps, size, images, report)
            rows.append(SpeedRow(row.name, row.seconds_per_image, row.peak_gib, setup))
    return rows


def _project_settings(pipe: Any) -> None:
    """What `pipelines.diffusion.loading.prepare` does on CUDA, applied to a built pipeline."""
    import torch
    from diffusers.models.attention_processor import AttnProcessor2_0

    pipe.unet.set_attn_processor(AttnProcessor2_0())
    pipe.unet.to(memory_format=torch.channels_last)
    pipe.vae.enable_slicing()
    pipe.vae.enable_tiling()


def _generate(pipe: Any, steps: int, size: int) -> None:
    import torch

    pipe(
        prompt="a lighthouse on a cliff at sunset",
        num_inference_steps=steps,
        width=size,
        height=size,
        guidance_scale=7.0,
        generator=torch.Generator("cpu").manual_seed(0),
        output_type="pil",
    )


def _time_pipe(
    name: str, pipe: Any, steps: int, size: int, images: int, report: Callable[[str], None]
) -> SpeedRow:
    import torch

    _generate(pipe, 2, size)  # warm-up: cuDNN autotuning and allocator growth
    torch.cuda.reset_peak_memory_stats()
    with _timer("cuda") as elapsed:
        for _ in range(images):
            _generate(pipe, steps, size)
    row = SpeedRow(name, elapsed() / images, torch.cuda.max_memory_allocated() / 1024**3)
    report(f"{name}: {row.seconds_per_image:.2f} s/image, peak {row.peak_gib:.1f} GiB")
    return row

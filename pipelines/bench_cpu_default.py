"""Choosing the CPU text-to-image default: seconds per image and peak memory per candidate.

`text_to_image: "auto"` resolved to SDXL-Turbo on a CPU; these figures made it
SD-Turbo at one step (pipelines/hub.py `AUTO`). Whether a smaller model serves CPU
users better is a question of speed and memory at the real architecture size, which
random weights answer as well as real ones: every
candidate below is built offline from its published configs (see `random_sdxl`
and `random_sd`), run the way the bot runs it (`loading.plan` for steps, size and
guidance; `common.generate` for the call; float32 on the CPU) and timed: the median
of `--repeats` images after one warm-up. Each candidate runs in a fresh subprocess,
so that its peak resident memory (`ru_maxrss`) is its own.

    python -m pipelines.bench_cpu_default [--candidates ...] [--repeats N] [--json]

`--tiny` shrinks every config to toy size (64 px, one step) to check the script.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pipelines.diffusion import random_sd, random_sdxl
from pipelines.diffusion.loading import SD_TURBO, SDXL_TURBO, Plan, quiet_logs

PROMPT = "a lighthouse on a cliff at sunset"
ROOT = Path(__file__).resolve().parents[1]
TINY_SIZE = 64
_BETAS: dict[str, Any] = {
    "beta_start": 0.00085,
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "steps_offset": 1,
}
# Schedulers change the unet passes a step (PNDM: one extra; ancestral or not: one),
# not their cost; each is the model repository's own as far as known here.
EULER_A_TRAILING = ("EulerAncestralDiscreteScheduler", {**_BETAS, "timestep_spacing": "trailing"})
# sd-turbo's scheduler_config is not known here for sure: an Euler scheduler either way.
EULER_TRAILING = ("EulerDiscreteScheduler", {**_BETAS, "timestep_spacing": "trailing"})
PNDM = ("PNDMScheduler", {**_BETAS, "skip_prk_steps": True, "set_alpha_to_one": False})
LCM = ("LCMScheduler", dict(_BETAS))


@dataclass(frozen=True)
class Candidate:
    """One model the CPU default could be, as configs for random weights."""

    name: str = field(metadata={"help": "row label and --candidates id"})
    model: str = field(metadata={"help": "hub id it stands for; the bot's plan for it applies"})
    family: Literal["sdxl", "sd"] = field(metadata={"help": "two text encoders, or one"})
    unet: dict[str, Any] = field(metadata={"help": "UNet2DConditionModel config"})
    text_encoders: tuple[dict[str, Any], ...] = field(metadata={"help": "CLIPTextConfigs"})
    vae: dict[str, Any] = field(metadata={"help": "AutoencoderKL config"})
    scheduler: tuple[str, dict[str, Any]] = field(metadata={"help": "diffusers class, kwargs"})
    taesd: dict[str, Any] | None = field(
        default=None, metadata={"help": "AutoencoderTiny config that replaces the VAE"}
    )
    steps: int | None = field(default=None, metadata={"help": "None: the bot's plan"})
    guidance_scale: float | None = field(default=None, metadata={"help": "None: the bot's"})
    size: int | None = field(default=None, metadata={"help": "None: the bot's plan"})
    note: str = ""


_SDXL: dict[str, Any] = {
    "family": "sdxl",
    "unet": random_sdxl.UNET,
    "text_encoders": (random_sdxl.TEXT_ENCODER, random_sdxl.TEXT_ENCODER_2),
    "vae": random_sdxl.VAE,
    "scheduler": EULER_A_TRAILING,
}
_SD_TURBO: dict[str, Any] = {
    "model": SD_TURBO,
    "family": "sd",
    "unet": random_sd.SD21_UNET,
    "text_encoders": (random_sd.OPEN_CLIP_H_TEXT,),
    "vae": random_sd.SD_VAE,
    "scheduler": EULER_TRAILING,
}
_BK_SMALL: dict[str, Any] = {
    "model": "nota-ai/bk-sdm-small",
    "family": "sd",
    "unet": random_sd.BK_SDM_SMALL_UNET,
    # SD 1.4's text encoder, CLIP ViT-L/14: the first of SDXL's two.
    "text_encoders": (random_sdxl.TEXT_ENCODER,),
    "vae": random_sd.SD_VAE,
    "scheduler": PNDM,
}
_FOUR = "4 steps: the CPU plan for Turbo models before it became 1"
_TAESD = "the VAE decode is a large share of a few-step image; TAESD is a real checkpoint"
CANDIDATES: dict[str, Candidate] = {
    c.name: c
    for c in (
        # The 4-step rows keep their step count: the figures that chose the default.
        Candidate("sdxl-turbo", SDXL_TURBO, **_SDXL, steps=4, note=_FOUR),
        Candidate("sdxl-turbo-1step", SDXL_TURBO, **_SDXL, note="sdxl_base on CPU, as planned"),
        Candidate(
            "sdxl-turbo-taesdxl", SDXL_TURBO, **_SDXL, steps=4, taesd=random_sd.TAESD, note=_TAESD
        ),
        Candidate("sd-turbo", **_SD_TURBO, steps=4, note=_FOUR),
        Candidate("sd-turbo-1step", **_SD_TURBO, note="text_to_image on CPU, as planned"),
        Candidate("sd-turbo-taesd", **_SD_TURBO, steps=4, taesd=random_sd.TAESD, note=_TAESD),
        Candidate("bk-sdm-small", **_BK_SMALL, note="the bot's plan for a non-turbo model"),
        Candidate(
            "hypothetical-bk-sdm-small-4step",
            **{**_BK_SMALL, "scheduler": LCM},
            steps=4,
            guidance_scale=0.0,
            note="HYPOTHETICAL: no few-step BK-SDM checkpoint is known; an LCM-style cost",
        ),
    )
}


@dataclass
class Row:
    """One candidate's measurement; `error` says why a failed one has no figures."""

    name: str
    model: str
    size: int = 0
    steps: int = 0
    guidance_scale: float = 0.0
    unet_passes: int = 0
    seconds: float = 0.0
    peak_rss_gb: float = 0.0
    params_m: float = 0.0
    build_s: float = 0.0
    threads: int = 0
    note: str = ""
    error: str | None = None


def settings(candidate: Candidate) -> Plan:
    """The bot's plan for the model on a CPU, with the candidate's own overrides."""
    from core.settings import ModelSettings
    from pipelines.base import SkillContext
    from pipelines.diffusion.loading import plan
    from pipelines.model_cache import ModelCache

    ctx = SkillContext(models=ModelSettings(), cache=ModelCache(0), device="cpu", seed=0)
    bot = plan(ctx, candidate.model)
    return Plan(
        steps=candidate.steps or bot.steps,
        size=candidate.size or bot.size,
        guidance_scale=(
            bot.guidance_scale if candidate.guidance_scale is None else candidate.guidance_scale
        ),
    )


def coupled(unet: dict[str, Any], texts: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """`unet` with its text-facing sizes derived from the encoders (the real configs agree).

    Cross-attention sees the encoders' hidden states side by side; SDXL's added
    embedding is 6 micro-conditioning numbers plus the last encoder's pooled projection.
    """
    out = {**unet, "cross_attention_dim": sum(t["hidden_size"] for t in texts)}
    if "addition_time_embed_dim" in unet:
        out["projection_class_embeddings_input_dim"] = (
            6 * unet["addition_time_embed_dim"] + texts[-1]["projection_dim"]
        )
    return out


# Four blocks keep the scale factor 8 the pipelines derive from the VAE config.
_TOY_VAE: dict[str, Any] = {
    **random_sdxl.VAE,
    "block_out_channels": (8,) * 4,
    "layers_per_block": 1,
    "norm_num_groups": 4,
    "sample_size": TINY_SIZE,
}


def shrink(candidate: Candidate) -> Candidate:
    """A toy version with the same block layout: a few channels, 64 px, one step."""
    toy_text = {"hidden_size": 32, "intermediate_size": 37, "num_attention_heads": 4}
    toy_text |= {"num_hidden_layers": 2, "projection_dim": 32}
    texts = tuple({**t, **toy_text} for t in candidate.text_encoders)
    blocks = len(candidate.unet["block_out_channels"])
    unet = {
        **candidate.unet,
        "block_out_channels": tuple(min(16 << i, 32) for i in range(blocks)),
        "attention_head_dim": 2,
        "norm_num_groups": 8,
        "sample_size": TINY_SIZE // 8,
    }
    if "transformer_layers_per_block" in unet:
        unet["transformer_layers_per_block"] = 1
    if "addition_time_embed_dim" in unet:
        unet["addition_time_embed_dim"] = 8
    taesd = None
    if candidate.taesd is not None:
        taesd = {**candidate.taesd, "num_encoder_blocks": (1,) * 4, "num_decoder_blocks": (1,) * 4}
        taesd |= {"encoder_block_out_channels": (8,) * 4, "decoder_block_out_channels": (8,) * 4}
    return replace(
        candidate,
        unet=coupled(unet, texts),
        text_encoders=texts,
        vae=_TOY_VAE,
        taesd=taesd,
        size=TINY_SIZE,
        steps=1,
    )


def build(candidate: Candidate, folder: Path) -> Any:
    """The candidate's pipeline with random weights, float32 on the CPU."""
    import diffusers
    import torch

    scheduler = getattr(diffusers, candidate.scheduler[0])(**candidate.scheduler[1])
    # With TAESD the KL VAE is only a placeholder (the pipeline derives its scale factor
    # from it), kept toy-sized so that it adds nothing to the peak.
    vae = _TOY_VAE if candidate.taesd is not None else candidate.vae
    if candidate.family == "sdxl":
        first, second = candidate.text_encoders
        pipe = random_sdxl.random_sdxl(
            folder,
            "cpu",
            torch.float32,
            unet=candidate.unet,
            vae=vae,
            text_encoder=first,
            text_encoder_2=second,
            scheduler=scheduler,
        )
    else:
        (only,) = candidate.text_encoders
        pipe = random_sd.random_sd(
            folder, unet=candidate.unet, text_encoder=only, vae=vae, scheduler=scheduler
        )
    if candidate.taesd is not None:
        # How diffusers' docs swap TAESD in: assign the pipeline's vae.
        pipe.vae = diffusers.AutoencoderTiny(**candidate.taesd)
    return pipe


def parameters_m(pipe: Any) -> float:
    """Millions of parameters in the unet, the text encoders and the VAE."""
    names = ("unet", "text_encoder", "text_encoder_2", "vae")
    modules = [m for m in (getattr(pipe, n, None) for n in names) if m is not None]
    return sum(p.numel() for m in modules for p in m.parameters()) / 1e6


def count_unet_passes(unet: Any) -> list[int]:
    """A one-item counter of the images the unet denoised (a CFG batch of 2 counts 2)."""
    seen = [0]

    def hook(module: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        sample = args[0] if args else kwargs["sample"]
        seen[0] += int(sample.shape[0])

    unet.register_forward_pre_hook(hook, with_kwargs=True)
    return seen


def draw(pipe: Any, plan: Plan, steps: int) -> None:
    """One image exactly as `text_to_image.run` calls the pipeline."""
    from core.settings import ModelSettings
    from pipelines.base import SkillContext
    from pipelines.diffusion.common import aspect_size, generate
    from pipelines.model_cache import ModelCache

    ctx = SkillContext(models=ModelSettings(), cache=ModelCache(0), device="cpu", seed=0)
    width, height = aspect_size(plan.size, None)
    generate(
        pipe,
        ctx,
        steps=steps,
        prompt=PROMPT,
        negative_prompt=None,
        width=width,
        height=height,
        guidance_scale=plan.guidance_scale,
    )


def peak_rss_gb() -> float:
    """This process's resident-memory high-water mark (Linux counts KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak * (1 if sys.platform == "darwin" else 1024) / 1e9


def measure(candidate: Candidate, repeats: int) -> Row:
    """Build, warm up once, then time `repeats` images; the median is the figure."""
    import torch

    quiet_logs()
    # Random weights give NaN pixels, which PIL's conversion warns about.
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    plan = settings(candidate)
    row = Row(candidate.name, candidate.model, plan.size, plan.steps, plan.guidance_scale)
    row.note, row.threads = candidate.note, torch.get_num_threads()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        pipe = build(candidate, Path(folder))
        row.build_s = time.perf_counter() - started
        row.params_m = parameters_m(pipe)
        passes = count_unet_passes(pipe.unet)
        # Two steps see every shape (text encoders, unet, VAE) and oneDNN's first-call
        # set-up; a full-length warm-up of a 20-step model would only cost minutes.
        draw(pipe, plan, min(plan.steps, 2))
        passes[0] = 0
        seconds = []
        for _ in range(repeats):
            started = time.perf_counter()
            draw(pipe, plan, plan.steps)
            seconds.append(time.perf_counter() - started)
    row.unet_passes = passes[0] // repeats
    row.seconds = statistics.median(seconds)
    row.peak_rss_gb = peak_rss_gb()
    return row


def failed(candidate: Candidate, reason: str) -> Row:
    row = Row(candidate.name, candidate.model, note=candidate.note, error=reason)
    try:
        plan = settings(candidate)
    except Exception:  # the reason already says what went wrong
        return row
    row.size, row.steps, row.guidance_scale = plan.size, plan.steps, plan.guidance_scale
    return row


def measure_safely(candidate: Candidate, repeats: int) -> Row:
    """`measure`, with a failure (a config error, MemoryError) as a row that says why."""
    try:
        return measure(candidate, repeats)
    except Exception as exc:
        return failed(candidate, f"{type(exc).__name__}: {exc}".splitlines()[0][:300])


def exit_reason(returncode: int, stderr: str) -> str:
    """Why a worker process ended without a row: a signal (the OOM killer's is 9) or a crash."""
    if returncode < 0:
        name = signal.Signals(-returncode).name
        hint = " (out of memory, most likely)" if name == "SIGKILL" else ""
        return f"worker killed by {name}{hint}"
    lines = [line for line in stderr.splitlines() if line.strip()]
    return f"worker exited with {returncode}: {lines[-1] if lines else 'no output'}"[:300]


def measure_isolated(
    candidate: Candidate, repeats: int, *, tiny: bool, threads: int | None, timeout: float
) -> Row:
    """`measure` in a fresh interpreter, so that the peak memory is this candidate's alone."""
    command = [sys.executable, "-m", "pipelines.bench_cpu_default", "--worker", candidate.name]
    command += ["--repeats", str(repeats), *(["--tiny"] if tiny else [])]
    command += ["--threads", str(threads)] if threads else []
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return failed(candidate, f"timed out after {timeout:.0f} s")
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return failed(candidate, exit_reason(done.returncode, done.stderr))
    return Row(**json.loads(lines[-1]))


def run_all(
    candidates: list[Candidate],
    repeats: int = 3,
    *,
    tiny: bool = False,
    isolate: bool = True,
    threads: int | None = None,
    timeout: float = 3600,
) -> list[Row]:
    """One row per candidate, in order; a failing candidate does not stop the others."""
    rows = []
    for candidate in candidates:
        print(f"measuring {candidate.name}…", file=sys.stderr, flush=True)
        if isolate:
            row = measure_isolated(candidate, repeats, tiny=tiny, threads=threads, timeout=timeout)
        else:
            row = measure_safely(shrink(candidate) if tiny else candidate, repeats)
        rows.append(row)
    return rows


COLUMNS = ("model", "size", "steps", "unet passes", "s/image", "peak RSS GB", "params M")


def table(rows: list[Row]) -> str:
    """A plain-text table; failed rows carry their reason, notes follow underneath."""
    lines = [COLUMNS]
    for r in rows:
        figures = (f"{r.seconds:.2f}", f"{r.peak_rss_gb:.2f}", f"{r.params_m:.0f}")
        if r.error:
            figures = ("failed", "", "")
        lines.append((r.name, f"{r.size}²", str(r.steps), str(r.unet_passes), *figures))
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    out.append("")
    for r in rows:
        out.append(f"{r.name}: {r.model}; {r.error or r.note} (built in {r.build_s:.0f} s)")
    threads = {r.threads for r in rows if r.threads}
    out.append(f"float32 on the CPU, {sorted(threads) or '?'} torch threads")
    return "\n".join(out)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="+", choices=list(CANDIDATES), default=None)
    parser.add_argument("--repeats", type=int, default=3, help="timed images after a warm-up")
    parser.add_argument("--json", action="store_true", help="end with the rows as JSON")
    parser.add_argument("--tiny", action="store_true", help="toy configs: checks the script")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (all cores)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per candidate")
    parser.add_argument(
        "--in-process", action="store_true", help="no subprocesses (peak memory then mixes)"
    )
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if args.worker:
        candidate = CANDIDATES[args.worker]
        row = measure_safely(shrink(candidate) if args.tiny else candidate, args.repeats)
        print(json.dumps(asdict(row)))
        return
    names = args.candidates or list(CANDIDATES)
    rows = run_all(
        [CANDIDATES[n] for n in names],
        args.repeats,
        tiny=args.tiny,
        isolate=not args.in_process,
        threads=args.threads,
        timeout=args.timeout,
    )
    print(table(rows))
    if args.json:
        print(json.dumps([asdict(r) for r in rows]))


if __name__ == "__main__":
    main()

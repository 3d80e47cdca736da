"""Loading diffusion models once per worker, offline, with device-appropriate settings.

Every model is named by a `ModelSettings` field (`text_to_image`, `inpaint`, ...)
whose value is a hub id or a local folder. Loading never touches the network
(`local_files_only=True`): a hub id is read from its snapshot in the HF cache, where
`dialogdraw models pull` put it, and a worker without the weights fails at once with
a `ModelMissingError` that says how to get them, instead of hanging on a download.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import torch

from core.jobs import ModelMissingError
from pipelines import hub
from pipelines.base import SkillContext
from pipelines.hub import SD_TURBO, SDXL_BASE, SDXL_TURBO, is_turbo

__all__ = ["SDXL_BASE", "SDXL_TURBO", "SD_TURBO", "is_turbo"]

T = TypeVar("T")
P = TypeVar("P")


def quiet_logs() -> None:
    """Progress bars and warnings from diffusers/transformers would flood a worker's log."""
    import diffusers.utils.logging as dlog
    import transformers.utils.logging as tlog

    dlog.set_verbosity_error()
    dlog.disable_progress_bar()
    tlog.set_verbosity_error()
    tlog.disable_progress_bar()
    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)


def model_id(ctx: SkillContext, field: str) -> str:
    """The configured id for `field`; "auto" resolves to what the device can run well."""
    return hub.configured_model(field, str(getattr(ctx.models, field)), ctx.device)


def source(model: str, device: str) -> tuple[str, str | None]:
    """Where `from_pretrained` reads `model`, and the weight variant to ask for.

    A hub id becomes its cached snapshot folder: read as a folder, it loads whatever
    subset `models pull` fetched, and on CUDA its fp16 files, which diffusers only
    reads when asked for the variant. Unknown here, the id is passed on as it is and
    fails offline in the library's own words.
    """
    folder = hub.local_source(model)
    if folder is None:
        return model, None
    return str(folder), hub.weight_variant(folder, device)


@dataclass(frozen=True)
class Plan:
    """How many steps, at what longest side and guidance a model runs on this device."""

    steps: int
    size: int
    guidance_scale: float


def plan(ctx: SkillContext, model: str, *, sd15: bool = False) -> Plan:
    """Defaults for the device and model family; `ModelSettings.steps/size` override them."""
    if is_turbo(model):
        # Turbo is distilled for 1-4 steps without classifier-free guidance at 512 px.
        # On a CPU one step, as both model cards advise: each step is seconds there (2
        # cores, bench_cpu_default: SDXL-Turbo 47 s at one step, 51 s at four), and
        # img2img still denoises one (`strength_steps`). On CUDA, where steps are cheap,
        # four: the ADD paper's preference studies rate them a little above one.
        steps, size, guidance = (4 if ctx.device == "cuda" else 1), 512, 0.0
    elif ctx.device == "cuda":
        steps, size, guidance = 30, 512 if sd15 else 1024, 7.0
    else:
        steps, size, guidance = 20, 512, 7.0
    return Plan(
        steps=ctx.models.steps or steps,
        size=ctx.models.size or size,
        guidance_scale=guidance,
    )


def dtype_for(device: str) -> torch.dtype:
    # Half precision halves memory and doubles tensor-core speed on GPUs; CPUs have
    # no fast fp16 kernels, so they stay in float32.
    return torch.float16 if device == "cuda" else torch.float32


def missing(field: str, model: str) -> ModelMissingError:
    return ModelMissingError(
        model,
        f"Download it into the Hugging Face cache with `dialogdraw models pull {field}`"
        f" (see `dialogdraw models`), or set DIALOGDRAW_MODELS__{field.upper()} to a local folder.",
    )


def offline(field: str, model: str, load: Callable[[], T]) -> T:
    """Run `load`, turning "weights not here" into a `ModelMissingError` for `field`."""
    try:
        return load()
    except OSError as exc:  # not in the local cache, or a folder without the files
        raise missing(field, model) from exc
    except ValueError as exc:
        # huggingface_hub rejects a path that does not exist as an invalid repo id.
        if not Path(model).exists():
            raise missing(field, model) from exc
        raise


def generator(ctx: SkillContext) -> torch.Generator:
    # A CPU generator gives the same noise on every device, so a seed means one image.
    return torch.Generator("cpu").manual_seed(ctx.seed)


def prepare(pipe: P, ctx: SkillContext) -> P:
    """Move a freshly loaded pipeline to the device and switch on the fast paths."""
    p: Any = pipe
    p.set_progress_bar_config(disable=True)
    if ctx.device == "cuda":
        p.to("cuda")
        unet = getattr(p, "unet", None)
        if unet is not None:
            # Convolutions in NHWC hit the fastest cuDNN kernels for fp16.
            unet.to(memory_format=torch.channels_last)
        vae = getattr(p, "vae", None)
        if vae is not None:
            # Decoding 1024 px latents at once peaks at several GiB; tiles keep it flat.
            vae.enable_slicing()
            vae.enable_tiling()
    return pipe


def load_pipeline(
    ctx: SkillContext,
    field: str,
    cls: type[P],
    *,
    key: str = "",
    setup: Callable[[Any], None] | None = None,
    **kwargs: Any,
) -> P:
    """`cls.from_pretrained(<model of field>)`, cached per worker.

    `setup` runs once on the new pipeline before it moves to the device (adapters);
    give such a pipeline its own `key` so it is not mistaken for the plain one.

    Attention uses PyTorch's scaled_dot_product_attention (diffusers' default
    processor on torch 2), which picks flash/memory-efficient kernels on CUDA.
    """
    model = model_id(ctx, field)
    dtype = dtype_for(ctx.device)

    def loader() -> P:
        quiet_logs()
        where, variant = source(model, ctx.device)
        pipe = offline(
            field,
            model,
            lambda: cls.from_pretrained(  # type: ignore[attr-defined]
                where, local_files_only=True, dtype=dtype, variant=variant, **kwargs
            ),
        )
        if setup is not None:
            setup(pipe)
        return prepare(pipe, ctx)

    return ctx.cache.get(f"{cls.__name__}{key}:{model}:{ctx.device}", loader)


def derive(base: Any, cls: type[P], **kwargs: Any) -> P:
    """A sibling pipeline sharing `base`'s weights (`from_pipe`): no second copy in memory.

    Not cached: `from_pipe` only wires existing modules together (milliseconds), and a
    cached sibling would keep an evicted base's weights alive behind the cache's back.
    """
    pipe: Any = cls.from_pipe(base, **kwargs)  # type: ignore[attr-defined]
    pipe.set_progress_bar_config(disable=True)
    return pipe


def load_model(ctx: SkillContext, field: str, cls: type[P], **kwargs: Any) -> P:
    """A single model (a ControlNet, CLIPSeg) by `cls.from_pretrained`, cached per worker."""
    model = model_id(ctx, field)

    def loader() -> P:
        quiet_logs()
        where, variant = source(model, ctx.device)
        # Processors and tokenizers have no weight variants to ask for.
        weights = isinstance(cls, type) and issubclass(cls, torch.nn.Module)
        extra = {"variant": variant} if variant is not None and weights else {}
        loaded: Any = offline(
            field,
            model,
            lambda: cls.from_pretrained(  # type: ignore[attr-defined]
                where, local_files_only=True, **extra, **kwargs
            ),
        )
        if hasattr(loaded, "to"):
            loaded = loaded.to(ctx.device)
        return loaded

    return ctx.cache.get(f"{cls.__name__}:{model}:{ctx.device}", loader)

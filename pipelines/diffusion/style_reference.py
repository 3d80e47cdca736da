"""style_reference: SDXL img2img of the content image with an IP-Adapter for the style image.

The IP-Adapter changes the UNet's attention processors, so this skill keeps its
own SDXL copy (cache key "+ip-adapter") instead of sharing the plain base: the
other SDXL skills would otherwise demand an image embedding on every call.
`models.ip_adapter` is the h94/IP-Adapter repository or a local folder with its
layout: sdxl_models/ip-adapter_sdxl.safetensors and sdxl_models/image_encoder/.
"""

from __future__ import annotations

from typing import Any

from diffusers import StableDiffusionXLImg2ImgPipeline, StableDiffusionXLPipeline
from PIL import Image

from core.catalog import StyleReferenceArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import denoised, fit, generate, strength_steps
from pipelines.diffusion.loading import derive, load_pipeline, model_id, offline, plan

LOADS = ("sdxl_base", "ip_adapter")

SUBFOLDER = "sdxl_models"
WEIGHTS = "ip-adapter_sdxl.safetensors"
# How much the style image speaks against the prompt, and how far the content moves.
IP_SCALE = 0.7
STRENGTH = 0.65


def _with_adapter(ctx: SkillContext) -> Any:
    adapter = model_id(ctx, "ip_adapter")

    def setup(pipe: Any) -> None:
        offline(
            "ip_adapter",
            adapter,
            lambda: pipe.load_ip_adapter(
                adapter, subfolder=SUBFOLDER, weight_name=WEIGHTS, local_files_only=True
            ),
        )
        pipe.set_ip_adapter_scale(IP_SCALE)

    return load_pipeline(
        ctx, "sdxl_base", StableDiffusionXLPipeline, key=f"+ip-adapter:{adapter}", setup=setup
    )


def run(args: StyleReferenceArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    base_model = model_id(ctx, "sdxl_base")
    pipe = derive(_with_adapter(ctx), StableDiffusionXLImg2ImgPipeline)
    settings = plan(ctx, base_model)
    steps = strength_steps(settings.steps, STRENGTH)
    image = generate(
        pipe,
        ctx,
        steps=steps,
        denoised_steps=denoised(steps, STRENGTH),
        image=fit(images["image"], settings.size),
        ip_adapter_image=images["style_image"].convert("RGB"),
        prompt=args.prompt or "high quality, detailed, in the same style",
        negative_prompt="lowres, blurry",
        strength=STRENGTH,
        guidance_scale=settings.guidance_scale,
    )
    return SkillOutput(image=image, model=f"{base_model} + {model_id(ctx, 'ip_adapter')}")

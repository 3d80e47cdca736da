"""qr_art: a real QR code, checked to decode, drawn over by the SD1.5 QR ControlNet.

The code is generated with high error correction (H: 30 % of it may be damaged)
because the art step blends the modules into the picture. It is decoded with
OpenCV before any diffusion runs: a code that does not scan even in black and
white would only waste a GPU minute. Whether the finished art still scans is
checked too and reported in `extra["scannable"]`; art that loses the code is a
known trade-off of conditioning strength versus beauty.
"""

from __future__ import annotations

import cv2
import numpy as np
import qrcode
from diffusers import ControlNetModel, StableDiffusionControlNetPipeline
from PIL import Image

from core.catalog import QrArtArgs
from core.jobs import SkillError
from core.phrasebook import phrase
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import generate
from pipelines.diffusion.loading import dtype_for, load_model, load_pipeline, model_id, plan

LOADS = ("controlnet_qr", "qr_base")

# QR Code Monster's recommended range is 1.1-1.5: lower loses the code, higher the art.
CONDITIONING = 1.3


def qr_code(content: str) -> Image.Image:
    """Black modules on white, a 4-module quiet zone, 10 px a module."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H, box_size=10, border=4)
    code.add_data(content)
    try:
        code.make(fit=True)
    except ValueError as exc:  # more data than the largest QR version holds
        raise SkillError(phrase("qr_too_long")) from exc
    image = code.make_image(fill_color="black", back_color="white").get_image()
    return image.convert("RGB")


def decode(image: Image.Image) -> str | None:
    gray = np.asarray(image.convert("L"))
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(gray)
    return text if points is not None and text else None


def run(args: QrArtArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    code = qr_code(args.content)
    if decode(code) != args.content:
        raise SkillError(phrase("qr_unscannable"))
    model = model_id(ctx, "qr_base")
    controlnet = load_model(ctx, "controlnet_qr", ControlNetModel, dtype=dtype_for(ctx.device))
    pipe = load_pipeline(
        ctx,
        "qr_base",
        StableDiffusionControlNetPipeline,
        key=f"+{model_id(ctx, 'controlnet_qr')}",
        controlnet=controlnet,
        safety_checker=None,
        requires_safety_checker=False,
    )
    settings = plan(ctx, model, sd15=True)
    side = settings.size // 8 * 8
    # Nearest keeps modules crisp: a blurred code conditions the model on grey mush.
    control = code.resize((side, side), Image.Resampling.NEAREST)
    art = generate(
        pipe,
        ctx,
        steps=settings.steps,
        prompt=args.prompt,
        negative_prompt="ugly, disfigured, low quality, blurry",
        image=control,
        width=side,
        height=side,
        controlnet_conditioning_scale=CONDITIONING,
        guidance_scale=settings.guidance_scale,
    )
    return SkillOutput(
        image=art,
        model=f"{model} + {model_id(ctx, 'controlnet_qr')}",
        extra={"qr_content": args.content, "scannable": decode(art) == args.content},
    )

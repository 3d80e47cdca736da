"""pose_to_image: the SDXL openpose ControlNet draws a new picture in the same pose.

The ControlNet needs an OpenPose skeleton (coloured limbs on black). If the
user's picture already is one, it is used as it is. Otherwise the skeleton has
to be estimated from the photo, which needs pose-estimator weights: the
`controlnet_aux` package's OpenposeDetector with the lllyasviel/Annotators
weights, when both are installed on the worker. Without them the skill says so
(ModelMissingError) rather than guessing a pose: a wrong skeleton would produce a
confident picture of a different pose.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
from PIL import Image

from core.catalog import PoseToImageArgs
from core.jobs import ModelMissingError
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.controlnet import controlled

LOADS = ("controlnet_openpose", "sdxl_base")

ANNOTATORS = "lllyasviel/Annotators"


def looks_like_pose_map(image: Image.Image) -> bool:
    """Mostly black, and what is not black is strongly coloured (OpenPose's limb colours)."""
    hsv = np.asarray(image.convert("RGB").convert("HSV")).reshape(-1, 3)
    dark = hsv[:, 2] < 40
    if dark.mean() < 0.7 or dark.all():
        return False
    lit = hsv[~dark]
    return bool((lit[:, 1] > 100).mean() > 0.8)


def estimate_pose(image: Image.Image, ctx: SkillContext) -> Image.Image:
    try:
        aux: Any = importlib.import_module("controlnet_aux")
    except ImportError as exc:
        raise ModelMissingError(
            f"OpenPose ({ANNOTATORS})",
            "Install controlnet_aux on the worker and put the lllyasviel/Annotators weights in "
            "its Hugging Face cache, or send a pose skeleton picture instead of a photo.",
        ) from exc

    def load() -> Any:
        try:
            return aux.OpenposeDetector.from_pretrained(ANNOTATORS)
        except OSError as exc:  # controlnet_aux is there, its weights are not
            raise ModelMissingError(
                ANNOTATORS, "Put its weights in the worker's Hugging Face cache."
            ) from exc

    detector = ctx.cache.get(f"openpose:{ANNOTATORS}", load, size=200_000_000)
    pose: Image.Image = detector(image.convert("RGB"))
    return pose


def run(args: PoseToImageArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    source = images["image"]
    pose = source if looks_like_pose_map(source) else estimate_pose(source, ctx)
    image, model = controlled(
        ctx,
        "controlnet_openpose",
        pose,
        prompt=f"{args.prompt}, high quality, detailed",
        negative_prompt="lowres, bad anatomy, extra limbs, blurry",
    )
    return SkillOutput(image=image, model=model)

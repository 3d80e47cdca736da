"""change_background: keep the subject (salient-object mask), inpaint a new background."""

from __future__ import annotations

from PIL import Image

from core.catalog import ChangeBackgroundArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import fit
from pipelines.diffusion.inpaint import inpaint, working_size
from pipelines.diffusion.masks import grow, invert, subject_mask

LOADS = ("inpaint",)


def run(
    args: ChangeBackgroundArgs, images: dict[str, Image.Image], ctx: SkillContext
) -> SkillOutput:
    image = fit(images["image"], working_size(ctx))
    # A slightly larger subject keeps its outline out of the repainted area.
    repaint = invert(grow(subject_mask(image, ctx), max(1, min(image.size) // 64)))
    result, model = inpaint(
        ctx,
        image,
        repaint,
        prompt=f"{args.background}, background, high quality, detailed",
        negative_prompt="blurry, lowres, artifacts",
    )
    return SkillOutput(image=result, model=model)

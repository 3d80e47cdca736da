"""replace_object: CLIPSeg finds the target, SDXL inpainting paints the replacement."""

from __future__ import annotations

from PIL import Image

from core.catalog import ReplaceObjectArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import fit
from pipelines.diffusion.inpaint import inpaint, working_size
from pipelines.diffusion.masks import text_mask

LOADS = ("inpaint", "clipseg")


def run(args: ReplaceObjectArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    image = fit(images["image"], working_size(ctx))
    repaint = text_mask(image, args.target, ctx)
    result, model = inpaint(
        ctx,
        image,
        repaint,
        prompt=f"{args.replacement}, high quality, detailed",
        negative_prompt=args.target,
    )
    return SkillOutput(image=result, model=model)

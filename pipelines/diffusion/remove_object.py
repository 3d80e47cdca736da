"""remove_object: CLIPSeg finds the target, inpainting continues the surroundings.

The inpainting prompt describes what is around the object, never the object: a
prompt naming it would paint it back. The object's name goes to the negative prompt.
"""

from __future__ import annotations

from PIL import Image

from core.catalog import RemoveObjectArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.diffusion.common import fit
from pipelines.diffusion.inpaint import inpaint, working_size
from pipelines.diffusion.masks import text_mask

LOADS = ("inpaint", "clipseg")

SURROUNDINGS = "empty background, the surroundings continue seamlessly, clean, nothing there"


def run(args: RemoveObjectArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    image = fit(images["image"], working_size(ctx))
    repaint = text_mask(image, args.target, ctx)
    result, model = inpaint(
        ctx,
        image,
        repaint,
        prompt=SURROUNDINGS,
        negative_prompt=f"{args.target}, object, person, text, watermark",
    )
    return SkillOutput(image=result, model=model)

"""toy_mirror: a skill that exists only in tests, to show that one catalog entry and one
module like this are all a new skill needs (tests/core/test_skill_declaration.py)."""

from __future__ import annotations

from PIL import Image, ImageOps

from core.catalog import Ref, SkillArgs
from pipelines.base import SkillContext, SkillOutput


class ToyMirrorArgs(SkillArgs):
    image: Ref


def run(args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    assert isinstance(args, ToyMirrorArgs)
    return SkillOutput(image=ImageOps.mirror(images["image"]), model="toy-mirror")

"""The typed argument models of the skills (spec/skills.md v1): what the intent model
is prompted and constrained with, and what each pipeline receives.

`Ref` marks an argument that names an image of the dialogue (`#N`); every other
argument is free text or one of a few fixed values.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

REF_PATTERN = r"#[1-9][0-9]{0,3}"
_REF_RE = re.compile(rf"^{REF_PATTERN}$")


class RefMarker:
    """Marks an argument whose value is an image reference `#N` of the dialogue."""


Ref = Annotated[str, Field(pattern=rf"^{REF_PATTERN}$"), RefMarker()]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


def is_ref(value: object) -> bool:
    return isinstance(value, str) and bool(_REF_RE.match(value))


class SkillArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextToImageArgs(SkillArgs):
    prompt: Text = Field(description="what to draw")
    negative_prompt: Text | None = Field(None, description="what must not appear")
    aspect: Literal["square", "portrait", "landscape"] | None = None


class ImageVariationArgs(SkillArgs):
    image: Ref
    prompt: Text | None = Field(None, description="what to steer the variation towards")
    strength: Literal["subtle", "medium", "strong"] | None = None


class InstructEditArgs(SkillArgs):
    image: Ref
    instruction: Text = Field(description="the edit, as an instruction")


class ChangeBackgroundArgs(SkillArgs):
    image: Ref
    background: Text = Field(description="the new background")


class RemoveBackgroundArgs(SkillArgs):
    image: Ref


class ReplaceObjectArgs(SkillArgs):
    image: Ref
    target: Text = Field(description="the thing to replace")
    replacement: Text = Field(description="what to put in its place")


class RemoveObjectArgs(SkillArgs):
    image: Ref
    target: Text = Field(description="the thing to erase")


class ToAnimeArgs(SkillArgs):
    image: Ref


class StyleTransferArgs(SkillArgs):
    image: Ref
    style: Text = Field(description="the art style")


class SketchToImageArgs(SkillArgs):
    image: Ref
    prompt: Text = Field(description="what the finished picture shows")


class PoseToImageArgs(SkillArgs):
    image: Ref
    prompt: Text = Field(description="the new picture, same pose")


class OutpaintArgs(SkillArgs):
    image: Ref
    direction: Literal["all", "left", "right", "up", "down"] | None = None
    prompt: Text | None = Field(None, description="what the new area shows")


class UpscaleArgs(SkillArgs):
    image: Ref
    factor: Literal["2", "4"] | None = None


class ColorizeArgs(SkillArgs):
    image: Ref


class LineArtArgs(SkillArgs):
    image: Ref


class MakeStickerArgs(SkillArgs):
    image: Ref


class StyleReferenceArgs(SkillArgs):
    image: Ref = Field(description="the content image")
    style_image: Ref = Field(description="the image whose style to use")
    prompt: Text | None = None


class QrArtArgs(SkillArgs):
    content: Text = Field(description="what the QR code encodes")
    prompt: Text = Field(description="how the code should look")


class AddTextArgs(SkillArgs):
    image: Ref
    text: Text = Field(description="the words to write")
    position: Literal["top", "bottom", "center"] | None = None


AdjustOperation = Literal[
    "brighter",
    "darker",
    "more_contrast",
    "less_contrast",
    "more_saturated",
    "grayscale",
    "rotate_left",
    "rotate_right",
    "flip_horizontal",
    "flip_vertical",
    "crop_square",
]


class AdjustArgs(SkillArgs):
    image: Ref
    operation: AdjustOperation


class DescribeImageArgs(SkillArgs):
    image: Ref
    question: Text = Field(description="the question about the image")


class ChatArgs(SkillArgs):
    message: Text = Field(description="the user's message")

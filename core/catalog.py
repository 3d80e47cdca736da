"""The skill catalog: ids, descriptions and typed argument models.

This is the single source of truth that the intent model's prompt and grammar,
argument validation, `dialogdraw skills`, the pipelines and the data synthesis
read. The ids and argument names are fixed by spec/skills.md (v1).
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

REF_PATTERN = r"#[1-9][0-9]{0,3}"
_REF_RE = re.compile(rf"^{REF_PATTERN}$")


class RefMarker:
    """Marks an argument whose value is an image reference `#N` of the dialogue."""


Ref = Annotated[str, Field(pattern=rf"^{REF_PATTERN}$"), RefMarker()]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


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


ArgKind = Literal["ref", "text", "enum"]


@dataclass(frozen=True)
class ArgSpec:
    name: str
    kind: ArgKind
    required: bool
    values: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class SkillSpec:
    id: str
    description: str
    args_model: type[SkillArgs]
    makes_image: bool = True
    # GPU-bound skills run one at a time on a worker; CPU skills may run beside them.
    gpu: bool = True

    @property
    def args(self) -> tuple[ArgSpec, ...]:
        return _arg_specs(self.args_model)

    @property
    def ref_args(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.args if a.kind == "ref")

    @property
    def required_args(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.args if a.required)

    def signature(self) -> str:
        """One line such as `outpaint(image: ref, direction?: all|left|..., prompt?: text)`."""
        parts = []
        for a in self.args:
            kind = "|".join(a.values) if a.kind == "enum" else a.kind
            parts.append(f"{a.name}{'' if a.required else '?'}: {kind}")
        return f"{self.id}({', '.join(parts)})"


def _arg_specs(model: type[SkillArgs]) -> tuple[ArgSpec, ...]:
    specs = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        inner = annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            inner = next(a for a in typing.get_args(annotation) if a is not type(None))
        if any(isinstance(m, RefMarker) for m in field.metadata):
            kind: ArgKind = "ref"
            values: tuple[str, ...] = ()
        elif typing.get_origin(inner) is Literal:
            kind, values = "enum", tuple(str(v) for v in typing.get_args(inner))
        else:
            kind, values = "text", ()
        specs.append(ArgSpec(name, kind, field.is_required(), values, field.description or ""))
    return tuple(specs)


SKILLS: tuple[SkillSpec, ...] = (
    SkillSpec("text_to_image", "draw a new picture from a description", TextToImageArgs),
    SkillSpec(
        "image_variation",
        "re-imagine an image or make variations of it, same composition",
        ImageVariationArgs,
    ),
    SkillSpec(
        "instruct_edit",
        "any free-form edit not covered by a more specific skill"
        " (put sunglasses on it, make it snow)",
        InstructEditArgs,
    ),
    SkillSpec(
        "change_background", "keep the subject, put it on a new background", ChangeBackgroundArgs
    ),
    SkillSpec(
        "remove_background",
        "cut out the subject on a transparent background",
        RemoveBackgroundArgs,
        gpu=False,
    ),
    SkillSpec(
        "replace_object",
        "swap one thing in the picture for another (turn the dog into a fox)",
        ReplaceObjectArgs,
    ),
    SkillSpec("remove_object", "erase something from the picture", RemoveObjectArgs),
    SkillSpec("to_anime", "convert a picture to anime or manga style", ToAnimeArgs),
    SkillSpec(
        "style_transfer",
        "render a picture in an art style (Van Gogh, watercolor, pixel art, oil painting)",
        StyleTransferArgs,
    ),
    SkillSpec(
        "sketch_to_image", "turn a sketch or doodle into a finished picture", SketchToImageArgs
    ),
    SkillSpec(
        "pose_to_image", "a new picture with the same human pose as a photo", PoseToImageArgs
    ),
    SkillSpec("outpaint", "extend the canvas, zoom out, widen the picture", OutpaintArgs),
    SkillSpec("upscale", "higher resolution, sharper, bigger", UpscaleArgs, gpu=False),
    SkillSpec("colorize", "add colour to a black-and-white picture", ColorizeArgs),
    SkillSpec(
        "line_art", "turn a picture into a line drawing or colouring page", LineArtArgs, gpu=False
    ),
    SkillSpec("make_sticker", "make a chat sticker of the subject", MakeStickerArgs, gpu=False),
    SkillSpec(
        "style_reference",
        "paint one image (image) in the style of another image (style_image)",
        StyleReferenceArgs,
    ),
    SkillSpec("qr_art", "an artistic QR code that encodes content", QrArtArgs),
    SkillSpec("add_text", "write a caption or meme text on the picture", AddTextArgs, gpu=False),
    SkillSpec(
        "adjust",
        "simple photo operations: brightness, contrast, saturation, grayscale, rotate, flip, crop",
        AdjustArgs,
        gpu=False,
    ),
    SkillSpec(
        "describe_image",
        "answer a question about an image or describe it",
        DescribeImageArgs,
        makes_image=False,
    ),
    SkillSpec(
        "chat",
        "conversation that asks for no picture and no answer about one",
        ChatArgs,
        makes_image=False,
        gpu=False,
    ),
)

CATALOG: dict[str, SkillSpec] = {s.id: s for s in SKILLS}

CONVENTIONS = (
    '"it", "that", "the picture" with no other clue means the newest image of the conversation.',
    "A request for a completely new scene is text_to_image even mid-dialogue.",
    "An edit that one of the specific skills covers goes to that skill, not to instruct_edit.",
    'A negative wish in a generation ("no people in it") goes to negative_prompt, not into prompt.',
    "Images are referred to as #N: the N-th image of the dialogue, uploads and results together.",
)


def is_ref(value: object) -> bool:
    return isinstance(value, str) and bool(_REF_RE.match(value))


class ArgumentProblem(Exception):
    """Arguments that cannot run; `question` is what to ask the user."""

    def __init__(self, question: str) -> None:
        super().__init__(question)
        self.question = question


def validate_args(skill: str, args: dict[str, object], existing_refs: set[str]) -> SkillArgs:
    """Check a decision against the catalog and the images of the conversation."""
    spec = CATALOG.get(skill)
    if spec is None:
        raise ArgumentProblem(f"I don't know how to do '{skill}'. What would you like me to do?")
    for name in spec.ref_args:
        value = args.get(name)
        if value is not None and value not in existing_refs:
            if not existing_refs:
                raise ArgumentProblem("Which picture do you mean? Please send me an image first.")
            refs = ", ".join(sorted(existing_refs, key=lambda r: int(r[1:])))
            raise ArgumentProblem(
                f"I can't find image {value}. Which one do you mean? This chat has {refs}."
            )
    missing = [n for n in spec.required_args if args.get(n) in (None, "")]
    if missing:
        raise ArgumentProblem(_question_for_missing(spec, missing[0], existing_refs))
    try:
        return spec.args_model.model_validate(args)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "arguments"
        raise ArgumentProblem(
            f"I didn't understand the {where} for {skill}: {first.get('msg', 'invalid value')}."
        ) from exc


def _question_for_missing(spec: SkillSpec, name: str, existing_refs: set[str]) -> str:
    kind = next(a.kind for a in spec.args if a.name == name)
    if kind == "ref":
        if not existing_refs:
            return "Which picture should I use? Please send me an image first."
        return "Which picture do you mean? Tell me its number, like #1."
    what = {
        "prompt": "what should the picture show",
        "background": "what background would you like",
        "instruction": "what should I change",
        "target": "what should I change or remove",
        "replacement": "what should I put in its place",
        "style": "which style would you like",
        "content": "what should the QR code contain (a link or text)",
        "text": "what text should I write",
        "question": "what would you like to know about the picture",
        "message": "what would you like to say",
    }.get(name, f"what {name} do you want")
    return f"Sure — {what}?"

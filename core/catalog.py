"""The skill catalog: each skill declared once, with everything the project knows about it.

This is the single source of truth that the intent model's prompt and grammar,
argument validation, `dialogdraw skills`, the worker's registry, answers and captions,
the image metrics, the preference pairs and the data synthesis read. The ids and
argument names are fixed by spec/skills.md (v1); `core.skill_spec` says what each
field of an entry means.

`CATALOG` is what every reader looks skills up in, at the time it needs one, so a test
can add a skill with `monkeypatch.setitem(CATALOG, ...)`; `SKILLS` is the built-in
declaration, in catalog order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from core.phrasebook import ENGLISH, Words, phrase
from core.skill_args import (
    REF_PATTERN,
    AddTextArgs,
    AdjustArgs,
    AdjustOperation,
    ChangeBackgroundArgs,
    ChatArgs,
    ColorizeArgs,
    DescribeImageArgs,
    ImageVariationArgs,
    InstructEditArgs,
    LineArtArgs,
    MakeStickerArgs,
    OutpaintArgs,
    PoseToImageArgs,
    QrArtArgs,
    Ref,
    RefMarker,
    RemoveBackgroundArgs,
    RemoveObjectArgs,
    ReplaceObjectArgs,
    SketchToImageArgs,
    SkillArgs,
    StyleReferenceArgs,
    StyleTransferArgs,
    Text,
    TextToImageArgs,
    ToAnimeArgs,
    UpscaleArgs,
    is_ref,
)
from core.skill_phrases import Caption, Shows, in_style, swapped
from core.skill_spec import ArgKind, ArgSpec, Bench, Button, SkillKind, SkillSpec
from core.skill_titles import skill_title

__all__ = [
    "CATALOG",
    "CONVENTIONS",
    "REF_PATTERN",
    "SKILLS",
    "AddTextArgs",
    "AdjustArgs",
    "AdjustOperation",
    "ArgKind",
    "ArgSpec",
    "ArgumentProblem",
    "Bench",
    "Button",
    "Caption",
    "ChangeBackgroundArgs",
    "ChatArgs",
    "ColorizeArgs",
    "DescribeImageArgs",
    "ImageVariationArgs",
    "InstructEditArgs",
    "LineArtArgs",
    "MakeStickerArgs",
    "OutpaintArgs",
    "PoseToImageArgs",
    "QrArtArgs",
    "Ref",
    "RefMarker",
    "RemoveBackgroundArgs",
    "RemoveObjectArgs",
    "ReplaceObjectArgs",
    "Shows",
    "SketchToImageArgs",
    "SkillArgs",
    "SkillKind",
    "SkillSpec",
    "StyleReferenceArgs",
    "StyleTransferArgs",
    "Text",
    "TextToImageArgs",
    "ToAnimeArgs",
    "UpscaleArgs",
    "button_decision",
    "image_buttons",
    "is_ref",
    "validate_args",
]


def _variation_caption(args: Mapping[str, Any], base: str) -> str:
    extra = f", {args['prompt']}" if args.get("prompt") else ""
    return f"a variation of {base}{extra}"


def _adjust_caption(args: Mapping[str, Any], base: str) -> str:
    return f"{base}, {str(args.get('operation', 'adjusted')).replace('_', ' ')}"


# What each operation leaves a picture looking like, for the VQA question about it.
ADJUST_WORDS: dict[str, str] = {
    "brighter": "brighter",
    "darker": "darker",
    "more_contrast": "with more contrast",
    "less_contrast": "with less contrast",
    "more_saturated": "with more saturated colours",
    "grayscale": "in black and white",
    "rotate_left": "rotated to the left",
    "rotate_right": "rotated to the right",
    "flip_horizontal": "flipped horizontally",
    "flip_vertical": "flipped vertically",
    "crop_square": "cropped to a square",
}


def _diffusion(name: str) -> str:
    return f"pipelines.diffusion.{name}:run"


def _plain(name: str) -> str:
    return f"pipelines.skills.{name}:run"


# A generation's negative_prompt is left out of what it shows on purpose: "no people" is
# what a picture does *not* show, and "does it show ..., no people?" reads as asking
# about people.
SKILLS: tuple[SkillSpec, ...] = (
    SkillSpec(
        "text_to_image",
        "draw a new picture from a description",
        TextToImageArgs,
        kind="generate",
        implementation=_diffusion("text_to_image"),
        caption=Caption("{prompt}", {"prompt": "a picture"}),
        describes_result="prompt",
        look_alikes=("image_variation", "chat", "style_transfer"),
        bench=Bench({"prompt": "a lighthouse on a cliff at sunset"}),
    ),
    SkillSpec(
        "image_variation",
        "re-imagine an image or make variations of it, same composition",
        ImageVariationArgs,
        kind="edit",
        implementation=_diffusion("image_variation"),
        caption=_variation_caption,
        describes_result="prompt",
        # A variation's prompt, when given, re-describes the whole picture (spec: prompts
        # are completed from context); without one, it still shows its source.
        shows=Shows(("{prompt}", "{image}")),
        look_alikes=("text_to_image", "style_transfer", "adjust"),
        button=Button("variation", "🔁", "a variation of {image}"),
        bench=Bench({"image": "#1", "strength": "medium"}),
    ),
    SkillSpec(
        "instruct_edit",
        "any free-form edit not covered by a more specific skill"
        " (put sunglasses on it, make it snow)",
        InstructEditArgs,
        kind="edit",
        implementation=_diffusion("instruct_edit"),
        caption=Caption("{base}, edited: {instruction}"),
        describes_result="instruction",
        shows=Shows(("{image}, {instruction}",)),
        look_alikes=("replace_object", "adjust", "outpaint"),
        bench=Bench({"image": "#1", "instruction": "make it snow"}),
    ),
    SkillSpec(
        "change_background",
        "keep the subject, put it on a new background",
        ChangeBackgroundArgs,
        kind="edit",
        implementation=_diffusion("change_background"),
        caption=Caption("{base}, on a new background: {background}"),
        describes_result="background",
        shows=Shows(("{image}, with {background} as the background",)),
        look_alikes=("remove_background", "text_to_image", "instruct_edit"),
        bench=Bench({"image": "#1", "background": "a beach"}),
    ),
    SkillSpec(
        "remove_background",
        "cut out the subject on a transparent background",
        RemoveBackgroundArgs,
        kind="edit",
        implementation=_plain("remove_background"),
        gpu=False,
        delivery="document",
        caption=Caption("{base}, cut out on a transparent background"),
        shows=Shows(("{image}, cut out on a plain background",)),
        look_alikes=("remove_object", "make_sticker", "change_background"),
    ),
    SkillSpec(
        "replace_object",
        "swap one thing in the picture for another (turn the dog into a fox)",
        ReplaceObjectArgs,
        kind="edit",
        implementation=_diffusion("replace_object"),
        caption=Caption("{base}, with the {target} replaced by {replacement}"),
        describes_result="replacement",
        shows=swapped("target", "replacement"),
        look_alikes=("change_background", "instruct_edit", "remove_object"),
        bench=Bench({"image": "#1", "target": "red ball", "replacement": "a sunflower"}),
    ),
    SkillSpec(
        "remove_object",
        "erase something from the picture",
        RemoveObjectArgs,
        kind="edit",
        implementation=_diffusion("remove_object"),
        caption=Caption("{base}, without the {target}"),
        headline_arg="target",
        shows=Shows(("{image}, without {target}",)),
        look_alikes=("remove_background", "replace_object"),
        bench=Bench({"image": "#1", "target": "red ball"}),
    ),
    SkillSpec(
        "to_anime",
        "convert a picture to anime or manga style",
        ToAnimeArgs,
        kind="edit",
        implementation=_diffusion("to_anime"),
        caption=Caption("an anime-style version of {base}"),
        shows=Shows(("{image}, in anime style",)),
        look_alikes=("style_transfer", "image_variation"),
        bench=Bench({"image": "#1"}),
    ),
    SkillSpec(
        "style_transfer",
        "render a picture in an art style (Van Gogh, watercolor, pixel art, oil painting)",
        StyleTransferArgs,
        kind="edit",
        implementation=_diffusion("style_transfer"),
        caption=Caption("{base}, in {style} style"),
        describes_result="style",
        shows=in_style("style"),
        look_alikes=("text_to_image", "style_reference", "to_anime", "instruct_edit"),
        bench=Bench({"image": "#1", "style": "watercolor"}),
    ),
    # sketch_to_image, pose_to_image and qr_art take an input image, but it is a control
    # signal (strokes, a skeleton, a code) and not content to keep: their result is a new
    # picture, so consistency with the dialogue's earlier pictures is not asked of it.
    SkillSpec(
        "sketch_to_image",
        "turn a sketch or doodle into a finished picture",
        SketchToImageArgs,
        kind="generate",
        implementation=_diffusion("sketch_to_image"),
        caption=Caption("{prompt}"),
        describes_result="prompt",
        look_alikes=("text_to_image", "line_art", "replace_object", "style_transfer"),
        bench=Bench({"image": "#1", "prompt": "a red ball on grass"}, {"image": "sketch"}),
    ),
    SkillSpec(
        "pose_to_image",
        "a new picture with the same human pose as a photo",
        PoseToImageArgs,
        kind="generate",
        implementation=_diffusion("pose_to_image"),
        caption=Caption("{prompt}"),
        describes_result="prompt",
        look_alikes=("text_to_image", "image_variation"),
        bench=Bench({"image": "#1", "prompt": "an astronaut"}, {"image": "pose"}),
    ),
    SkillSpec(
        "outpaint",
        "extend the canvas, zoom out, widen the picture",
        OutpaintArgs,
        kind="edit",
        implementation=_diffusion("outpaint"),
        caption=Caption("a wider view of {base}"),
        describes_result="prompt",
        # The prompt says what the new border holds; without one, more of the same scene,
        # which the source's description already covers.
        shows=Shows(("{image}, {prompt}", "{image}")),
        look_alikes=("add_text", "upscale", "adjust"),
        bench=Bench({"image": "#1", "direction": "right"}),
    ),
    SkillSpec(
        "upscale",
        "higher resolution, sharper, bigger",
        UpscaleArgs,
        kind="edit",  # it changes how a picture looks, not what it shows
        implementation=_plain("upscale"),
        gpu=False,
        delivery="document",
        caption=Caption("{base}, upscaled x{factor}", {"factor": "2"}),
        look_alikes=("outpaint", "adjust"),
        button=Button("upscale", "⬆️", "upscale {image}", {"factor": "2"}),
    ),
    SkillSpec(
        "colorize",
        "add colour to a black-and-white picture",
        ColorizeArgs,
        kind="edit",
        implementation=_diffusion("colorize"),
        caption=Caption("a colorized version of {base}"),
        shows=Shows(("{image}, in colour",)),
        look_alikes=("line_art", "adjust"),
        bench=Bench({"image": "#1"}, {"image": "bw"}),
    ),
    SkillSpec(
        "line_art",
        "turn a picture into a line drawing or colouring page",
        LineArtArgs,
        kind="edit",
        implementation=_plain("line_art"),
        gpu=False,
        caption=Caption("a line drawing of {base}"),
        shows=Shows(("{image}, as a black-and-white line drawing",)),
        look_alikes=("colorize", "sketch_to_image"),
    ),
    SkillSpec(
        "make_sticker",
        "make a chat sticker of the subject",
        MakeStickerArgs,
        kind="edit",
        implementation=_plain("make_sticker"),
        gpu=False,
        delivery="sticker",
        caption=Caption("a sticker of {base}, with a white outline"),
        shows=Shows(("{image}, as a sticker",)),
        look_alikes=("remove_background", "add_text"),
    ),
    SkillSpec(
        "style_reference",
        "paint one image (image) in the style of another image (style_image)",
        StyleReferenceArgs,
        kind="edit",
        implementation=_diffusion("style_reference"),
        caption=Caption("{base}, in the style of another image"),
        describes_result="prompt",
        shows=Shows(
            (
                "{prompt}, in the style of {style_image}",
                "{image}, in the style of {style_image}",
            )
        ),
        look_alikes=("style_transfer", "describe_image"),
        bench=Bench({"image": "#1", "style_image": "#2"}, {"style_image": "style"}),
    ),
    SkillSpec(
        "qr_art",
        "an artistic QR code that encodes content",
        QrArtArgs,
        kind="generate",
        implementation=_diffusion("qr_art"),
        caption=Caption("{prompt}"),
        describes_result="prompt",
        # What the code holds is what its user checks; how it looks they can see.
        headline_arg="content",
        shows=Shows(("{prompt}, as a QR code",)),
        look_alikes=("text_to_image", "add_text"),
        bench=Bench({"content": "https://example.org", "prompt": "a forest, moss and light"}),
    ),
    SkillSpec(
        "add_text",
        "write a caption or meme text on the picture",
        AddTextArgs,
        kind="edit",
        implementation=_plain("add_text"),
        gpu=False,
        caption=Caption("{base}, with the text '{text}' at the {position}", {"position": "bottom"}),
        describes_result="text",
        shows=Shows(('{image}, with the text "{text}"',)),
        look_alikes=("outpaint", "chat", "replace_object"),
    ),
    SkillSpec(
        "adjust",
        "simple photo operations: brightness, contrast, saturation, grayscale, rotate, flip, crop",
        AdjustArgs,
        kind="edit",
        implementation=_plain("adjust"),
        gpu=False,
        caption=_adjust_caption,
        # An operation is an enum: users read its own title (title_adjust_<operation>).
        headline_arg="operation",
        shows=Shows(("{image}, {operation}",), {"operation": ADJUST_WORDS}),
        look_alikes=("image_variation", "colorize", "upscale"),
    ),
    SkillSpec(
        "describe_image",
        "answer a question about an image or describe it",
        DescribeImageArgs,
        kind="answer",
        implementation=_plain("describe_image"),
        headline_arg="question",
        look_alikes=("chat", "style_reference"),
    ),
    SkillSpec(
        "chat",
        "conversation that asks for no picture and no answer about one",
        ChatArgs,
        kind="answer",
        gpu=False,
        look_alikes=("describe_image", "text_to_image", "add_text"),
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


def image_buttons() -> tuple[tuple[str, str], ...]:
    """(action, label) of the skill buttons offered under a result image, in catalog order."""
    return tuple((s.button.action, s.button.label) for s in CATALOG.values() if s.button)


def button_decision(action: str, image_ref: str) -> tuple[str, dict[str, str], str] | None:
    """The (skill, args, user text) a button press on image `image_ref` stands for."""
    spec = next((s for s in CATALOG.values() if s.button and s.button.action == action), None)
    if spec is None or spec.button is None:
        return None
    args = {"image": image_ref, **spec.button.args}
    return spec.id, args, spec.button.text.format(image=image_ref)


class ArgumentProblem(Exception):
    """Arguments that cannot run; `words` ask the user (core.phrasebook), `question` is
    that in English. `detail`, when given, is the operator's reading (an admin's /fix),
    in the skill and argument names that users are not told."""

    def __init__(self, words: Words, detail: str | None = None) -> None:
        super().__init__(detail or str(words))
        self.words = words
        self.question = str(words)
        self.detail = detail


def validate_args(skill: str, args: dict[str, object], existing_refs: set[str]) -> SkillArgs:
    """Check a decision against the catalog and the images of the conversation."""
    spec = CATALOG.get(skill)
    if spec is None:
        # The user did not name it: a model's slip, which its id would not explain to them.
        raise ArgumentProblem(phrase("unknown_skill"), f"no skill {skill!r} in the catalog")
    for name in spec.ref_args:
        value = args.get(name)
        if value is not None and value not in existing_refs:
            if not existing_refs:
                raise ArgumentProblem(phrase("send_image_first"))
            refs = ", ".join(sorted(existing_refs, key=lambda r: int(r[1:])))
            raise ArgumentProblem(phrase("no_such_image", ref=value, refs=refs))
    missing = [n for n in spec.required_args if args.get(n) in (None, "")]
    if missing:
        raise ArgumentProblem(_question_for_missing(spec, missing[0], existing_refs))
    try:
        return spec.args_model.model_validate(args)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "arguments"
        reason = first.get("msg", "invalid value")
        # The argument's name and pydantic's message are the operator's (`detail`); the user
        # is asked, in their words, to put it another way.
        words = phrase("invalid_argument", title=skill_title(skill))
        raise ArgumentProblem(words, f"{skill}: {where}: {reason}") from exc


def _question_for_missing(spec: SkillSpec, name: str, existing_refs: set[str]) -> Words:
    kind = next(a.kind for a in spec.args if a.name == name)
    if kind == "ref":
        return phrase("which_picture" if existing_refs else "which_picture_none")
    if f"ask_{name}" in ENGLISH:
        return phrase(f"ask_{name}")
    return phrase("ask_other")

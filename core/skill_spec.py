"""What a skill is: one `SkillSpec` declares everything the rest of the project needs to
know about it, so that no module keeps a table of its own keyed by skill ids.

The prompt, the grammar and argument validation read `args_model`; the worker imports
`implementation`; answers are sent as `delivery` says and described for later turns
by `caption`, and to their users by a title (core.skill_titles) and `headline`; the
image metrics read `kind`, `describes_result` and `shows`; offline preference pairs
read `look_alikes`; result images offer `button`; the pipeline benchmark runs `bench`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from core.skill_args import RefMarker, SkillArgs
from core.skill_phrases import CaptionRule, Describe, Shows, ShowsRule, text_arg

if TYPE_CHECKING:
    # Only a type: core.messages reads the catalog for its default buttons.
    from core.messages import ImageDelivery

ArgKind = Literal["ref", "text", "enum"]
# generate: a new picture (an input image, if any, is a control signal such as a sketch);
# edit: a picture made from another one, whose content it keeps;
# answer: no picture (describe_image answers in words, chat talks).
SkillKind = Literal["generate", "edit", "answer"]


@dataclass(frozen=True)
class ArgSpec:
    name: str
    kind: ArgKind
    required: bool
    values: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Button:
    """A button under every result image that runs this skill on that image."""

    action: str  # the name in the button's callback data
    label: str
    text: str  # the user turn the press stands for; `{image}` is the image's ref
    args: Mapping[str, str] = field(default_factory=dict)  # besides `image`


@dataclass(frozen=True)
class Bench:
    """How `dialogdraw bench pipelines` runs the skill: arguments as a user gives them,
    and the sample picture (pipelines.bench.sample_images) of each image argument."""

    args: Mapping[str, str]
    images: Mapping[str, str] = field(default_factory=dict)  # argument -> sample; photo if absent


@dataclass(frozen=True)
class SkillSpec:
    id: str
    description: str
    args_model: type[SkillArgs]
    _: KW_ONLY
    kind: SkillKind
    # "module:function" of the pipeline, a string so that core imports no pipeline;
    # None where the engine answers itself (chat, with the intent model's own LM).
    implementation: str | None = None
    # GPU-bound skills run one at a time on a worker; CPU skills may run beside them.
    gpu: bool = True
    # Where quality or transparency matter, a platform should send a file, not a photo.
    delivery: ImageDelivery = "photo"
    # The result's caption, which later turns read to find it (None: its source's caption).
    caption: CaptionRule | None = None
    # The argument that says what the result shows (None: only the caption does).
    describes_result: str | None = None
    # The one argument a user reads after the skill's title (core.captions.plain_summary),
    # where it is not `describes_result`: what they asked to erase, their question.
    headline_arg: str | None = None
    # What the result shows, for asking a VQA model about it (training/integrate.py).
    # None: a new picture shows `describes_result`, an edit shows its source.
    shows: Shows | ShowsRule | None = None
    # The skills a model most plausibly confuses this one with (offline preference pairs).
    look_alikes: tuple[str, ...] = ()
    button: Button | None = None
    bench: Bench | None = None

    @property
    def makes_image(self) -> bool:
        return self.kind != "answer"

    @property
    def headline(self) -> str | None:
        """The argument a user reads after the skill's title, if any."""
        return self.headline_arg or self.describes_result

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

    def result_caption(self, args: Mapping[str, Any], base: str) -> str:
        """The caption of this skill's result; `base` is the caption of its source."""
        return base if self.caption is None else self.caption(args, base)

    def result_shows(self, args: Mapping[str, Any], describe: Describe) -> str | None:
        """What the result should show, given what each picture of the dialogue shows;
        None where the arguments hold no sentence to say it with."""
        if isinstance(self.shows, Shows):
            return self.shows.render(args, describe, self.ref_args)
        if self.shows is not None:
            return self.shows(args, describe)
        if self.kind == "generate":
            return text_arg(args, self.describes_result) if self.describes_result else None
        if self.kind == "edit" and "image" in self.ref_args:
            image = args.get("image")
            return describe(image) if isinstance(image, str) else None
        return None


def _arg_specs(model: type[SkillArgs]) -> tuple[ArgSpec, ...]:
    specs = []
    for name, model_field in model.model_fields.items():
        annotation = model_field.annotation
        inner = annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            inner = next(a for a in typing.get_args(annotation) if a is not type(None))
        if any(isinstance(m, RefMarker) for m in model_field.metadata):
            kind: ArgKind = "ref"
            values: tuple[str, ...] = ()
        elif typing.get_origin(inner) is Literal:
            kind, values = "enum", tuple(str(v) for v in typing.get_args(inner))
        else:
            kind, values = "text", ()
        description = model_field.description or ""
        specs.append(ArgSpec(name, kind, model_field.is_required(), values, description))
    return tuple(specs)

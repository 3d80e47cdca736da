"""The paper's image metrics over multi-turn dialogues with the pictures each round made.

Input: dialogues in the spec format (spec/dialogue-format.md) whose replies name the
images they produced (`reply.images[0].ref`), plus the image files, found per dialogue
either from an `"images": {"#1": "path.png", ...}` object on the dialogue's own line
(paths relative to the JSONL file) or as `<images dir>/<dialogue id>/<N>.png` for ref
`#N` (.png, .jpg, .jpeg or .webp).

A round is a turn whose gold skill makes a picture. Its text is what the picture should
show (TARGET_ARG below). Per round:
- VQA score: P(yes) of a VLM asked whether the result shows the text.
- CLIP similarity: cosine of the result and the text.
- Instruct edit coherence: on edit rounds 0.5 × CLIP(result, text) + 0.5 × CLIP(result,
  source image), i.e. the edit happened and the rest stayed; on generation rounds
  1 × CLIP(result, text) + 0 × image similarity, as there is no source to keep.
chat and describe_image turns make no picture and are not rounds. Each metric is the
mean over a dialogue's rounds, then the mean over dialogues (every dialogue counts once,
however many rounds it has).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Any, Literal

from PIL import Image

from core.catalog import CATALOG
from core.dialogue import Dialogue
from training.examples import gold_decision
from training.scorers import TextImageScorer, YesNoScorer

# New pictures: an input image here (sketch, pose photo) is a control signal, not
# content that should survive, so coherence is text similarity alone.
GENERATION_SKILLS = frozenset({"text_to_image", "sketch_to_image", "pose_to_image", "qr_art"})
# The argument that says what the result should show. Skills missing here (remove_*,
# to_anime, upscale, colorize, line_art, make_sticker, adjust), and optional arguments
# left out, use the caption of the result in the dialogue's reply instead.
TARGET_ARG: dict[str, str] = {
    "text_to_image": "prompt",
    "sketch_to_image": "prompt",
    "pose_to_image": "prompt",
    "qr_art": "prompt",
    "image_variation": "prompt",
    "instruct_edit": "instruction",
    "change_background": "background",
    "replace_object": "replacement",
    "style_transfer": "style",
    "style_reference": "prompt",
    "outpaint": "prompt",
    "add_text": "text",
}
EDIT_WEIGHTS = (0.5, 0.5)  # (CLIP text similarity, CLIP similarity to the source image)
GENERATION_WEIGHTS = (1.0, 0.0)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")

RoundKind = Literal["generation", "edit"]


@dataclass(frozen=True)
class DialogueImages:
    dialogue: Dialogue
    files: dict[str, Path]  # ref ("#3") -> image file


@dataclass(frozen=True)
class Round:
    dialogue_id: str
    turn: int  # 1-based, as in prediction ids
    skill: str
    kind: RoundKind
    text: str
    result: Path
    source: Path | None  # the edited image; None on generation rounds


@dataclass(frozen=True)
class RoundScore:
    round: Round
    clip_text: float
    clip_image: float | None
    vqa: float | None

    @property
    def coherence(self) -> float:
        text_w, image_w = EDIT_WEIGHTS if self.round.kind == "edit" else GENERATION_WEIGHTS
        return text_w * self.clip_text + image_w * (self.clip_image or 0.0)


@dataclass(frozen=True)
class Means:
    dialogues: int
    rounds: int
    vqa: float | None
    clip: float | None
    coherence: float | None


@dataclass
class ImageReport:
    scores: list[RoundScore]
    skipped: Counter[str] = field(default_factory=Counter)

    def means(self, kind: RoundKind | None = None) -> Means:
        chosen = [s for s in self.scores if kind is None or s.round.kind == kind]
        by_dialogue: dict[str, list[RoundScore]] = {}
        for score in chosen:
            by_dialogue.setdefault(score.round.dialogue_id, []).append(score)
        groups = list(by_dialogue.values())
        return Means(
            dialogues=len(groups),
            rounds=len(chosen),
            vqa=_macro(groups, lambda s: s.vqa),
            clip=_macro(groups, lambda s: s.clip_text),
            coherence=_macro(groups, lambda s: s.coherence),
        )


def _macro(
    groups: list[list[RoundScore]], value: Callable[[RoundScore], float | None]
) -> float | None:
    per_dialogue = []
    for group in groups:
        values = [v for v in map(value, group) if v is not None]
        if values:
            per_dialogue.append(fmean(values))
    return fmean(per_dialogue) if per_dialogue else None


def _image_files(
    dialogue: Dialogue, listed: dict[str, str] | None, base: Path, images_dir: Path | None
) -> dict[str, Path]:
    refs = [img.ref for t in dialogue.turns for img in (*t.images, *t.reply.images)]
    files: dict[str, Path] = {}
    for ref in refs:
        if listed is not None and ref in listed:
            files[ref] = base / listed[ref]
        elif images_dir is not None:
            stem = images_dir / dialogue.id / ref.lstrip("#")
            found = next((p for s in IMAGE_SUFFIXES if (p := stem.with_suffix(s)).is_file()), None)
            if found is not None:
                files[ref] = found
    return files


def read_image_dialogues(path: Path, images_dir: Path | None = None) -> list[DialogueImages]:
    """The dialogues of a JSONL file with the image file of each ref that has one."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            raw = json.loads(line)
            dialogue = Dialogue.model_validate(raw)
            files = _image_files(dialogue, raw.get("images"), path.parent, images_dir)
            out.append(DialogueImages(dialogue, files))
    return out


def _plain_text(value: Any) -> str | None:
    # Eval files may hold a check object ({"must": [...]}) instead of the text: no sentence
    # to show a scorer, so the reply's caption stands in.
    return (value.strip() or None) if isinstance(value, str) else None


def rounds(item: DialogueImages) -> tuple[list[Round], Counter[str]]:
    """The picture-making rounds of a dialogue that can be scored, and why others cannot."""
    out: list[Round] = []
    skipped: Counter[str] = Counter()
    for number, turn in enumerate(item.dialogue.turns, start=1):
        skill, args = gold_decision(turn.gold)
        spec = CATALOG.get(skill)
        if spec is None or not spec.makes_image:
            continue
        if not turn.reply.images:
            skipped["no result image in the reply"] += 1
            continue
        made = turn.reply.images[0]
        result = item.files.get(made.ref)
        if result is None or not result.is_file():
            skipped["result image file missing"] += 1
            continue
        text = _plain_text(args.get(TARGET_ARG.get(skill, ""))) or made.caption.strip()
        if not text:
            skipped["no text for the result"] += 1
            continue
        kind: RoundKind = "generation" if skill in GENERATION_SKILLS else "edit"
        source = None
        if kind == "edit":
            source = item.files.get(str(args.get("image", "")))
            if source is None or not source.is_file():
                skipped["source image file missing"] += 1
                continue
        out.append(Round(item.dialogue.id, number, skill, kind, text, result, source))
    return out, skipped


def _open(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image


def score_round(round_: Round, clip: TextImageScorer, vqa: YesNoScorer | None) -> RoundScore:
    result = _open(round_.result)
    clip_image = None
    if round_.source is not None:
        clip_image = clip.image_similarity(result, _open(round_.source))
    return RoundScore(
        round=round_,
        clip_text=clip.text_similarity(result, round_.text),
        clip_image=clip_image,
        vqa=None if vqa is None else vqa.yes_probability(result, round_.text),
    )


def evaluate_images(
    items: Iterable[DialogueImages],
    clip: TextImageScorer,
    vqa: YesNoScorer | None = None,
    on_round: Callable[[int, int], None] | None = None,
) -> ImageReport:
    """Score every round of every dialogue (VQA left out when no VQA scorer is given)."""
    todo: list[Round] = []
    skipped: Counter[str] = Counter()
    for item in items:
        found, why = rounds(item)
        todo.extend(found)
        skipped.update(why)
    scores = []
    for i, round_ in enumerate(todo, start=1):
        scores.append(score_round(round_, clip, vqa))
        if on_round is not None:
            on_round(i, len(todo))
    return ImageReport(scores, skipped)

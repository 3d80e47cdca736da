"""The paper's image metrics (section 3.3) over multi-turn dialogues with their pictures.

Input: dialogues in the spec format (spec/dialogue-format.md) whose replies name the
images they produced (`reply.images[0].ref`), plus the image files, found per dialogue
either from an `"images": {"#1": "path.png", ...}` object on the dialogue's own line
(paths relative to the JSONL file) or as `<images dir>/<dialogue id>/<N>.png` for ref
`#N` (.png, .jpg, .jpeg or .webp).

A round is a turn whose gold skill makes a picture and whose picture file is there;
chat and describe_image turns are not rounds. For a dialogue with rounds 1..n, image_i
the picture of round i and T_i = F(text_1, ..., text_i) the integrated text
(training/integrate.py: every request up to round i fused into one prompt):

    V_i    = VQA(image_i, T_i)                            P("yes"), "does it show T_i?"
    C_i    = 1/(i-1) · Σ_{j<i} CLIP(image_j, image_i)      i ≥ 2: mean image-image cosine
    IEC_i  = 1.0 · V_i + 0.0 · C_i                         generation round
           = 0.5 · V_i + 0.5 · C_i                         edit round

    multi-turn VQA score        VQA_d    = 1/n · Σ_i V_i
    multi-turn CLIP similarity  S_M_CLIP = 2/(n(n-1)) · Σ_{i=2..n} Σ_{j<i} CLIP(image_j, image_i)
    instruct edit coherence     IEC_d    = 1/n · Σ_i IEC_i

Each figure is the mean of its per-dialogue values (every dialogue counts once, however
many rounds it has). A dialogue with one picture has no pair: it is left out of the
S_M_CLIP mean and counted. An edit round with no earlier round picture (the dialogue's
first round edits an upload) takes C_i = CLIP(edited upload, image_i), the only earlier
picture there is; without that file its IEC is left out and counted. The pairs of
S_M_CLIP are over round pictures only, uploads included in none, as in the paper.

Kept from before, and named so: the per-round CLIP text similarity CLIP(image_i,
own text of round i), the round's own argument (the catalog's `describes_result`) or
the reply's caption.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Any, Literal

from PIL import Image

from core.catalog import CATALOG, SkillSpec
from core.dialogue import Dialogue, ImageInfo
from training.examples import gold_decision
from training.integrate import ChainIntegrator, Integrator, Request
from training.scorers import TextImageScorer, YesNoScorer

# The paper weighs a round 1:0 when it makes a new picture and 0.5:0.5 when it edits
# one; the catalog says which a skill does (`kind`).
EDIT_WEIGHTS = (0.5, 0.5)  # (q1: multi-turn VQA, q2: multi-turn CLIP)
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
    ref: str  # the picture it made
    text: str  # T_i = F(text_1, ..., text_i)
    own_text: str  # the round's own argument or caption (legacy CLIP text similarity)
    result: Path
    source: Path | None  # the picture it edits, where that file exists


@dataclass(frozen=True)
class RoundScore:
    round: Round
    vqa: float | None  # V_i; None when no VQA model was given
    earlier: dict[str, float]  # ref of each earlier round picture j -> CLIP(image_j, image_i)
    consistency: float | None  # C_i
    clip_text: float  # legacy: CLIP(image_i, own text)

    @property
    def coherence(self) -> float | None:
        """IEC_i; None without a VQA score, or for an edit with no earlier picture."""
        q1, q2 = EDIT_WEIGHTS if self.round.kind == "edit" else GENERATION_WEIGHTS
        if self.vqa is None or (q2 and self.consistency is None):
            return None
        return q1 * self.vqa + q2 * (self.consistency or 0.0)


@dataclass(frozen=True)
class Means:
    dialogues: int
    rounds: int
    vqa: float | None
    clip: float | None  # S_M_CLIP; None when no dialogue has two pictures, or per kind
    coherence: float | None
    clip_text: float | None  # legacy per-round CLIP text similarity
    pair_dialogues: int  # dialogues in the S_M_CLIP mean (two pictures or more)
    pairs: int


@dataclass
class ImageReport:
    scores: list[RoundScore]
    skipped: Counter[str] = field(default_factory=Counter)
    integrator: str = ""

    def by_dialogue(self) -> dict[str, list[RoundScore]]:
        groups: dict[str, list[RoundScore]] = {}
        for score in self.scores:
            groups.setdefault(score.round.dialogue_id, []).append(score)
        return groups

    def means(self, kind: RoundKind | None = None) -> Means:
        """All rounds, or one kind's: V and IEC over those rounds only; S_M_CLIP belongs
        to a dialogue's pictures together, so it is given for all rounds alone."""
        groups = [
            chosen
            for group in self.by_dialogue().values()
            if (chosen := [s for s in group if kind is None or s.round.kind == kind])
        ]
        pairs = [[v for s in group for v in s.earlier.values()] for group in groups]
        pairs = [p for p in pairs if p] if kind is None else []
        return Means(
            dialogues=len(groups),
            rounds=sum(map(len, groups)),
            vqa=_macro(groups, lambda s: s.vqa),
            clip=fmean(map(fmean, pairs)) if pairs else None,
            coherence=_macro(groups, lambda s: s.coherence),
            clip_text=_macro(groups, lambda s: s.clip_text),
            pair_dialogues=len(pairs),
            pairs=sum(map(len, pairs)),
        )

    def without_coherence(self) -> int:
        """Edit rounds with a VQA score but no earlier picture, so no IEC."""
        return sum(s.vqa is not None and s.coherence is None for s in self.scores)


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


def _own_text(spec: SkillSpec, args: dict[str, Any], made: ImageInfo) -> str:
    # The argument that says what the result shows; without one, or left out, the caption.
    value = args.get(spec.describes_result) if spec.describes_result else None
    # A check object ({"must": [...]}) is no sentence to show a scorer: the caption stands in.
    return (value.strip() if isinstance(value, str) else "") or made.caption.strip()


def rounds(
    item: DialogueImages, integrator: Integrator | None = None
) -> tuple[list[Round], Counter[str]]:
    """The rounds of a dialogue that can be scored, each with its T_i, and why others cannot."""
    integrate = (integrator or ChainIntegrator()).integrate
    out: list[Round] = []
    skipped: Counter[str] = Counter()
    history: list[Request] = []
    uploads: list[ImageInfo] = []
    for number, turn in enumerate(item.dialogue.turns, start=1):
        uploads.extend(turn.images)
        skill, args = gold_decision(turn.gold)
        spec = CATALOG.get(skill)
        if spec is None or not spec.makes_image:
            continue
        if not turn.reply.images:
            skipped["no result image in the reply"] += 1
            continue
        made = turn.reply.images[0]
        # Every request that made a picture is text for F, scored or not: a later edit of
        # a picture whose file is lost still builds on what that request asked for.
        history.append(Request(number, turn.user, tuple(uploads), skill, args, made))
        uploads = []
        result = item.files.get(made.ref)
        if result is None or not result.is_file():
            skipped["result image file missing"] += 1
            continue
        text = integrate(history).strip()
        if not text:
            skipped["no text for the result"] += 1
            continue
        kind: RoundKind = "generation" if spec.kind == "generate" else "edit"
        source = item.files.get(str(args.get("image", ""))) if kind == "edit" else None
        if source is not None and not source.is_file():
            source = None
        own = _own_text(spec, args, made)
        out.append(
            Round(item.dialogue.id, number, skill, kind, made.ref, text, own, result, source)
        )
    return out, skipped


def integrate_rounds(
    items: Iterable[DialogueImages], integrator: Integrator | None = None
) -> tuple[list[Round], Counter[str]]:
    """Every scorable round of every dialogue with its integrated text."""
    todo: list[Round] = []
    skipped: Counter[str] = Counter()
    for item in items:
        found, why = rounds(item, integrator)
        todo.extend(found)
        skipped.update(why)
    return todo, skipped


def _open(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image


def score_dialogue(
    dialogue_rounds: Sequence[Round], clip: TextImageScorer, vqa: YesNoScorer | None
) -> list[RoundScore]:
    """The rounds of one dialogue, in order: each picture against all earlier ones."""
    images = [_open(r.result) for r in dialogue_rounds]
    out = []
    for i, round_ in enumerate(dialogue_rounds):
        image = images[i]
        earlier = {
            dialogue_rounds[j].ref: clip.image_similarity(images[j], image) for j in range(i)
        }
        consistency = fmean(earlier.values()) if earlier else None
        if consistency is None and round_.source is not None:
            consistency = clip.image_similarity(_open(round_.source), image)
        out.append(
            RoundScore(
                round=round_,
                vqa=None if vqa is None else vqa.yes_probability(image, round_.text),
                earlier=earlier,
                consistency=consistency,
                clip_text=clip.text_similarity(image, round_.own_text),
            )
        )
    return out


def score_rounds(
    todo: Sequence[Round],
    clip: TextImageScorer,
    vqa: YesNoScorer | None = None,
    on_round: Callable[[int, int], None] | None = None,
) -> list[RoundScore]:
    groups: dict[str, list[Round]] = {}
    for round_ in todo:
        groups.setdefault(round_.dialogue_id, []).append(round_)
    scores: list[RoundScore] = []
    for group in groups.values():
        scores.extend(score_dialogue(group, clip, vqa))
        if on_round is not None:
            on_round(len(scores), len(todo))
    return scores


def evaluate_images(
    items: Iterable[DialogueImages],
    clip: TextImageScorer,
    vqa: YesNoScorer | None = None,
    integrator: Integrator | None = None,
    on_round: Callable[[int, int], None] | None = None,
) -> ImageReport:
    """Score every round of every dialogue (VQA, and so IEC, left out without a VQA scorer)."""
    chosen = integrator or ChainIntegrator()
    todo, skipped = integrate_rounds(items, chosen)
    return ImageReport(score_rounds(todo, clip, vqa, on_round), skipped, chosen.name)

"""The hand-written multilingual natural test set (training/data/natural_multilingual.jsonl).

Never trained on: real-looking Telegram/Discord turns in 14 languages. These checks keep it
usable as an evaluation set: the project's loader reads it, every gold names a catalog skill
whose arguments validate against the catalog (refs pointing at images that exist by then,
enums among the listed values), refs count uploads and results in order, each language and
each skill is covered, and a prediction equal to the gold scores full marks.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from core.catalog import CATALOG, ArgumentProblem, validate_args
from core.dialogue import Dialogue, Prediction
from training.examples import read_dialogues
from training.intent_metrics import gold_turns, score

PATH = Path(__file__).resolve().parents[2] / "training" / "data" / "natural_multilingual.jsonl"

# lang field → id part, and the fewest dialogues each must have.
LANGUAGES: dict[str, tuple[str, int]] = {
    "es": ("es", 5),
    "pt-BR": ("pt", 5),
    "ru": ("ru", 5),
    "uk": ("uk", 5),
    "tr": ("tr", 5),
    "id": ("id", 5),
    "hi-Latn": ("hinglish", 5),
    "ar": ("ar", 5),
    "de": ("de", 5),
    "fr": ("fr", 5),
    "it": ("it", 5),
    "pl": ("pl", 5),
    "ja": ("ja", 2),
    "zh": ("zh", 2),
}
MIN_DIALOGUES, MIN_TURNS, MIN_PER_SKILL = 64, 170, 4
# Text arguments that feed a diffusion model: judged in English (the bot translates them).
ENGLISH_ARGS = {
    "prompt",
    "negative_prompt",
    "background",
    "style",
    "target",
    "replacement",
    "instruction",
}
UPLOAD_CAPTION = "an image the user uploaded"


def _raw() -> list[dict[str, Any]]:
    with PATH.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _skills(gold: dict[str, Any]) -> list[str]:
    skill = gold["skill"]
    return list(skill) if isinstance(skill, list) else [skill]


def _args_for(gold: dict[str, Any], skill: str) -> dict[str, Any]:
    args = gold.get("args") or {}
    return dict(args.get(skill, {})) if isinstance(gold["skill"], list) else dict(args)


def _concrete(args: dict[str, Any]) -> dict[str, Any]:
    """The gold as a model would emit it: each check object → a text that meets it."""
    out: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, dict):
            firsts = [entry.split("|")[0].strip() for entry in value.get("must", [])]
            out[name] = " ".join(firsts) or "hello"
        else:
            out[name] = value
    return out


@pytest.fixture(scope="module")
def dialogues() -> list[Dialogue]:
    return read_dialogues(PATH)


def test_the_loader_reads_every_line(dialogues: list[Dialogue]) -> None:
    raw = _raw()
    assert len(dialogues) == len(raw) >= MIN_DIALOGUES
    assert sum(len(d.turns) for d in dialogues) >= MIN_TURNS
    assert all(2 <= len(d.turns) <= 4 for d in dialogues)
    assert len({d.id for d in dialogues}) == len(dialogues), "dialogue ids repeat"


def test_ids_name_their_language_and_every_language_has_its_minimum() -> None:
    per_language: Counter[str] = Counter()
    for d in _raw():
        lang = d.get("lang")
        assert lang in LANGUAGES, f"{d['id']}: unknown lang {lang!r}"
        code, _ = LANGUAGES[lang]
        assert re.fullmatch(rf"ml-{re.escape(code)}-\d{{3}}", d["id"]), d["id"]
        per_language[lang] += 1
    short = {lang: n for lang, (_, n) in LANGUAGES.items() if per_language[lang] < n}
    assert not short, f"languages under their minimum: {short} (have {dict(per_language)})"


def test_refs_count_uploads_and_results_in_order(dialogues: list[Dialogue]) -> None:
    for d in dialogues:
        n = 0
        for i, turn in enumerate(d.turns, start=1):
            for image in [*turn.images, *turn.reply.images]:
                n += 1
                assert image.ref == f"#{n}", f"{d.id}/{i}: {image.ref} where #{n} was due"
                assert image.caption, f"{d.id}/{i}: {image.ref} has no caption"
            makes_image = {CATALOG[s].makes_image for s in _skills(turn.gold) if s in CATALOG}
            assert len(makes_image) == 1, f"{d.id}/{i}: gold skills of mixed kinds"
            expected = 1 if makes_image.pop() else 0
            assert len(turn.reply.images) == expected, f"{d.id}/{i}: reply images"
            assert turn.reply.text.strip(), f"{d.id}/{i}: empty reply"


def test_every_gold_validates_against_the_catalog(dialogues: list[Dialogue]) -> None:
    for d in dialogues:
        existing: list[str] = []
        for i, turn in enumerate(d.turns, start=1):
            where = f"{d.id}/{i}"
            existing += [image.ref for image in turn.images]
            skills = _skills(turn.gold)
            assert len(skills) == len(set(skills)) >= 1, where
            if isinstance(turn.gold["skill"], list):
                assert set(turn.gold.get("args", {})) == set(skills), where
            for skill in skills:
                assert skill in CATALOG, f"{where}: {skill} is not a catalog skill"
                spec = CATALOG[skill]
                kinds = {a.name: a.kind for a in spec.args}
                args = _args_for(turn.gold, skill)
                for name, value in args.items():
                    assert name in kinds, f"{where}: {skill} has no argument {name}"
                    if kinds[name] != "text":
                        assert isinstance(value, str), f"{where}: {name} must be exact"
                        continue
                    if isinstance(value, str):
                        continue
                    assert set(value) <= {"must", "must_not"}, f"{where}: {name} check"
                    entries = value.get("must", [])
                    assert all(e.strip() for e in entries), f"{where}: empty entry in {name}"
                    if skill != "chat":
                        assert entries, f"{where}: {name} checks nothing"
                    if name in ENGLISH_ARGS:
                        assert all(e.isascii() for e in entries), f"{where}: {name} not English"
                try:
                    validate_args(skill, _concrete(args), set(existing))
                except ArgumentProblem as exc:
                    pytest.fail(f"{where}: {skill} {args}: {exc.detail or exc.question}")
            existing += [image.ref for image in turn.reply.images]


def test_every_skill_is_met_often_enough(dialogues: list[Dialogue]) -> None:
    # Only turns with one acceptable skill count: a gold that allows several proves less.
    counts = Counter(
        turn.gold["skill"]
        for d in dialogues
        for turn in d.turns
        if isinstance(turn.gold["skill"], str)
    )
    short = {s: counts[s] for s in CATALOG if counts[s] < MIN_PER_SKILL}
    assert not short, f"skills under {MIN_PER_SKILL} turns: {short}"


def test_uploads_come_with_vision_captions_and_placeholder_ones(
    dialogues: list[Dialogue],
) -> None:
    captions = [image.caption for d in dialogues for t in d.turns for image in t.images]
    assert sum(c == UPLOAD_CAPTION for c in captions) >= 5
    assert sum(c != UPLOAD_CAPTION for c in captions) >= 30


def test_a_prediction_equal_to_the_gold_scores_full_marks(dialogues: list[Dialogue]) -> None:
    turns = gold_turns(dialogues)
    predictions = {}
    for turn in turns:
        skill = turn.skills[0]
        args = _concrete(turn.gold_args(skill))
        raw = json.dumps({"skill": skill, "args": args}, ensure_ascii=False)
        predictions[turn.request.id] = Prediction(
            id=turn.request.id, skill=skill, args=args, raw=raw
        )
    report = score(turns, predictions)
    assert report.overall.isa == 1.0
    assert report.overall.argument_accuracy == 1.0
    assert report.overall.json_conformity == 1.0

"""The intent scores of spec/dialogue-format.md: ISA, argument accuracy, structural conformity.

Predictions are scored against the gold of the dialogue turn they answer; the request
gives the images that existed, which structural conformity needs.

Structural conformity follows the paper: per turn, 0.6 × the JSON check (parses, names a
catalog skill, required arguments of the right types, only existing refs) + 0.4 × the
text check of `training/text_quality.py` (no repetition, no invented text, nothing
non-printable in the text arguments). The JSON check alone is reported beside it as
"structural (JSON only)": under the grammar it reads 1.000 for every model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.catalog import CATALOG, ArgumentProblem, validate_args
from core.dialogue import Dialogue, Prediction, PredictionRequest
from training.text_quality import STOPWORDS, decision_text_problems

_WORD_RE = re.compile(r"[\w']+")
# The paper weighs the JSON check and the repetition/garble check 6:4.
JSON_WEIGHT, TEXT_WEIGHT = 0.6, 0.4


@dataclass(frozen=True)
class GoldTurn:
    request: PredictionRequest
    gold: Mapping[str, Any]

    @property
    def skills(self) -> tuple[str, ...]:
        skill = self.gold["skill"]
        return tuple(skill) if isinstance(skill, list) else (skill,)

    @property
    def label(self) -> str:
        return "|".join(self.skills)

    def gold_args(self, skill: str) -> Mapping[str, Any]:
        args = self.gold.get("args") or {}
        return args.get(skill, {}) if isinstance(self.gold["skill"], list) else args


@dataclass
class Tally:
    n: int = 0
    skill_hits: int = 0
    arg_scores: list[float] = field(default_factory=list)
    conform: int = 0  # turns whose raw passes the JSON check
    clean: int = 0  # turns whose text arguments pass the text check

    def add(self, skill_ok: bool, arg_score: float | None, conforms: bool, clean: bool) -> None:
        self.n += 1
        self.skill_hits += skill_ok
        if arg_score is not None:
            self.arg_scores.append(arg_score)
        self.conform += conforms
        self.clean += clean

    @property
    def isa(self) -> float:
        return self.skill_hits / self.n if self.n else 0.0

    @property
    def argument_accuracy(self) -> float | None:
        return sum(self.arg_scores) / len(self.arg_scores) if self.arg_scores else None

    @property
    def json_conformity(self) -> float:
        """The JSON/catalog check alone: "structural (JSON only)"."""
        return self.conform / self.n if self.n else 0.0

    @property
    def text_soundness(self) -> float:
        """The share of turns whose text arguments pass the repetition/garble check."""
        return self.clean / self.n if self.n else 0.0

    @property
    def structural_conformity(self) -> float:
        """The paper's structural conformity: 0.6 × JSON check + 0.4 × text check."""
        return JSON_WEIGHT * self.json_conformity + TEXT_WEIGHT * self.text_soundness


@dataclass
class IntentReport:
    overall: Tally
    per_skill: dict[str, Tally]
    # Filled when the turns' languages are known (training/turn_languages.py).
    per_language: dict[str, Tally] = field(default_factory=dict)


def gold_turns(dialogues: Iterable[Dialogue]) -> list[GoldTurn]:
    """Every turn of every dialogue as the request `predict` gets, with its gold."""
    return [
        GoldTurn(request, turn.gold)
        for d in dialogues
        for request, turn in zip(d.requests(), d.turns, strict=True)
    ]


def score(
    turns: Iterable[GoldTurn],
    predictions: Mapping[str, Prediction],
    languages: Mapping[str, str] | None = None,
) -> IntentReport:
    """Score predictions (by request id); a missing prediction counts as wrong everywhere.
    With `languages` (request id → language) the turns are also tallied per language."""
    overall, per_skill, per_language = Tally(), dict[str, Tally](), dict[str, Tally]()
    for turn in turns:
        pred = predictions.get(turn.request.id)
        skill_ok = pred is not None and pred.skill in turn.skills
        arg_score = (
            argument_score(pred.args, turn.gold_args(pred.skill), pred.skill)
            if (pred is not None and skill_ok)
            else None
        )
        conforms = pred is not None and structurally_conforms(pred.raw, turn.request)
        clean = pred is not None and not decision_text_problems(pred.raw, turn.request)
        overall.add(skill_ok, arg_score, conforms, clean)
        per_skill.setdefault(turn.label, Tally()).add(skill_ok, arg_score, conforms, clean)
        if languages is not None:
            language = languages.get(turn.request.id, "en")
            per_language.setdefault(language, Tally()).add(skill_ok, arg_score, conforms, clean)
    return IntentReport(
        overall, dict(sorted(per_skill.items())), dict(sorted(per_language.items()))
    )


def argument_score(
    predicted: Mapping[str, Any], gold: Mapping[str, Any], skill: str
) -> float | None:
    """The share of gold argument checks met; None when the gold sets no argument."""
    if not gold:
        return None
    met = sum(
        argument_matches(predicted.get(name), check, skill, name) for name, check in gold.items()
    )
    return met / len(gold)


def argument_matches(value: Any, check: Any, skill: str, name: str) -> bool:
    if isinstance(check, dict):
        return isinstance(value, str) and text_meets_check(value, check)
    spec = CATALOG.get(skill)
    kind = next((a.kind for a in spec.args if a.name == name), None) if spec else None
    if kind == "text" and isinstance(check, str):
        return isinstance(value, str) and contains_content_words(value, check)
    # Refs and enums: exactly.
    return value is not None and str(value) == str(check)


def text_meets_check(text: str, check: Mapping[str, Any]) -> bool:
    lowered = text.lower()
    must = all(
        any(alt.strip().lower() in lowered for alt in entry.split("|") if alt.strip())
        for entry in check.get("must", [])
    )
    must_not = any(entry.lower() in lowered for entry in check.get("must_not", []))
    return must and not must_not


def content_words(text: str) -> list[str]:
    return [w for w in _WORD_RE.findall(text.lower()) if w not in STOPWORDS]


def contains_content_words(text: str, gold: str) -> bool:
    lowered = text.lower()
    return all(word in lowered for word in content_words(gold))


def structurally_conforms(raw: str, request: PredictionRequest) -> bool:
    """The JSON check: parses as JSON, names a catalog skill, required args with the right
    types, refs exist."""
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, TypeError):
        return False
    if not isinstance(obj, dict) or not isinstance(obj.get("args"), dict):
        return False
    skill = obj.get("skill")
    if not isinstance(skill, str):
        return False
    try:
        validate_args(skill, obj["args"], set(request.existing_refs()))
    except ArgumentProblem:
        return False
    return True


def read_predictions(lines: Iterable[str]) -> dict[str, Prediction]:
    out: dict[str, Prediction] = {}
    for line in lines:
        if line.strip():
            pred = Prediction.model_validate_json(line)
            out[pred.id] = pred
    return out


def read_dialogues(lines: Iterable[str]) -> list[Dialogue]:
    return [Dialogue.model_validate_json(line) for line in lines if line.strip()]

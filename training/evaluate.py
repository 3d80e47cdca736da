"""Score an intent model on dialogue files: the numbers the model card and the gate use."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.dialogue import Prediction
from core.ports import IntentModel
from training.examples import read_dialogues
from training.intent_metrics import IntentReport, Tally, gold_turns, score


def evaluate_file(
    intent: IntentModel,
    path: Path,
    limit: int | None = None,
    seed: int = 0,
    on_turn: Callable[[int, int], None] | None = None,
) -> IntentReport:
    """Predict every turn of the file (or a seeded sample of `limit` turns) and score it."""
    turns = gold_turns(read_dialogues(path))
    if limit is not None and limit < len(turns):
        turns = random.Random(seed).sample(turns, limit)
    predictions: dict[str, Prediction] = {}
    for i, turn in enumerate(turns, start=1):
        result = intent.predict(turn.request)
        predictions[turn.request.id] = Prediction(
            id=turn.request.id, skill=result.best.skill, args=result.best.args, raw=result.raw
        )
        if on_turn is not None:
            on_turn(i, len(turns))
    return score(turns, predictions)


def tally_dict(tally: Tally) -> dict[str, Any]:
    return {
        "n": tally.n,
        "isa": round(tally.isa, 4),
        "argument_accuracy": None
        if tally.argument_accuracy is None
        else round(tally.argument_accuracy, 4),
        "structural_conformity": round(tally.structural_conformity, 4),
        "structural_json_only": round(tally.json_conformity, 4),
        "text_check": round(tally.text_soundness, 4),
    }


def summary_dict(report: IntentReport) -> dict[str, Any]:
    """The figures `eval intents --json` writes, in teacher-forced and closed-loop mode."""
    overall = tally_dict(report.overall)
    return {
        "turns": overall["n"],
        "isa": overall["isa"],
        "arg_acc": overall["argument_accuracy"],
        "structural": overall["structural_conformity"],
        "structural_json_only": overall["structural_json_only"],
        "text_check": overall["text_check"],
        "per_skill": {name: tally_dict(t) for name, t in report.per_skill.items()},
        **(
            {"per_language": {name: tally_dict(t) for name, t in report.per_language.items()}}
            if report.per_language
            else {}
        ),
    }


def report_dict(report: IntentReport) -> dict[str, Any]:
    return {
        "overall": tally_dict(report.overall),
        "per_skill": {name: tally_dict(t) for name, t in report.per_skill.items()},
    }

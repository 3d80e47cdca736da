"""DrawnConvos(HF) as offline preference pairs: the gold decision over a look-alike one.

The paper's preference stage trains on its HF split; our synthesiser knows each turn's
gold decision, and the rejected answer is the reading a model most plausibly confuses it
with (remove the man vs remove the background, add text vs extend the canvas, …: the
catalog entry's `look_alikes`), built from the same turn's words and images so that only
the choice of skill differs. Mixed into the chat pairs, they keep DPO on a few dozen chat
pairs from drifting away from everything else the model already does right.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.catalog import CATALOG, ArgumentProblem, validate_args
from core.dialogue import PredictionRequest
from core.learning.export import preference_row
from training.examples import gold_decision, read_dialogues

SOURCE = "offline"


def look_alike(
    request: PredictionRequest, skill: str, args: dict[str, Any], rng: random.Random
) -> tuple[str, dict[str, Any]] | None:
    """A valid decision of a confusable skill for the same turn, or None if none fits."""
    refs = list(dict.fromkeys(request.existing_refs()))
    texts = [v for v in args.values() if isinstance(v, str) and not v.startswith("#")]
    last_user = next((m.text for m in reversed(request.messages) if m.role == "user"), "")
    text = (texts[0] if texts else last_user)[:300] or "a picture"
    image = args.get("image") or (refs[-1] if refs else None)
    gold = CATALOG.get(skill)
    options = list(gold.look_alikes) if gold is not None else []
    rng.shuffle(options)
    for other in options:
        spec = CATALOG[other]
        wrong: dict[str, Any] = {}
        for arg in spec.args:
            if not arg.required:
                continue
            if arg.kind == "ref":
                wrong[arg.name] = image if arg.name == "image" else (refs[0] if refs else None)
            elif arg.kind == "enum":
                wrong[arg.name] = rng.choice(arg.values)
            else:
                wrong[arg.name] = text
        try:
            validate_args(other, wrong, set(refs))
        except ArgumentProblem:
            continue
        return other, wrong
    return None


def offline_rows(
    path: Path, dialogues: int, pairs: int, weight: float, seed: int
) -> list[dict[str, Any]]:
    """Up to `pairs` preference rows from the turns of the first `dialogues` dialogues."""
    rng = random.Random(seed)
    turns = [
        (request, turn.gold)
        for dialogue in read_dialogues(path)[:dialogues]
        for request, turn in zip(dialogue.requests(), dialogue.turns, strict=True)
    ]
    rng.shuffle(turns)
    rows: list[dict[str, Any]] = []
    for request, gold in turns:
        if len(rows) >= pairs:
            break
        skill, args = gold_decision(dict(gold))
        wrong = look_alike(request, skill, args, rng)
        if wrong is None:
            continue
        rows.append(
            preference_row(
                {
                    "pair_key": f"{SOURCE}:{request.id}",
                    "context": [m.model_dump() for m in request.messages],
                    "chosen": {"skill": skill, "args": args},
                    "rejected": {"skill": wrong[0], "args": wrong[1]},
                    "weight": weight,
                    "source": SOURCE,
                }
            )
        )
    return rows


def offline_dialogue_ids(path: Path, dialogues: int) -> Sequence[str]:
    """The dialogues offline pairs may come from: simulations must draw from the others."""
    return [d.id for d in read_dialogues(path)[:dialogues]]

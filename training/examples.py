"""Dialogues → tokenized training turns, through the one prompt builder of inference."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.dialogue import Dialogue, PredictionRequest
from core.intent.prompt import intent_prompt, intent_prompt_prefix, render_target

IGNORE = -100


def read_dialogues(path: Path) -> list[Dialogue]:
    with path.open(encoding="utf-8") as fh:
        return [Dialogue.model_validate_json(line) for line in fh if line.strip()]


def gold_decision(gold: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The decision to train on; eval golds with several acceptable skills use the first."""
    skill = gold["skill"]
    if isinstance(skill, list):
        first = skill[0]
        return first, dict(gold.get("args", {}).get(first, {}))
    return skill, dict(gold.get("args", {}))


def turns(dialogues: Iterable[Dialogue]) -> Iterator[tuple[PredictionRequest, str, dict[str, Any]]]:
    """Every turn of every dialogue with its gold: teacher forcing, each answer trained."""
    for dialogue in dialogues:
        for request, turn in zip(dialogue.requests(), dialogue.turns, strict=True):
            skill, args = gold_decision(turn.gold)
            yield request, skill, args


@dataclass(frozen=True)
class TokenizedTurn:
    """The tokens after the shared system prompt; labels only on the answer."""

    input_ids: list[int]
    labels: list[int]


class TurnTokenizer:
    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.prefix_ids: list[int] = tokenizer.encode(
            intent_prompt_prefix(tokenizer), add_special_tokens=False
        )
        self.eos = int(tokenizer.eos_token_id)

    def __call__(
        self, request: PredictionRequest, skill: str, args: dict[str, Any]
    ) -> TokenizedTurn:
        prompt = self.tokenizer.encode(
            intent_prompt(self.tokenizer, request.messages), add_special_tokens=False
        )
        n = len(self.prefix_ids)
        if prompt[:n] != self.prefix_ids:
            raise ValueError("the chat template merges tokens across the system prompt boundary")
        answer = self.tokenizer.encode(render_target(skill, args), add_special_tokens=False)
        answer.append(self.eos)
        body = prompt[n:]
        return TokenizedTurn(body + answer, [IGNORE] * len(body) + answer)


def tokenized_turns(
    dialogues: list[Dialogue],
    tokenizer: TurnTokenizer,
    *,
    max_length: int,
    max_examples: int | None,
    seed: int,
    skip: int = 0,
) -> tuple[list[TokenizedTurn], int]:
    """Shuffled tokenized turns within the length budget; returns them and how many were
    too long (dropped rather than cut: a cut dialogue teaches wrong references).

    `skip` leaves out the first turns of the same shuffled order: those an earlier run
    with the same seed and budget trained on, so that a continuation reads new ones.
    """
    items = list(turns(dialogues))
    random.Random(seed).shuffle(items)
    out: list[TokenizedTurn] = []
    too_long = 0
    for request, skill, args in items:
        if max_examples is not None and len(out) >= max_examples:
            break
        example = tokenizer(request, skill, args)
        if len(example.input_ids) > max_length:
            too_long += 1
            continue
        if skip > 0:
            skip -= 1
            continue
        out.append(example)
    return out, too_long


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")

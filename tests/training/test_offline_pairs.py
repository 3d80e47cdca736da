"""Offline DrawnConvos(HF) pairs: gold over a valid look-alike, in trl's row format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.catalog import CATALOG, validate_args
from core.intent.prompt import intent_system_prompt
from tests.core.intent.conftest import smollm2_tokenizer
from training.examples import gold_decision, read_dialogues
from training.offline_pairs import offline_dialogue_ids, offline_rows
from training.preference_batches import PairTokenizer
from training.synth import synthesize
from training.synth.splits import to_jsonl

__all__ = ["smollm2_tokenizer"]


def test_every_skill_has_look_alikes_from_the_catalog() -> None:
    for skill, spec in CATALOG.items():
        others = spec.look_alikes
        assert others and skill not in others and set(others) <= set(CATALOG)


def test_rows_prefer_the_gold_over_a_valid_other_skill(
    tmp_path: Path, smollm2_tokenizer: Any
) -> None:
    path = tmp_path / "hf.jsonl"
    path.write_text(to_jsonl(synthesize(40, seed=4)), encoding="utf-8")
    requests = {
        r.id: (r, turn.gold)
        for d in read_dialogues(path)[:30]
        for r, turn in zip(d.requests(), d.turns, strict=True)
    }

    rows = offline_rows(path, dialogues=30, pairs=25, weight=0.5, seed=1)

    assert len(rows) == 25
    assert rows == offline_rows(path, dialogues=30, pairs=25, weight=0.5, seed=1)
    pair_tokenizer = PairTokenizer(smollm2_tokenizer)
    for row in rows:
        request, gold = requests[row["id"].removeprefix("offline:")]
        skill, _ = gold_decision(dict(gold))
        chosen = row["chosen"][0]["content"]
        rejected = row["rejected"][0]["content"]
        assert f'"skill": "{skill}"' in chosen
        assert f'"skill": "{skill}"' not in rejected
        assert row["prompt"][0]["content"] == intent_system_prompt()
        assert (row["weight"], row["source"]) == (0.5, "offline")
        pair_tokenizer(row)  # the DPO stage reads it as it is
        wrong = json.loads(rejected)
        validate_args(wrong["skill"], wrong["args"], set(request.existing_refs()))
    assert offline_dialogue_ids(path, 30) == [d.id for d in read_dialogues(path)[:30]]

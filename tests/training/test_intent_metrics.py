"""The spec's intent scores on hand-made predictions with known answers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.dialogue import Dialogue, Prediction
from training.intent_metrics import (
    argument_score,
    contains_content_words,
    gold_turns,
    score,
    structurally_conforms,
    text_meets_check,
)

DIALOGUE = Dialogue.model_validate(
    {
        "id": "d",
        "turns": [
            {
                "user": "draw a cat on a beach, no people",
                "gold": {
                    "skill": "text_to_image",
                    "args": {
                        "prompt": {"must": ["cat", "beach|shore"], "must_not": ["people"]},
                        "negative_prompt": "people",
                    },
                },
                "reply": {"images": [{"ref": "#1", "caption": "a cat on a beach"}]},
            },
            {
                "user": "turn the cat into a fox",
                "gold": {
                    "skill": ["replace_object", "instruct_edit"],
                    "args": {
                        "replace_object": {
                            "image": "#1",
                            "target": "the cat",
                            "replacement": "fox",
                        },
                        "instruct_edit": {"image": "#1", "instruction": {"must": ["fox"]}},
                    },
                },
                "reply": {"images": [{"ref": "#2", "caption": "a fox on a beach"}]},
            },
            {
                "user": "make it darker",
                "gold": {"skill": "adjust", "args": {"image": "#2", "operation": "darker"}},
            },
            {"user": "thanks!", "gold": {"skill": "chat", "args": {}}},
        ],
    }
)


def pred(id: str, skill: str, args: dict[str, Any], raw: str | None = None) -> Prediction:
    text = raw if raw is not None else json.dumps({"skill": skill, "args": args})
    return Prediction(id=id, skill=skill, args=args, raw=text)


def test_scores_on_known_predictions() -> None:
    predictions = {
        # right skill; prompt check met, negative_prompt content word met: 2/2
        "d/1": pred(
            "d/1", "text_to_image", {"prompt": "A CAT on the shore", "negative_prompt": "no people"}
        ),
        # second acceptable skill; instruction lacks "fox": 1/2
        "d/2": pred("d/2", "instruct_edit", {"image": "#1", "instruction": "make it a dog"}),
        # wrong skill; raw refers to an image that does not exist: not conforming
        "d/3": pred("d/3", "instruct_edit", {"image": "#5", "instruction": "darker"}),
        # right skill, no gold args: not in argument accuracy; raw is not JSON
        "d/4": pred("d/4", "chat", {"message": "thanks!"}, raw="Sure! {"),
    }
    report = score(gold_turns([DIALOGUE]), predictions)
    assert report.overall.n == 4
    assert report.overall.isa == pytest.approx(3 / 4)
    assert report.overall.argument_accuracy == pytest.approx((1.0 + 0.5) / 2)
    assert report.overall.structural_conformity == pytest.approx(2 / 4)
    assert set(report.per_skill) == {
        "text_to_image",
        "replace_object|instruct_edit",
        "adjust",
        "chat",
    }
    assert report.per_skill["adjust"].isa == 0.0
    assert report.per_skill["replace_object|instruct_edit"].argument_accuracy == 0.5


def test_a_missing_prediction_counts_as_wrong() -> None:
    report = score(gold_turns([DIALOGUE]), {})
    assert report.overall.n == 4
    assert report.overall.isa == 0.0
    assert report.overall.structural_conformity == 0.0


def test_text_checks() -> None:
    assert text_meets_check("A cat on the SHORE", {"must": ["cat", "beach|shore"]})
    assert not text_meets_check("a cat on the shore", {"must": ["dog"]})
    assert not text_meets_check("a cat with people", {"must": ["cat"], "must_not": ["People"]})
    assert contains_content_words("two small cats sleeping on a sofa", "a cat on the sofa")
    assert not contains_content_words("a cat", "a cat on the sofa")


def test_refs_and_enums_must_match_exactly() -> None:
    gold = {"image": "#2", "operation": "darker"}
    assert argument_score({"image": "#2", "operation": "darker"}, gold, "adjust") == 1.0
    assert argument_score({"image": "#1", "operation": "Darker"}, gold, "adjust") == 0.0
    assert argument_score({"image": "#2"}, gold, "adjust") == 0.5


def test_structural_conformity() -> None:
    request = DIALOGUE.requests()[1]  # image #1 exists
    ok = '{"skill": "to_anime", "args": {"image": "#1"}}'
    assert structurally_conforms(ok, request)
    for bad in [
        "not json",
        '["to_anime"]',
        '{"skill": "paint", "args": {}}',
        '{"skill": "to_anime", "args": {}}',
        '{"skill": "to_anime", "args": {"image": "#2"}}',
        '{"skill": "upscale", "args": {"image": "#1", "factor": 4}}',
        '{"skill": "to_anime", "args": {"image": "#1", "extra": "x"}}',
    ]:
        assert not structurally_conforms(bad, request), bad

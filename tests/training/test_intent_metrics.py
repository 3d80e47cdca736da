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
from training.text_quality import decision_text_problems

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
    # JSON check 2/4; every text argument sound (d/4's raw has nothing repeated either).
    assert report.overall.json_conformity == pytest.approx(2 / 4)
    assert report.overall.text_soundness == 1.0
    assert report.overall.structural_conformity == pytest.approx(0.6 * 2 / 4 + 0.4)
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


def _problems(skill: str, args: dict[str, Any], turn: int = 0) -> list[str]:
    raw = json.dumps({"skill": skill, "args": args})
    return [p.kind for p in decision_text_problems(raw, DIALOGUE.requests()[turn])]


def test_text_check_passes_copies_and_prompt_completions() -> None:
    assert (
        _problems("text_to_image", {"prompt": "a cat on a beach", "negative_prompt": "people"})
        == []
    )
    # A prompt may add words of its own, anchored to the request: 3 of 5 new is allowed.
    prompt = "a cute cat on a sunny beach, watercolor"
    assert _problems("text_to_image", {"prompt": prompt}) == []
    # Plurals, one-letter slips: the user's words still.
    assert (
        _problems("replace_object", {"image": "#1", "target": "cats", "replacement": "foxes"}, 1)
        == []
    )
    assert _problems("chat", {"message": "thanks!"}, 3) == []
    # One invented word is a paraphrase, not garble.
    edit = {"image": "#1", "instruction": "make the cat a small fox"}
    assert _problems("instruct_edit", edit, 1) == []


def test_text_check_finds_repetition() -> None:
    looped = "a cat on a beach a cat on a beach a cat on a beach"
    assert _problems("text_to_image", {"prompt": looped}) == ["repetition"]
    assert _problems("text_to_image", {"prompt": "a cat cat cat cat on a beach"}) == ["repetition"]
    assert _problems("add_text", {"image": "#1", "text": "cat!!!!!!!!"}, 1) == ["repetition"]
    # Repeated as the user repeated it: copied, not looped.
    request = DIALOGUE.requests()[0].model_copy(deep=True)
    request.messages[-1].text = "draw a cat cat cat cat"
    raw = json.dumps({"skill": "text_to_image", "args": {"prompt": "a cat cat cat cat"}})
    assert decision_text_problems(raw, request) == []


def test_text_check_finds_invented_text() -> None:
    # Words the user never wrote, beyond a restating argument's allowance (0.5)...
    invented = {"image": "#1", "question": "which galaxy hosts purple wizards?"}
    assert _problems("describe_image", invented, 1) == ["unsupported"]
    # ... and beyond a prompt's (0.75): four new words for one of the user's.
    assert _problems("text_to_image", {"prompt": "quantum spaghetti wizard galaxy cat"}) == [
        "unsupported"
    ]
    # The captions of the dialogue's images are words a decision may use.
    assert _problems("remove_object", {"image": "#1", "target": "the beach"}, 1) == []


def test_text_check_finds_non_printables() -> None:
    assert _problems("add_text", {"image": "#1", "text": "cat\u0007\ufffd"}, 1) == ["non-printable"]
    # Emoji sequences are printable (the zero-width joiner holds them together).
    assert _problems("chat", {"message": "thanks! \U0001f469\u200d\U0001f3a8"}, 3) == []
    # A raw output that did not parse is read whole: repetition and non-printables.
    request = DIALOGUE.requests()[0]
    assert decision_text_problems('{"skill": "text_to_image", "args": ', request) == []
    assert [p.kind for p in decision_text_problems("\x00\x00 oops oops oops oops", request)] == [
        "repetition",
        "non-printable",
    ]


def test_structural_weighs_json_and_text_checks_six_to_four() -> None:
    looped = json.dumps({"skill": "chat", "args": {"message": "thanks thanks thanks thanks"}})
    predictions = {
        "d/1": pred("d/1", "text_to_image", {"prompt": "a cat"}),
        "d/2": pred("d/2", "to_anime", {"image": "#1"}),
        "d/3": pred("d/3", "adjust", {"image": "#9", "operation": "darker"}),  # JSON check fails
        "d/4": pred("d/4", "chat", {"message": "thanks thanks thanks thanks"}, raw=looped),
    }
    overall = score(gold_turns([DIALOGUE]), predictions).overall
    assert overall.json_conformity == pytest.approx(3 / 4)
    assert overall.text_soundness == pytest.approx(3 / 4)
    assert overall.structural_conformity == pytest.approx(0.6 * 0.75 + 0.4 * 0.75)


def test_text_check_passes_every_training_target() -> None:
    """The decisions the model is trained to write are sound text: no false alarm on an
    English turn; in other languages the English arguments are translations, which the
    check leaves alone where it recognises the language (a few short romanised lines it
    cannot tell from English: at most 1 in 500)."""
    from training.synth import synthesize

    english = alarms = total = 0
    for dialogue, turns in ((d, gold_turns([d])) for d in synthesize(2000, seed=1)):
        for turn in turns:
            skill = turn.skills[0]
            raw = json.dumps({"skill": skill, "args": dict(turn.gold_args(skill))})
            problems = decision_text_problems(raw, turn.request)
            total += 1
            if problems and (dialogue.meta or {}).get("lang", "en") == "en":
                english += 1
            alarms += bool(problems)
    assert english == 0
    assert alarms <= total / 500, (alarms, total)

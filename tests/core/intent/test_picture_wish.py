"""An edit asked for without a picture: read from the logits where the skill is named, the
same alone and in a batch, never with a picture, at no model call of its own."""

from __future__ import annotations

import pytest
import torch

import core.intent.model as intent_model
from core.catalog import CATALOG
from core.dialogue import DialogueMessage, ImageInfo, PredictionRequest
from core.intent.grammar import allowed_skills
from core.intent.model import TransformersIntentModel
from core.intent.picture_wish import SkillOpenings, wants_picture
from core.intent.prompt import intent_prompt

VOCAB = 64
# Every skill its own first token (1, 2, ...), as with the real tokenizers.
FIRST = {skill: i for i, skill in enumerate(CATALOG, start=1)}
EDITS = [s.id for s in CATALOG.values() if s.ref_args]  # refused without a picture


def logits(**values: float) -> torch.Tensor:
    """Logits that give these skills' first tokens these values; every other token -5."""
    out = torch.full((VOCAB,), -5.0)
    for skill, value in values.items():
        out[FIRST[skill]] = value
    return out


NO_PICTURE = SkillOpenings.of(FIRST, ())


def test_the_openings_split_by_what_the_grammar_refuses() -> None:
    assert {FIRST[s.id] for s in allowed_skills(())} == set(NO_PICTURE.allowed)
    assert set(NO_PICTURE.refused) == {FIRST[s] for s in EDITS}
    assert SkillOpenings.of(FIRST, ["#1"]).refused == ()


def test_more_mass_on_edits_than_on_the_allowed_skills_wants_a_picture() -> None:
    assert wants_picture(logits(to_anime=4.0, chat=2.0), NO_PICTURE)
    assert not wants_picture(logits(to_anime=2.0, chat=4.0), NO_PICTURE)
    assert not wants_picture(logits(text_to_image=3.0, to_anime=1.0), NO_PICTURE)


def test_the_edits_count_together_and_so_do_the_allowed_skills() -> None:
    # No edit alone beats chat, three together do (e^1.5 · 3 > e^2.5) ...
    spread = logits(to_anime=1.5, style_transfer=1.5, instruct_edit=1.5, chat=2.5)
    assert wants_picture(spread, NO_PICTURE)
    # ... and chat and text_to_image together outweigh the one edit that beats each.
    assert not wants_picture(logits(adjust=2.0, chat=1.6, text_to_image=1.6), NO_PICTURE)


def test_a_token_that_starts_both_kinds_of_skill_tells_no_edit() -> None:
    shared = {**FIRST, "to_anime": FIRST["text_to_image"]}  # "t" starting both, say
    openings = SkillOpenings.of(shared, ())
    assert FIRST["text_to_image"] in openings.allowed
    assert FIRST["text_to_image"] not in openings.refused
    assert not wants_picture(logits(text_to_image=6.0, chat=0.0), openings)


def test_with_a_picture_nothing_is_refused_so_nothing_is_wanted() -> None:
    with_picture = SkillOpenings.of(FIRST, ["#1", "#2"])
    assert not wants_picture(logits(to_anime=9.0, chat=-9.0), with_picture)


class _Spy:
    """Records the logits the model reads the wish from, and answers as told."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.seen: list[torch.Tensor] = []

    def __call__(self, row: torch.Tensor, openings: SkillOpenings) -> bool:
        self.seen.append(row.clone())
        assert openings.refused and not set(openings.refused) & set(openings.allowed)
        return self.answer


def request(text: str, picture: bool = False) -> PredictionRequest:
    images = [ImageInfo(ref="#1", caption="a cat")] if picture else []
    return PredictionRequest(
        id=text, messages=[DialogueMessage(role="user", text=text, images=images)]
    )


def raw_skill_logits(intent: TransformersIntentModel, req: PredictionRequest) -> torch.Tensor:
    """The unmasked logits after the prompt and the `{"skill": "` opening, from scratch."""
    tokenizer = intent.tokenizer
    ids = tokenizer.encode(intent_prompt(tokenizer, req.messages), add_special_tokens=False)
    ids += tokenizer.encode('{"skill": "', add_special_tokens=False)
    with torch.inference_mode():
        return intent.decision_model(input_ids=torch.tensor([ids])).logits[0, -1].float()


@pytest.mark.parametrize("answer", [True, False])
def test_the_model_reads_it_from_the_skill_position_alone_and_in_a_batch(
    tiny_intent: TransformersIntentModel, monkeypatch: pytest.MonkeyPatch, answer: bool
) -> None:
    spy = _Spy(answer)
    monkeypatch.setattr(intent_model, "wants_picture", spy)
    edits = [request("make it anime"), request("remove the background")]
    alone = [tiny_intent.predict(r) for r in edits]
    together = tiny_intent.predict_batch(edits)
    assert [r.wants_picture for r in alone + together] == [answer] * 4
    expected = [raw_skill_logits(tiny_intent, r) for r in edits]
    # The logits the prompt's own model call gave: no call of its own.
    assert len(spy.seen) == 4
    for seen, want in zip(spy.seen, expected * 2, strict=True):
        torch.testing.assert_close(seen, want, atol=1e-4, rtol=1e-4)


def test_with_a_picture_the_model_never_reads_it(
    tiny_intent: TransformersIntentModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(True)
    monkeypatch.setattr(intent_model, "wants_picture", spy)
    edits = [request("make it anime", picture=True), request("put sunglasses on it", True)]
    results = [tiny_intent.predict(edits[0]), *tiny_intent.predict_batch(edits)]
    assert spy.seen == [] and not any(r.wants_picture for r in results)

"""The decision grammar admits exactly the catalog's decisions about the request's images."""

from __future__ import annotations

import llguidance
import llguidance.hf
import pytest

from core.catalog import CATALOG, SkillSpec
from core.intent.grammar import allowed_skills, decision_grammar
from core.intent.prompt import render_target


@pytest.fixture(scope="module")
def ll_tokenizer(smollm2_tokenizer):
    return llguidance.hf.from_tokenizer(smollm2_tokenizer)


def accepts(ll_tokenizer, text: str, refs: tuple[str, ...], max_chars: int = 300) -> bool:
    grammar = llguidance.LLMatcher.grammar_from_lark(decision_grammar(refs, max_chars))
    matcher = llguidance.LLMatcher(ll_tokenizer, grammar, log_level=0)
    assert not matcher.is_error(), matcher.get_error()
    tokens = ll_tokenizer.tokenize_str(text)
    return matcher.consume_tokens(tokens) and matcher.is_accepting()


def example_args(spec: SkillSpec, refs: tuple[str, ...], optional: bool) -> dict[str, str]:
    args = {}
    for arg in spec.args:
        if not (arg.required or optional):
            continue
        if arg.kind == "ref":
            args[arg.name] = refs[-1]
        elif arg.kind == "enum":
            args[arg.name] = arg.values[-1]
        else:
            args[arg.name] = 'a "quoted" cat\nin the rain ☔'
    return args


@pytest.mark.parametrize("skill", sorted(CATALOG))
@pytest.mark.parametrize("optional", [False, True])
def test_every_skill_with_required_or_all_arguments_is_admitted(ll_tokenizer, skill, optional):
    refs = ("#1", "#2")
    target = render_target(skill, example_args(CATALOG[skill], refs, optional))
    assert accepts(ll_tokenizer, target, refs)


@pytest.mark.parametrize(
    "text",
    [
        '{"skill": "paint_house", "args": {"prompt": "x"}}',  # not a catalog skill
        '{"skill": "change_background", "args": {"image": "#1"}}',  # required arg missing
        '{"skill": "text_to_image", "args": {"prompt": "x", "seed": "1"}}',  # unknown arg
        '{"skill": "change_background", "args": {"image": "#3", "background": "x"}}',  # no #3
        '{"skill": "upscale", "args": {"image": "#1", "factor": "8"}}',  # enum value
        '{"skill": "text_to_image", "args": {"prompt": ""}}',  # empty text
        '{"skill": "text_to_image", "args": {"aspect": "square", "prompt": "x"}}',  # order
        '{"skill":"chat","args":{"message":"hi"}}',  # spacing differs from the target
        '{"skill": "chat", "args": {"message": "hi"}} and more',
    ],
)
def test_anything_else_is_refused(ll_tokenizer, text: str) -> None:
    assert not accepts(ll_tokenizer, text, ("#1", "#2"))


def test_without_images_only_skills_without_image_arguments_remain(ll_tokenizer) -> None:
    assert {s.id for s in allowed_skills(())} == {"text_to_image", "qr_art", "chat"}
    assert accepts(ll_tokenizer, render_target("chat", {"message": "hello"}), ())
    assert not accepts(ll_tokenizer, render_target("to_anime", {"image": "#1"}), ())


def test_text_length_is_bounded(ll_tokenizer) -> None:
    assert accepts(ll_tokenizer, render_target("chat", {"message": "x" * 30}), (), max_chars=30)
    assert not accepts(ll_tokenizer, render_target("chat", {"message": "x" * 31}), (), max_chars=30)


def test_a_text_closes_when_its_token_budget_is_spent(ll_tokenizer) -> None:
    """Whatever the model writes, the longest decision ends within the decoding budget."""
    from core.intent.grammar import MAX_TEXT_TOKENS

    grammar = llguidance.LLMatcher.grammar_from_lark(decision_grammar(()))
    matcher = llguidance.LLMatcher(ll_tokenizer, grammar, log_level=0)
    opening = ll_tokenizer.tokenize_str('{"skill": "chat", "args": {"message": "')
    body = ll_tokenizer.tokenize_str("x y " * 300)[:MAX_TEXT_TOKENS]
    assert matcher.consume_tokens(opening + body)
    assert ll_tokenizer.decode_str(matcher.compute_ff_tokens()) == '"}}'
    assert matcher.is_accepting() or not matcher.is_error()

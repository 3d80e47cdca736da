"""One prompt for training and inference; the target JSON is compact and ordered."""

from __future__ import annotations

import json

from core.catalog import CATALOG, CONVENTIONS
from core.dialogue import DialogueMessage, ImageInfo
from core.intent.prompt import (
    intent_prompt,
    intent_prompt_prefix,
    intent_system_prompt,
    render_target,
)


def test_system_prompt_lists_every_skill_signature_and_convention() -> None:
    system = intent_system_prompt()
    for spec in CATALOG.values():
        assert spec.signature() in system
    for rule in CONVENTIONS:
        assert rule in system


def test_images_appear_as_refs_with_captions_in_the_chat_template(smollm2_tokenizer) -> None:
    dialogue = [
        DialogueMessage(role="user", text="draw a cat"),
        DialogueMessage(
            role="assistant", text="Here", images=[ImageInfo(ref="#1", caption="a cute cat")]
        ),
        DialogueMessage(
            role="user", text="my dog", images=[ImageInfo(ref="#2", caption="a brown dog")]
        ),
    ]
    text = intent_prompt(smollm2_tokenizer, dialogue)
    assert "[image #1: a cute cat]" in text
    assert "my dog\n[image #2: a brown dog]" in text
    assert text.endswith("<|im_start|>assistant\n")
    prefix = intent_prompt_prefix(smollm2_tokenizer)
    ids = smollm2_tokenizer.encode(text, add_special_tokens=False)
    prefix_ids = smollm2_tokenizer.encode(prefix, add_special_tokens=False)
    # The cached system prompt must be a token prefix of every request's prompt.
    assert ids[: len(prefix_ids)] == prefix_ids


def test_target_is_compact_deterministic_and_in_catalog_order() -> None:
    target = render_target(
        "outpaint", {"prompt": "more sky", "image": "#2", "direction": "up", "unused": None}
    )
    assert target == (
        '{"skill": "outpaint", "args": {"image": "#2", "direction": "up", "prompt": "more sky"}}'
    )
    assert json.loads(render_target("chat", {"message": 'héllo "x"'}))["args"]["message"] == (
        'héllo "x"'
    )

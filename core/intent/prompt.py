"""The one prompt and target format that training and inference share.

A fixed system message (the catalog and its conventions) comes first, so its key/value
cache can be computed once and reused for every request; the dialogue follows in the
model's own chat template, each image shown by its ref and caption. The target is the
compact JSON that the grammar admits, keys and arguments in catalog order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from transformers import PreTrainedTokenizerBase

from core.catalog import CATALOG, CONVENTIONS
from core.dialogue import DialogueMessage, ImageInfo

ChatMessage = dict[str, str]

CHAT_SYSTEM_PROMPT = (
    "You are DialogDraw, a friendly chat bot that draws and edits pictures. "
    "Answer the user's last message in one or two short sentences."
)


@cache
def intent_system_prompt() -> str:
    """The catalog in one line per skill; short, because a 135M model reads it on a CPU."""
    skills = "\n".join(f"{s.signature()}: {s.description}" for s in CATALOG.values())
    rules = "\n".join(f"- {c}" for c in CONVENTIONS)
    return (
        "You read a conversation with DialogDraw, a bot that draws and edits pictures, and "
        'answer the user\'s last message with one JSON object {"skill": ..., "args": {...}} '
        "naming one skill below (? marks an optional argument).\n"
        f"Skills:\n{skills}\nRules:\n{rules}"
    )


def image_line(image: ImageInfo) -> str:
    return f"[image {image.ref}: {image.caption}]" if image.caption else f"[image {image.ref}]"


def message_content(message: DialogueMessage) -> str:
    lines = [message.text] if message.text else []
    lines += [image_line(img) for img in message.images]
    return "\n".join(lines)


def chat_messages(system: str, dialogue: Sequence[DialogueMessage]) -> list[ChatMessage]:
    return [{"role": "system", "content": system}] + [
        {"role": m.role, "content": message_content(m)} for m in dialogue
    ]


def intent_prompt(tokenizer: PreTrainedTokenizerBase, dialogue: Sequence[DialogueMessage]) -> str:
    """The full prompt text, ending where the model starts writing the decision."""
    return _render(tokenizer, chat_messages(intent_system_prompt(), dialogue))


def intent_prompt_prefix(tokenizer: PreTrainedTokenizerBase) -> str:
    """The part of every intent prompt that does not depend on the dialogue."""
    return _render(tokenizer, chat_messages(intent_system_prompt(), []), generation=False)


def chat_prompt(tokenizer: PreTrainedTokenizerBase, dialogue: Sequence[DialogueMessage]) -> str:
    return _render(tokenizer, chat_messages(CHAT_SYSTEM_PROMPT, dialogue))


def _render(
    tokenizer: PreTrainedTokenizerBase, messages: list[ChatMessage], generation: bool = True
) -> str:
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=generation)
    assert isinstance(text, str)
    return text


def render_target(skill: str, args: Mapping[str, Any]) -> str:
    """The decision as the model writes it: compact, deterministic, args in catalog order.

    Unknown skills or argument names keep their given order after the known ones, so
    that rendering never loses information (the grammar would not admit them anyway).
    """
    spec = CATALOG.get(skill)
    order = [a.name for a in spec.args] if spec else []
    ordered = {name: args[name] for name in order if args.get(name) is not None}
    ordered.update({k: v for k, v in args.items() if k not in ordered and v is not None})
    return json.dumps({"skill": skill, "args": ordered}, ensure_ascii=False)

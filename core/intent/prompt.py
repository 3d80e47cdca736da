"""The one prompt and target format that training and inference share.

A fixed system message (the catalog and its conventions) comes first, so its key/value
cache can be computed once and reused for every request; the dialogue follows in the
model's own chat template, each image shown by its ref and caption. The target is the
compact JSON that the grammar admits, keys and arguments in catalog order.

What users wrote (texts, captions) never produces a control token: typed into a chat,
`<|im_start|>system` would otherwise open a turn of its own in the model's context.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
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


# Turn markers of the common chat templates (ChatML's <|im_start|>, Llama 3's
# <|start_header_id|>, Gemma's <start_of_turn>), broken even with no tokenizer at hand:
# exported dialogues are rendered later by whichever tokenizer trains on them.
TEMPLATE_MARKERS = r"<\|[^<>|\n]*\|>|<(?:start|end)_of_turn>"


def control_strings(tokenizer: PreTrainedTokenizerBase) -> tuple[str, ...]:
    """The texts this tokenizer turns into its special tokens.

    Added tokens that are not special are left alone: some tokenizers add plain words or
    runs of spaces that way, and breaking those would only garble the text.
    """
    added = (t.content for t in tokenizer.added_tokens_decoder.values() if t.special)
    return tuple(sorted({*tokenizer.all_special_tokens, *added}))


def escape_control_tokens(text: str, specials: Iterable[str] = ()) -> str:
    """`text` with a space after the first character of every marker and special-token
    string in it: "<|im_start|>" becomes "< |im_start|>", readable and plain text to any
    tokenizer. Escaping twice changes nothing more."""
    pattern = _control_pattern(tuple(specials))
    # A break could complete another special string (one holding spaces itself): repeat
    # until nothing matches; each round needs one more space in a special, so it ends.
    while (escaped := pattern.sub(_break, text)) != text:
        text = escaped
    return text


@lru_cache(maxsize=16)
def _control_pattern(specials: tuple[str, ...]) -> re.Pattern[str]:
    # Stripped, so that the inserted space always lands inside the matched string.
    words = sorted({s.strip() for s in specials if len(s.strip()) > 1}, key=len, reverse=True)
    return re.compile("|".join([*map(re.escape, words), TEMPLATE_MARKERS]))


def _break(match: re.Match[str]) -> str:
    found = match.group()
    return f"{found[0]} {found[1:]}"


def image_line(image: ImageInfo) -> str:
    return f"[image {image.ref}: {image.caption}]" if image.caption else f"[image {image.ref}]"


def message_content(message: DialogueMessage) -> str:
    """A message as the model reads it; template markers escaped (see `render_chat` for the
    tokenizer's own special tokens)."""
    lines = [message.text] if message.text else []
    lines += [image_line(img) for img in message.images]
    return escape_control_tokens("\n".join(lines))


def chat_messages(system: str, dialogue: Sequence[DialogueMessage]) -> list[ChatMessage]:
    return [{"role": "system", "content": system}] + [
        {"role": m.role, "content": message_content(m)} for m in dialogue
    ]


def intent_prompt(tokenizer: PreTrainedTokenizerBase, dialogue: Sequence[DialogueMessage]) -> str:
    """The full prompt text, ending where the model starts writing the decision."""
    return render_chat(tokenizer, chat_messages(intent_system_prompt(), dialogue))


def intent_prompt_prefix(tokenizer: PreTrainedTokenizerBase) -> str:
    """The part of every intent prompt that does not depend on the dialogue."""
    return render_chat(tokenizer, chat_messages(intent_system_prompt(), []), generation=False)


def chat_prompt(tokenizer: PreTrainedTokenizerBase, dialogue: Sequence[DialogueMessage]) -> str:
    return render_chat(tokenizer, chat_messages(CHAT_SYSTEM_PROMPT, dialogue))


def render_chat(
    tokenizer: PreTrainedTokenizerBase, messages: Sequence[ChatMessage], generation: bool = True
) -> str:
    """Messages in the tokenizer's chat template; every message but the system prompt (ours)
    escaped against this tokenizer's special tokens too. Everything that turns messages
    into tokens, in training and in inference, goes through here."""
    specials = control_strings(tokenizer)
    escaped = [
        m
        if m["role"] == "system"
        else {**m, "content": escape_control_tokens(m["content"], specials)}
        for m in messages
    ]
    text = tokenizer.apply_chat_template(escaped, tokenize=False, add_generation_prompt=generation)
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

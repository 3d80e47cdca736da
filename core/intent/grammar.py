"""The decision grammar: exactly the JSON objects the catalog allows, as a Lark grammar.

llguidance runs it (a small Rust wheel without torch/triton dependencies; it computes
token masks fast, tells which tokens the grammar forces so they are appended without
a model call, and accepts Lark). The grammar admits only

    {"skill": "<id>", "args": {<that skill's arguments in catalog order>}}

with the exact spacing of `render_target` (the training target), enums limited to
their values, refs limited to the images that exist in the request, and text as JSON
strings of bounded length so that decoding always ends. Skills that need an image
are left out when the conversation has none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from core.catalog import CATALOG, ArgSpec, SkillSpec

# Enough for any prompt a diffusion model reads (CLIP keeps 77 tokens) while bounding
# the worst case of a model that would otherwise repeat itself until max tokens.
MAX_TEXT_CHARS = 300
# The same bound in tokens: the closing quote is forced when it is reached, so even the
# longest decision (two text arguments and the skeleton) ends within the token budget.
MAX_TEXT_TOKENS = 100


def _text_rules(max_chars: int) -> list[str]:
    # One JSON string character: no quote, backslash or control character unescaped; the
    # escapes are those json.dumps writes, so every rendered training target is admitted.
    char = r'([^"\\\x00-\x1f]|\\["\\\/bfnrt]|\\u[0-9a-fA-F]{4})'
    return [
        f"text: {_lit(chr(34))} text_body {_lit(chr(34))}",
        f"text_body[max_tokens={MAX_TEXT_TOKENS}]: TEXT_BODY",
        f"TEXT_BODY: /{char}{{1,{max_chars}}}/",
    ]


def allowed_skills(existing_refs: Iterable[str]) -> list[SkillSpec]:
    """The skills a request can name: those needing an image only when one exists."""
    has_refs = any(True for _ in existing_refs)
    return [s for s in CATALOG.values() if has_refs or not s.ref_args]


@lru_cache(maxsize=256)
def decision_grammar(existing_refs: tuple[str, ...], max_text_chars: int = MAX_TEXT_CHARS) -> str:
    """The Lark grammar of one decision about a request whose images are `existing_refs`."""
    skills = allowed_skills(existing_refs)
    lines = [
        "start: " + _lit('{"skill": "') + " skill " + _lit("}"),
        "skill: " + " | ".join(f"s_{s.id}" for s in skills),
    ]
    for spec in skills:
        parts = [_lit(f'{spec.id}", "args": {{'), _arg_list(spec), _lit("}")]
        lines.append(f"s_{spec.id}: " + " ".join(p for p in parts if p))
    if existing_refs:
        refs = sorted(set(existing_refs), key=lambda r: int(r[1:]))
        lines.append("ref: " + " | ".join(_lit(json.dumps(r)) for r in refs))
    lines.extend(_text_rules(max_text_chars))
    return "\n".join(lines) + "\n"


def _arg_list(spec: SkillSpec) -> str:
    """Arguments in catalog order, comma-separated, optional ones skippable."""
    items = [(_arg_item(a), a.required) for a in spec.args]
    return _sequence(items)


def _sequence(items: list[tuple[str, bool]]) -> str:
    if not items:
        return ""
    (first, required), rest = items[0], items[1:]
    tail = " ".join(f"({_lit(', ')} {item})" + ("" if req else "?") for item, req in rest)
    with_first = f"{first} {tail}".strip()
    if required:
        return with_first
    # An optional first argument: either it comes first, or the rest starts the list.
    without_first = _sequence(rest)
    return f"({with_first} | {without_first})" if without_first else f"({with_first})?"


def _arg_item(arg: ArgSpec) -> str:
    key = _lit(f'"{arg.name}": ')
    if arg.kind == "ref":
        return f"{key} ref"
    if arg.kind == "enum":
        values = " | ".join(_lit(json.dumps(v)) for v in arg.values)
        return f"{key} ({values})"
    return f"{key} text"


def _lit(text: str) -> str:
    """A Lark string literal for `text` (JSON escaping is what Lark accepts)."""
    return json.dumps(text)

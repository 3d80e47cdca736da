"""Captions of generated images, so that later turns can refer to them by content, and
the lines saying what was understood: one for operators, one for users."""

from __future__ import annotations

from typing import Any

from core.catalog import CATALOG, is_ref
from core.phrasebook import Words, said
from core.skill_titles import skill_title

# What an upload is captioned when no captioner ran (none configured, it failed or said
# nothing). Here rather than in core.engine so that the synthesiser can show the intent
# model the same words without importing the engine, its store and PIL.
UPLOAD_CAPTION = "an image the user uploaded"


def result_caption(skill: str, args: dict[str, Any], parent_caption: str) -> str:
    """What a result of `skill` shows, from its catalog entry; a skill that declares no
    caption (and one not in the catalog) keeps the caption of the picture it started from."""
    base = parent_caption or "the picture"
    spec = CATALOG.get(skill)
    return base if spec is None else spec.result_caption(args, base)


def summary_line(skill: str, args: dict[str, Any], result_ref: str | None = None) -> str:
    """What was understood, in operator words: `change_background · background="a beach" · #2`.

    It is what the answer's message stores, which the intent model and the closed-loop
    evaluation read, what admins are told and what logs say; users read plain_summary."""
    spec = CATALOG.get(skill)
    parts = [skill]
    for name, value in args.items():
        if value in (None, ""):
            continue
        kind = next((a.kind for a in spec.args if a.name == name), "text") if spec else None
        if kind is None:  # not a catalog skill (undo): refs still read as refs
            kind = "ref" if is_ref(value) else "text"
        parts.append(f"{name}={value}" if kind == "ref" else f'{name}="{value}"')
    if result_ref:
        parts.append(f"→ {result_ref}")
    return " · ".join(parts)


# A user's own words longer than this are cut in what they read back: a caption says
# which request a picture answers, it does not repeat a whole prompt.
SHOWN_VALUE_CHARS = 80


def plain_summary(
    skill: str, args: dict[str, Any], language: str, result_ref: str | None = None
) -> str:
    """What was understood, as its user reads it in `language`: `#2 · a new background:
    a beach`. The skill's title and at most its headline argument's value, which stays in
    the words it was given (a diffusion prompt is English by design); no skill or
    argument names."""
    title, value = _title_and_value(skill, args)
    line = said(title, language)
    if value:
        line = f"{line}: {_shortened(value)}"
    return f"{result_ref} · {line}" if result_ref else line


def _title_and_value(skill: str, args: dict[str, Any]) -> tuple[Words | str, str]:
    refs = {name: value for name, value in args.items() if is_ref(value)}
    spec = CATALOG.get(skill)
    name = spec.headline if spec else None
    value = args.get(name) if name else None
    if value in (None, ""):
        return skill_title(skill, **refs), ""
    kind = next((a.kind for a in spec.args if a.name == name), "text") if spec else "text"
    if kind == "enum":  # its value is an operator word: the title says it
        return skill_title(skill, str(value), **refs), ""
    return skill_title(skill, **refs), str(value)


def _shortened(value: str) -> str:
    flat = " ".join(value.split())  # a caption is one line
    if len(flat) <= SHOWN_VALUE_CHARS:
        return flat
    cut = flat[: SHOWN_VALUE_CHARS - 1]
    # At a word's end where there is one in the second half (prompts have spaces; a long
    # link or a language without spaces is cut where the limit falls).
    space = cut.rfind(" ", SHOWN_VALUE_CHARS // 2)
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:") + "…"

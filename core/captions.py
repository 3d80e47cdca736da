"""Captions of generated images, so that later turns can refer to them by content."""

from __future__ import annotations

from typing import Any

from core.catalog import CATALOG, is_ref

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
    """One line saying what was understood: `change_background · background="a beach" · #2`."""
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

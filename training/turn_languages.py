"""The language each evaluation turn is written in, for scores per language.

Hand-written sets name a dialogue's language at its top (`"lang"`); DrawnConvos names each
turn's in `meta.turn_langs`, since a user may switch languages mid-dialogue. A dialogue
that names none is English: the English sets were written before the field existed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable


def turn_languages(lines: Iterable[str]) -> dict[str, str]:
    """Request id (`<dialogue id>/<turn number>`, as `Dialogue.requests` names them) →
    the language of that turn."""
    languages: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        meta = row.get("meta") or {}
        per_turn = meta.get("turn_langs") or []
        default = row.get("lang") or meta.get("lang") or "en"
        for i in range(1, len(row["turns"]) + 1):
            languages[f"{row['id']}/{i}"] = per_turn[i - 1] if i <= len(per_turn) else default
    return languages

"""Which emoji count as praise or complaint."""

from __future__ import annotations

from collections.abc import Iterable

_VARIATION_SELECTORS = str.maketrans("", "", "\ufe0e\ufe0f")


def normalize_emoji(emoji: str) -> str:
    # "❤️" arrives with or without its variation selector depending on the client.
    return emoji.translate(_VARIATION_SELECTORS).strip()


def polarity(emoji: str, positive: Iterable[str], negative: Iterable[str]) -> int:
    """+1, -1, or 0 for an emoji that means neither (stored, never an error)."""
    e = normalize_emoji(emoji)
    if e in {normalize_emoji(p) for p in positive}:
        return 1
    if e in {normalize_emoji(n) for n in negative}:
        return -1
    return 0

"""The bot's own words to its users (questions, failures, progress), in their language.

Code says what to say as `Words`: a phrase of the English book (core.phrasebook.en) and
the values it needs. It is put into a language only where the reader is known (the
conversation's language, core.languages), so a phrase crosses the job queue as data and
a worker never needs to know who asked. A value may itself be `Words` (a skill's title
in a question about it, "a voice message" in a refusal), said in the same language; a
sentence that opens with one starts with a capital letter. Numbers are written the
reader's way (core.phrasebook.local_numbers). Every language's book has the phrases of
the English one with the same fields; a phrase a book lacks is said in English.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.phrasebook import ar, de, en, es, fr, hi, id, it, ja, pl, pt, ru, tr, uk, zh
from core.phrasebook.local_numbers import LocalNumbers

ENGLISH = en.PHRASES
# By the codes of core.languages.SUPPORTED.
BOOKS: dict[str, dict[str, str]] = {
    "en": ENGLISH,
    "es": es.PHRASES,
    "pt": pt.PHRASES,
    "ru": ru.PHRASES,
    "uk": uk.PHRASES,
    "tr": tr.PHRASES,
    "id": id.PHRASES,
    "hi": hi.PHRASES,
    "ar": ar.PHRASES,
    "de": de.PHRASES,
    "fr": fr.PHRASES,
    "it": it.PHRASES,
    "pl": pl.PHRASES,
    "ja": ja.PHRASES,
    "zh": zh.PHRASES,
}


@dataclass(frozen=True)
class Words:
    """A phrase to say and its values (plain JSON values or `Words`: they travel with a
    job's result)."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in ENGLISH:
            raise KeyError(f"no phrase {self.key!r} in core/phrasebook/en.py")

    def said_in(self, language: str) -> str:
        template = BOOKS.get(language, ENGLISH).get(self.key, ENGLISH[self.key])
        values = {
            name: value.said_in(language) if isinstance(value, Words) else value
            for name, value in self.values.items()
        }
        text = LocalNumbers(language).vformat(template, (), values)
        return text[:1].upper() + text[1:] if self._opens_with_words(template) else text

    def _opens_with_words(self, template: str) -> bool:
        """Whether the sentence starts with a value in words ("the file is empty"); a value
        that is not (a file's own name: "photo.png is empty") is left as it is written."""
        literal, name, _, _ = next(iter(string.Formatter().parse(template)), ("", None, "", None))
        return not literal and name is not None and isinstance(self.values.get(name), Words)

    def __str__(self) -> str:
        return self.said_in("en")

    def to_json(self) -> dict[str, Any]:
        values = {
            name: {_NESTED: value.to_json()} if isinstance(value, Words) else value
            for name, value in self.values.items()
        }
        return {"key": self.key, "values": values}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Words:
        values = {
            name: cls.from_json(value[_NESTED]) if _is_nested(value) else value
            for name, value in (data.get("values") or {}).items()
        }
        return cls(str(data["key"]), values)


# How a `Words` value is marked in JSON: no phrase's plain value is an object.
_NESTED = "words"


def _is_nested(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {_NESTED}


def phrase(key: str, **values: Any) -> Words:
    """`Words` of the phrase `key` with these values: phrase("flood", wait=12.0)."""
    return Words(key, values)


def said(text: str | Words, language: str) -> str:
    """What the reader reads: `Words` in `language`; a plain string as it is (words that
    are not the bot's own: a model's answer, an operator tool's message)."""
    return text.said_in(language) if isinstance(text, Words) else text

"""Numbers written the way each language's readers write them: 100.006 and 20,5 in German,
100 006 and 20,5 in French, 1,00,006 in Hinglish.

The books stay plain `str.format` templates (`{length:,}`, `{megabytes:.1f}`); `LocalNumbers`
formats a number as Python would and then puts in the reader's separators. Only int and
float values with a format spec of a decimal kind are touched: a plain `{count}`, a string,
a hex `{n:x}` are left as they are.

The separators follow CLDR for each language written in Latin digits:
- de es it pt id tr: "." groups thousands, "," before decimals.
- fr: narrow no-break space (U+202F); ru uk pl: no-break space (U+00A0), so a number never
  breaks across lines; "," before decimals.
- en ja zh: "," and ".".
- hi: "," and ".", grouped the Indian way (lakh, crore): 1,00,006.
- ar: "," and ".". The book writes Latin digits (#1, 512×512, "بين 0 و1"), and with Latin
  digits that is what Arabic readers use (CLDR's ar with latn digits); the Arabic separators
  ٬ and ٫ belong with Arabic-Indic digits, which would clash with the rest of the message.
- es and pl leave four-digit numbers ungrouped (4000, but 10.000 / 10 000), as the RAE and
  Polish usage (CLDR's minimum grouping digits of 2) recommend.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

_NBSP = "\u00a0"
_NARROW_NBSP = "\u202f"


@dataclass(frozen=True)
class NumberStyle:
    group: str = ","
    decimal: str = "."
    # A number needs at least this many digits above its first group before it is grouped.
    min_grouping: int = 1
    # Digits in every group after the first three (2 in the Indian system).
    later_groups: int = 3


ENGLISH_STYLE = NumberStyle()
_DOT_COMMA = NumberStyle(".", ",")
# By the codes of core.phrasebook.BOOKS; a language not here writes numbers as English does.
STYLES: dict[str, NumberStyle] = {
    "en": ENGLISH_STYLE,
    "ja": ENGLISH_STYLE,
    "zh": ENGLISH_STYLE,
    "ar": ENGLISH_STYLE,
    "hi": NumberStyle(later_groups=2),
    "de": _DOT_COMMA,
    "it": _DOT_COMMA,
    "pt": _DOT_COMMA,
    "id": _DOT_COMMA,
    "tr": _DOT_COMMA,
    "es": NumberStyle(".", ",", min_grouping=2),
    "fr": NumberStyle(_NARROW_NBSP, ","),
    "ru": NumberStyle(_NBSP, ","),
    "uk": NumberStyle(_NBSP, ","),
    "pl": NumberStyle(_NBSP, ",", min_grouping=2),
}

# Python's format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = re.compile(
    r"(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>#)?(?P<zero>0)?"
    r"(?P<width>\d+)?(?P<grouping>[,_])?(?:\.(?P<precision>\d+))?(?P<type>[eEfFgGd%])?",
    re.DOTALL,
)
# A formatted number: sign, integer digits, then the rest (fraction, exponent, "%").
_NUMBER = re.compile(r"(?P<sign>[-+ ]?)(?P<digits>\d+)(?P<rest>.*)", re.DOTALL)


class LocalNumbers(string.Formatter):
    """`str.format` with numbers in one language's conventions:
    LocalNumbers("de").format("{n:,} / {x:.1f}", n=100006, x=20.5) == "100.006 / 20,5"."""

    def __init__(self, language: str) -> None:
        self.style = STYLES.get(language, ENGLISH_STYLE)

    def format_field(self, value: Any, format_spec: str) -> str:
        spec = _SPEC.fullmatch(format_spec) if format_spec else None
        if (
            spec is None
            or isinstance(value, bool)
            or not isinstance(value, (int, float))
            or self.style == ENGLISH_STYLE
        ):
            return super().format_field(value, format_spec)
        # Format without width and grouping, put in the reader's separators, then pad.
        bare = f"{spec['sign'] or ''}{spec['z'] or ''}{spec['alt'] or ''}"
        if spec["precision"] is not None:
            bare += f".{spec['precision']}"
        text = self._localise(format(value, bare + (spec["type"] or "")), bool(spec["grouping"]))
        if spec["width"] is None:
            return text
        fill = "0" if spec["zero"] and not spec["align"] else (spec["fill"] or " ")
        align = spec["align"] if spec["align"] in ("<", "^") else ">"
        return format(text, f"{fill}{align}{spec['width']}")

    def _localise(self, text: str, grouped: bool) -> str:
        number = _NUMBER.fullmatch(text)
        if number is None:  # inf, nan
            return text
        digits, rest = number["digits"], number["rest"].replace(".", self.style.decimal, 1)
        if grouped:
            digits = self._group(digits)
        return number["sign"] + digits + rest

    def _group(self, digits: str) -> str:
        style = self.style
        if len(digits) < 3 + style.min_grouping:
            return digits
        groups = [digits[-3:]]
        head = digits[:-3]
        while head:
            groups.append(head[-style.later_groups :])
            head = head[: -style.later_groups]
        return style.group.join(reversed(groups))

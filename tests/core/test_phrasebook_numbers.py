"""Numbers in the bot's words are written the reader's way: 100.006 for a German, 100 006
for a French or Russian reader, 20,5 MB for a Spanish one, as before for an English one."""

from __future__ import annotations

import pytest

from core.jobs import JobResult, SkillError, failure_result
from core.phrasebook import BOOKS, Words, phrase
from core.phrasebook.local_numbers import LocalNumbers
from core.uploads import too_large, unnamed_file

NBSP, NARROW_NBSP = "\u00a0", "\u202f"
TOO_LONG = phrase("too_long", length=100_006, limit=4_000)


def test_english_reads_as_python_writes_it() -> None:
    assert TOO_LONG.said_in("en") == (
        "That message is too long (100,006 characters; the limit is 4,000). "
        "Please send a shorter one."
    )
    assert "(20.5 MB; the limit is 20 MB)" in too_large("a.png", 20_500_000, 20_000_000).said_in(
        "en"
    )


def test_a_german_reader_gets_dots_between_thousands_and_a_decimal_comma() -> None:
    assert "(100.006 Zeichen; erlaubt sind 4.000)" in TOO_LONG.said_in("de")
    assert "(20,5 MB; erlaubt sind 20 MB)" in too_large("a.png", 20_500_000, 20_000_000).said_in(
        "de"
    )


@pytest.mark.parametrize(
    ("language", "group"), [("fr", NARROW_NBSP), ("ru", NBSP), ("uk", NBSP), ("pl", NBSP)]
)
def test_french_and_slavic_readers_get_an_unbreakable_space_between_thousands(
    language: str, group: str
) -> None:
    said = TOO_LONG.said_in(language)
    assert f"100{group}006" in said and "100,006" not in said and "100.006" not in said


def test_a_spanish_reader_gets_a_decimal_comma_and_four_digits_ungrouped() -> None:
    assert "(20,0 MB; el límite es 20 MB)" in too_large("a.png", 20_000_000, 20_000_000).said_in(
        "es"
    )
    assert "20,5 MB" in too_large("a.png", 20_500_000, 20_000_000).said_in("es")
    said = TOO_LONG.said_in("es")
    assert "100.006 caracteres" in said and "el límite es 4000)" in said


def test_hinglish_groups_lakhs_and_arabic_keeps_latin_separators() -> None:
    assert "1,00,006 characters" in phrase("too_long", length=100_006, limit=4_000).said_in("hi")
    assert "12,34,56,789" in LocalNumbers("hi").format("{n:,}", n=123_456_789)
    assert "100,006" in TOO_LONG.said_in("ar") and "4,000" in TOO_LONG.said_in("ar")


def test_only_numbers_with_a_numeric_format_change() -> None:
    german = LocalNumbers("de")
    assert german.format("{n:,} {x:.1f} {p:.0%}", n=-1234567, x=-0.25, p=0.5) == (
        "-1.234.567 -0,2 50%"
    )
    # Plain fields, strings, booleans, hex and repr stay as str.format writes them.
    assert german.format(
        "{n} {x} {s} {b:d} {h:x} {r!r}", n=1234, x=1.5, s="1.5", b=True, h=255, r=2.5
    ) == ("1234 1.5 1.5 1 ff 2.5")
    assert german.format("[{x:>8.1f}] [{x:<6.2f}]", x=3.25) == "[     3,2] [3,25  ]"
    assert german.format("{x:.1f}", x=float("inf")) == "inf"


@pytest.mark.parametrize("language", sorted(BOOKS))
def test_every_language_formats_every_numeric_phrase(language: str) -> None:
    values = {
        "name": "a.png",
        "length": 123_456,
        "limit": 2.5,
        "wait": 12.0,
        "megabytes": 31.25,
        "megapixels": 16.0,
    }
    for key in ("too_long", "flood", "timed_out", "upload_too_large", "picture_too_large"):
        said = Words(key, values).said_in(language)
        assert said and "{" not in said, (language, key)


def test_numbers_cross_the_queue_as_numbers_and_are_written_where_the_reader_is() -> None:
    words = too_large(unnamed_file(), 20_500_000, 20_000_000)
    back = JobResult.from_json(failure_result(SkillError(words, "too big")).to_json())
    assert back.words == words
    assert back.said_in("de") == "Die Datei ist zu groß (20,5 MB; erlaubt sind 20 MB)."
    assert back.said_in("en") == "The file is too large (20.5 MB; the limit is 20 MB)."

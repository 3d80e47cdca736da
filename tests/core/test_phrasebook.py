"""The bot's own words: every language's book says every phrase, with the same fields,
and every phrase the code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from core.jobs import JobResult, SkillError, failure_result
from core.languages import SUPPORTED
from core.phrasebook import BOOKS, ENGLISH, Words, phrase, said

ROOT = Path(__file__).resolve().parents[2]
# A phrase asked for by its key: phrase("flood", ...).
_ASKED = re.compile(r'phrase\(\s*"(\w+)"')
_LITERAL = re.compile(r'"(\w+)"')


def _fields(template: str) -> list[tuple[str, str | None, str]]:
    parsed = string.Formatter().parse(template)
    return sorted((name, conv, spec) for _, name, spec, conv in parsed if name is not None)


def test_every_language_the_bot_tells_has_a_book() -> None:
    assert set(BOOKS) == set(SUPPORTED)


@pytest.mark.parametrize("language", [code for code in SUPPORTED if code != "en"])
def test_a_book_says_every_phrase_with_the_same_fields(language: str) -> None:
    book = BOOKS[language]
    assert list(book) == list(ENGLISH)
    for key, template in ENGLISH.items():
        assert _fields(book[key]) == _fields(template), (language, key)
        assert book[key].strip(), (language, key)
    # Translated, not copied: only the phrase that is a technical line may read the same.
    same = [key for key in ENGLISH if book[key] == ENGLISH[key]]
    assert len(same) <= 1, (language, same)


def test_every_phrase_the_code_asks_for_is_in_the_book_and_every_phrase_is_used() -> None:
    asked: set[str] = set()
    named: set[str] = set()  # keys chosen in code ("a" if ... else "b") are plain strings
    for folder in ("core", "pipelines", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.parent.name == "phrasebook":
                continue
            code = path.read_text(encoding="utf-8")
            asked.update(_ASKED.findall(code))
            named.update(_LITERAL.findall(code))
    assert asked <= set(ENGLISH)
    # phrase(f"ask_{name}"), phrase(f"command_{c.name}"), a skill's title (core.skill_titles)
    dynamic = {key for key in ENGLISH if key.startswith(("ask_", "command_", "title_"))}
    assert set(ENGLISH) - named - dynamic == set()


def test_words_are_said_in_the_readers_language_and_english_elsewhere() -> None:
    flood = phrase("flood", wait=12.0)
    assert flood.said_in("en") == str(flood) == ENGLISH["flood"].format(wait=12.0)
    assert "12" in flood.said_in("ru") and flood.said_in("ru") != str(flood)
    assert flood.said_in("xx") == str(flood)  # a language without a book
    assert said(flood, "de") == flood.said_in("de")
    assert said("a model's own answer", "de") == "a model's own answer"
    with pytest.raises(KeyError):
        Words("no_such_phrase")


def test_a_failure_crosses_the_queue_as_words_and_is_said_where_the_reader_is() -> None:
    failed = failure_result(SkillError(phrase("not_found_in_picture", target="cat"), "no mask"))
    back = JobResult.from_json(failed.to_json())
    assert back == failed and back.words == failed.words
    assert back.error == "I couldn't find 'cat' in the picture."  # the operator's reading
    assert back.said_in("es") != back.error and "'cat'" in back.said_in("es")
    # A plain string (an operator tool's message) is said as it is.
    plain = JobResult.from_json(failure_result(SkillError("needs a CUDA GPU")).to_json())
    assert plain.words is None and plain.said_in("ja") == "needs a CUDA GPU"


@pytest.mark.parametrize("language", sorted(BOOKS))
def test_every_book_says_there_is_no_picture_yet_in_its_own_words(language: str) -> None:
    """Said when an edit is asked for before any picture exists (core.decisions)."""
    text = phrase("no_picture_yet").said_in(language)
    assert text == BOOKS[language]["no_picture_yet"]
    assert language == "en" or text != ENGLISH["no_picture_yet"]

"""A refused upload is explained in one language: what was sent is named in the reader's
words, never in English or as a MIME type; a file's own name stays as it is."""

from __future__ import annotations

import re

import pytest

from core.jobs import JobResult, SkillError, failure_result
from core.messages import Attachment
from core.phrasebook import ENGLISH, Words, phrase
from core.uploads import (
    UploadProblem,
    check_image,
    kind_of_file,
    not_usable,
    precheck,
    sent_as,
    unnamed_file,
)

LIMITS = {"max_pixels": 4_000_000, "max_bytes": 1_000_000}
# Latin words a non-English sentence may hold: the formats it names.
FORMAT_NAMES = {"PNG", "JPEG", "WebP", "GIF", "BMP", "SVG", "HEIC", "PDF", "MB"}


def english_words(*keys: str) -> set[str]:
    words = {w.lower() for key in keys for w in re.findall(r"[A-Za-z]+", ENGLISH[key])}
    return words - {w.lower() for w in FORMAT_NAMES} - {"name", "kind", "what"}


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text)) - FORMAT_NAMES


def refusal(attachment: Attachment) -> Words:
    with pytest.raises(UploadProblem) as refused:
        check_image(attachment, **LIMITS)
    return refused.value.words


@pytest.mark.parametrize(
    ("data", "mime", "key"),
    [
        (b"", "image/png", "upload_empty"),
        (b"\x89PNG" + bytes(LIMITS["max_bytes"]), "image/png", "upload_too_large"),
        (b"not pixels at all", "image/png", "upload_damaged"),
    ],
)
def test_a_file_without_a_name_is_named_in_russian(data: bytes, mime: str, key: str) -> None:
    said = refusal(Attachment(data, mime, "")).said_in("ru")
    assert "вложение" in said.lower()
    assert latin_words(said) == set(), said
    assert not english_words(key, "file_without_name") & {w.lower() for w in said.split()}


def test_a_sentence_that_opens_with_the_nameless_file_starts_with_a_capital() -> None:
    words = refusal(Attachment(b"", "image/png", ""))
    assert words.said_in("en").startswith("The file is empty.")
    assert words.said_in("de").startswith("Die Datei ist leer.")
    assert words.said_in("ru").startswith("Вложение: файл пустой.")
    # A file's own name is left as the user wrote it.
    named = refusal(Attachment(b"", "image/png", "photo.png"))
    assert named.said_in("en").startswith("photo.png is empty.")


def test_a_voice_message_is_refused_in_russian_without_english() -> None:
    words = not_usable(sent_as("voice") or unnamed_file())
    said = words.said_in("ru")
    assert "голосовое сообщение" in said
    assert latin_words(said) == set(), said
    assert "a voice message" in words.said_in("en")


def test_every_kind_a_platform_delivers_has_words() -> None:
    for kind in ("sticker", "voice", "audio", "video", "video_note"):
        assert isinstance(sent_as(kind), Words), kind
    assert sent_as("poll") is None


@pytest.mark.parametrize(
    ("mime", "english", "spanish"),
    [
        ("text/plain; charset=utf-8", "a text file", "un archivo de texto"),
        ("application/pdf", "a PDF document", "un documento PDF"),
        ("audio/ogg", "an audio file", "un archivo de audio"),
        ("video/mp4", "a video", "un vídeo"),
        ("application/zip", "a different kind of file", "otro tipo de archivo"),
    ],
)
def test_a_file_that_is_no_image_is_named_by_its_kind_not_its_mime_type(
    mime: str, english: str, spanish: str
) -> None:
    words = precheck("notes.bin", 10, mime, max_bytes=LIMITS["max_bytes"])
    assert words is not None
    assert f"notes.bin is {english}." in words.said_in("en")
    assert f"notes.bin es {spanish}." in words.said_in("es")
    assert mime.split(";")[0] not in words.said_in("en")


def test_a_mime_type_without_plain_words_has_no_kind() -> None:
    assert kind_of_file(None) is None and kind_of_file("image/x-unknown") is None


def test_the_words_of_a_refusal_cross_the_queue() -> None:
    for words in (
        not_usable(sent_as("video_note") or unnamed_file()),
        refusal(Attachment(b"", "image/png", "")),
        phrase("upload_not_image", name=unnamed_file(), kind=kind_of_file("text/plain")),
    ):
        back = JobResult.from_json(failure_result(SkillError(words, "refused")).to_json())
        assert back.words == words
        assert back.said_in("uk") == words.said_in("uk") != words.said_in("en")
        assert latin_words(back.said_in("uk")) == set()

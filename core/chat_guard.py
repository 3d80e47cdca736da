"""Whether the language model's own chat answer is worth sending.

A small model asked to chat often gives the user's words back ("thanks, that's great"
came back as the bot's reply), loops on one token ("👋👋👋"), says again what it said last
turn, or answers in English to someone who wrote Spanish. Each of those reads as a broken
bot, so such an answer is replaced by a line of the bot's own (core.chat_replies).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

from core.languages import comparable, guess_language, unspaced

MAX_CHARS = 300  # past this a chat answer is rambling, not talking
MAX_SHARED = 0.6  # an answer that shares this much of its words with the message echoes it
MIN_ECHO_CHARS = 8  # "ok" inside an answer does not make it an echo of "ok"
LOOP_WORDS = 8  # from this many words on, few distinct ones mean a loop
MIN_DISTINCT = 0.4

# Readers of one language who read another just as well: Hinglish is half English.
ALSO_READ: dict[str, frozenset[str]] = {"hi": frozenset({"en"})}

SYMBOL_RUN = 3  # an emoji or other symbol this often in a row is a loop ("👋👋👋")
CHARACTER_RUN = 5  # any other character too ("!!!!!", "sooooo"), but not "..." or "www"
SENTENCE_ENDS = '.!?…。！？)"”»'
_SENTENCE_END = re.compile(r"[.!?…。！？](?=\s|$)|[。！？]")
_VARIATION = re.compile("[\ufe0e\ufe0f]")  # the invisible marks that make ❤ into ❤️


def finished(answer: str) -> str:
    """`answer` without the sentence the model's token budget cut off in the middle ("...
    and creative tasks. I'm not"); as it is where no sentence ended before."""
    text = answer.strip()
    if not text or text[-1] in SENTENCE_ENDS or unicodedata.category(text[-1])[0] == "S":
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return text[: ends[-1]] if ends else text


def rejection(answer: str, message: str, previous: str | None, language: str) -> str | None:
    """Why `answer` to the user's `message` should not be sent (None: it may be), given the
    bot's previous reply in the conversation and the language the user writes in."""
    text = answer.strip()
    if not text:
        return "empty"
    if len(text) > MAX_CHARS:
        return "too long"
    if degenerate(text):
        return "degenerate"
    if echoes(text, message):
        return "repeats the user's message"
    if previous is not None and comparable(text) == comparable(previous):
        return "repeats the previous reply"
    written = guess_language(text)
    if written is not None and written != language and written not in ALSO_READ.get(language, ()):
        return f"written in {written}, not {language}"
    return None


def echoes(answer: str, message: str) -> bool:
    """Whether `answer` gives the user's `message` back: contains it, is part of it, or is
    mostly the same words."""
    said, heard = comparable(answer), comparable(message)
    if not said or not heard:
        return False
    if said in heard or (len(heard) >= MIN_ECHO_CHARS and heard in said):
        return True
    # Shared words over all words of the two: "Paris is the capital of France" shares
    # half with "what's the capital of France?", and answers it.
    answer_tokens, message_tokens = set(tokens(said)), set(tokens(heard))
    shared = answer_tokens & message_tokens
    return len(shared) >= MAX_SHARED * len(answer_tokens | message_tokens)


def degenerate(answer: str) -> bool:
    """Whether `answer` is no sentence: no words at all, one word over and over, a run of
    one character or emoji, or a loop of a few words."""
    words = tokens(comparable(answer))
    if not words:
        return True
    if len(words) >= 2 and len(set(words)) == 1:
        return True
    if _has_run(_VARIATION.sub("", answer)):
        return True
    return len(words) >= LOOP_WORDS and len(set(words)) < MIN_DISTINCT * len(words)


def _has_run(text: str) -> bool:
    for char, run in itertools.groupby(text):
        length = len(list(run))
        symbol = unicodedata.category(char).startswith("S")
        if (symbol and length >= SYMBOL_RUN) or (not char.isspace() and length >= CHARACTER_RUN):
            return True
    return False


def tokens(text: str) -> Sequence[str]:
    """The words of comparable `text`; in Han or Kana, where no spaces part words, each
    character counts as one."""
    found: list[str] = []
    for word in text.split():
        found.extend(word if unspaced(word) else (word,))
    return found

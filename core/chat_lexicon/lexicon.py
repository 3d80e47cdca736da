"""What one language needs for the bot's chat answers: the words that mark small talk and
questions about the bot, the replies to them, and how to say what the bot can do.

A cue is a word or phrase compared whole-word and without accents or case ("que puedes
hacer" matches "¿Qué puedes hacer?", "gunaydin" "Günaydın"), so a form typed without its
accents needs no cue of its own; a cue ending in `*` matches the start of a word
("watercolo*" matches "watercolours", "haha*" matches "hahaha"); a cue in Han or Kana
matches anywhere, as those scripts put no spaces between words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Talk = Literal["greeting", "thanks", "goodbye", "how_are_you", "laughter", "apology"]
# Groups of skills the bot tells people about (core.chat_replies reads each off the catalog).
Ability = Literal["draw", "change", "restyle", "sticker", "describe", "sketch"]

# Cues every language shares: emoji, and the few English words people chat in anywhere.
SHARED: Mapping[Talk, tuple[str, ...]] = {
    "greeting": ("👋", "🙋", "hi", "hello", "hey"),
    "thanks": ("🙏", "❤", "👍", "😍", "🔥", "💯", "👏", "🥰", "😊", "✨", "💖", "🤩", "thanks",
               "thx", "thank you", "thank u", "thanku", "thanx"),
    "goodbye": ("bye",),
    "laughter": ("😂", "🤣", "😆", "😹", "😄", "😁", "haha*", "lol", "lmao", "xd"),
    "apology": ("sorry",),
}  # fmt: skip


@dataclass(frozen=True)
class Phrasing:
    """How a language speaks of one ability."""

    says: str  # what the bot can do, to follow "I can ..."
    example: str  # a short request a user could send, in this language
    cues: tuple[str, ...]  # words of a question about it ("watercolo*", "sticker*")


@dataclass(frozen=True)
class Lexicon:
    code: str  # core.languages code
    talk: Mapping[Talk, tuple[str, ...]]  # cues of each kind of small talk
    replies: Mapping[Talk, tuple[str, ...]]  # a few friendly answers to each
    unpraise: tuple[str, ...]  # cues that make praise a complaint ("not great")
    asks: tuple[str, ...]  # cues of a question about what the bot can do at all
    can: tuple[str, ...]  # cues of "can you ...?", an abilities question with an ability cue
    abilities: Mapping[Ability, Phrasing]
    can_do: str  # "I can {abilities}."
    yes: str  # "Yes! I can {ability}."
    for_example: str  # "For example: {examples}."
    invites: tuple[str, ...]  # lines that invite a request, each with one {example}
    sep: str = ", "
    and_: str = " and "  # before the last item of a list
    quotes: tuple[str, str] = ("“", "”")
    gap: str = " "  # between two sentences

    def quoted(self, text: str) -> str:
        return f"{self.quotes[0]}{text}{self.quotes[1]}"

    def listed(self, items: Sequence[str]) -> str:
        if len(items) < 2:
            return "".join(items)
        return self.sep.join(items[:-1]) + self.and_ + items[-1]

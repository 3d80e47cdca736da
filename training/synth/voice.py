"""How one user types: casing, typos, filler and emojis, applied outside argument spans.

An `Utterance` is a list of pieces, each either free wording (which the voice may
roughen) or an argument span (kept verbatim so that the gold arguments stay clean
and still occur in the user's text).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from string import Formatter

from training.synth.lang import Language

FILLER_PREFIXES = (
    "hmm ", "ok so ", "ok ", "okay ", "lol ", "hey ", "yo ", "um ", "so ", "alright ",
    "oh and ", "btw ", "uhh ", "right, ", "wait ", "ooh ", "hi! ", "omg ", "k ", "hey bot, ",
)  # fmt: skip
FILLER_SUFFIXES = (
    " pls", " please", " lol", " thx", " thanks!", "!!", " haha", " :)", " plz", " ty",
    " asap", " if u can", " thank you", "...", " 🙏",
)  # fmt: skip
EMOJIS = ("😂", "😍", "🙏", "🔥", "✨", "😅", "🥺", "💕", "👀", "🤩", "😊", "👍", "🎨", "🙂", "😭")
# Chat shorthand people use; applied to free wording only.
SHORTHAND = {"you": "u", "please": "pls", "thanks": "thx", "are": "r", "your": "ur", "okay": "ok"}
# Words in any script (letters and apostrophes), and what lies between them.
_WORD_RE = re.compile(r"(?:[^\W\d_]|')+|(?:[^\w']|[\d_])+")
# Keyboard slips belong to alphabets typed key by key (Latin, Greek, Cyrillic), not to
# scripts typed through an input method (Chinese, Japanese) or joined letters (Arabic).
_SLIPS_RE = re.compile(r"[A-Za-z\u00c0-\u052f']+")


@dataclass(frozen=True)
class Voice:
    lowercase: bool
    typo_rate: float
    shorthand_rate: float
    filler_rate: float
    emoji_rate: float

    @classmethod
    def sample(cls, rng: random.Random) -> Voice:
        return cls(
            lowercase=rng.random() < 0.55,
            typo_rate=rng.choice((0.0, 0.0, 0.02, 0.04, 0.08)),
            shorthand_rate=rng.choice((0.0, 0.0, 0.3, 0.7)),
            filler_rate=rng.choice((0.05, 0.15, 0.3)),
            emoji_rate=rng.choice((0.0, 0.05, 0.2, 0.4)),
        )


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: swap two neighbours, drop a letter or double one."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def roughen(text: str, rng: random.Random, voice: Voice) -> str:
    out = []
    for token in _WORD_RE.findall(text):
        if not token[0].isalpha():
            out.append(token)
            continue
        lower = token.lower()
        if lower in SHORTHAND and rng.random() < voice.shorthand_rate:
            token = SHORTHAND[lower]
        elif len(token) >= 4 and rng.random() < voice.typo_rate and _SLIPS_RE.fullmatch(token):
            token = typo(token, rng)
        out.append(token.lower() if voice.lowercase else token)
    return "".join(out)


@dataclass
class Utterance:
    """A user message under construction: (text, is_argument) pieces."""

    pieces: list[tuple[str, bool]] = field(default_factory=list)

    def template(self, tmpl: str, **slots: str) -> Utterance:
        for literal, name, _, _ in Formatter().parse(tmpl):
            if literal:
                self.pieces.append((literal, False))
            if name is not None:
                self.pieces.append((slots[name], True))
        return self

    def words(self, text: str) -> Utterance:
        self.pieces.append((text, False))
        return self

    def prepend(self, other: Utterance) -> Utterance:
        self.pieces = other.pieces + self.pieces
        return self

    def plain(self) -> str:
        return tidy("".join(text for text, _ in self.pieces))

    def render(self, rng: random.Random, voice: Voice, lang: Language | None = None) -> str:
        """The message as this voice types it; fillers in `lang` (English by default)."""
        lang = lang or Language()
        parts = [text if arg else roughen(text, rng, voice) for text, arg in self.pieces]
        text = tidy("".join(parts))
        if rng.random() < voice.filler_rate:
            text = _spaced(rng.choice(lang.cue("filler_prefix", FILLER_PREFIXES))) + text
        if rng.random() < voice.filler_rate:
            suffix = rng.choice(lang.cue("filler_suffix", FILLER_SUFFIXES))
            text = text.rstrip(".") + _leading(suffix)
        if rng.random() < voice.emoji_rate:
            text += " " + rng.choice(EMOJIS) * rng.choice((1, 1, 2, 3))
        if not voice.lowercase and self.pieces and not self.pieces[0][1]:
            text = text[:1].upper() + text[1:]
        return text


def _spaced(prefix: str) -> str:
    """A filler read from a file has lost its trailing space."""
    return prefix if prefix.endswith(" ") or prefix[-1:] in "，。、！？：" else prefix + " "


def _leading(suffix: str) -> str:
    return suffix if suffix[:1] in " ,.!?…;:)~！？。，、" else " " + suffix


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([,?!.:，。、！？：])", r"\1", text)
    # Chinese and Japanese put no space after their full-width punctuation.
    return re.sub(r"([，。、！？：「」（）])\s+", r"\1", text)

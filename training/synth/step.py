"""What one synthetic turn is made of, and the helpers every skill phrasing uses."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from training.synth import vocab
from training.synth.board import Board, Img
from training.synth.deck import PhrasingDeck
from training.synth.lang import Language, forms
from training.synth.refs import LEAD_INS, PRONOUNS, refer, refer_in
from training.synth.voice import Utterance

T = TypeVar("T")


@dataclass
class Ctx:
    rng: random.Random
    board: Board
    turn_index: int
    # The language this turn is written in; English unless the dialogue says otherwise.
    lang: Language = field(default_factory=Language)
    # Set for coverage (training.synth.deck): phrasings come from decks, not at random.
    deck: PhrasingDeck | None = None

    def draw(self, options: Sequence[T]) -> T:
        """One phrasing (or phrasing pair) of `options`: at random, or the deck's next."""
        return self.deck.draw(options) if self.deck else self.rng.choice(options)


@dataclass
class Step:
    skill: str
    args: dict[str, str]
    utterance: Utterance
    uploads: list[Img] = field(default_factory=list)
    results: list[Img] = field(default_factory=list)
    reply: str = ""
    # chat: the gold message is the user's text as typed, known only after rendering.
    message_is_text: bool = False


def say(ctx: Ctx, options: Sequence[str], about: Img | None, **slots: str) -> Utterance:
    """One phrasing from `options`, pointing at `about` (pronoun, position or lead-in).

    Call it before adding the result to the board: "it" means the newest image.
    """
    tmpl = ctx.draw(options)
    utt = Utterance()
    if about is None:
        return utt.template(tmpl, **slots)
    if not ctx.lang.english:
        # An older picture is named in a lead-in; in the request itself it is "it".
        it = ctx.rng.choice(ctx.lang.cue("it", PRONOUNS))
        if about is not ctx.board.newest:
            ref = refer_in(ctx.lang, ctx.board, about, ctx.rng)
            utt.template(ctx.rng.choice(ctx.lang.cue("lead_in", LEAD_INS)) + " ", img=ref)
        return utt.template(tmpl, img=it, **slots)
    if about is not ctx.board.newest and "{img}" not in tmpl:
        utt.template(ctx.rng.choice(LEAD_INS), img=refer(ctx.board, about, ctx.rng))
        return utt.template(tmpl, img="it", **slots)
    return utt.template(tmpl, img=refer(ctx.board, about, ctx.rng), **slots)


def done_reply(ctx: Ctx) -> str:
    """What the bot says with a finished picture, in the user's language; often nothing."""
    if ctx.rng.random() < 0.25:
        return ""
    replies = vocab.words("replies") if ctx.lang.english else ctx.lang.bot.lines("replies.txt")
    return ctx.rng.choice(replies)


def choose(
    ctx: Ctx, name: str, english: Sequence[str], keep: Callable[[str], bool] = bool
) -> tuple[str, str]:
    """(what the user says, the English argument) from the word list `name`, of the words
    `keep` accepts.

    English says the word itself; another language says its native side of
    vocab/lang/<code>/<name>.txt, or now and then (`mix`) the English word in its stead.
    """
    if ctx.lang.english:
        word = ctx.rng.choice([w for w in english if keep(w)])
        return word, word
    native, word = ctx.rng.choice([(n, w) for n, w in ctx.lang.pairs(name) if keep(w)])
    if ctx.lang.mix and ctx.rng.random() < ctx.lang.mix:
        return word, word
    return forms(native)[0], word


def bot_says(ctx: Ctx, key: str, english: Sequence[str]) -> str:
    """One of a skill's reply lines, in the language the user writes (as the bot writes it)."""
    return ctx.rng.choice(ctx.lang.bot.cue(key, english))


def cue(ctx: Ctx, key: str, english: Sequence[str]) -> str:
    """One line of `english`, or of the language's cue `key` (a reply, a frame...)."""
    return ctx.rng.choice(ctx.lang.cue(key, english))


def tail(line: str) -> str:
    """A cue that continues a request, with the space a line read from a file has lost."""
    return line if line[:1] in " ,.;:!?，。、" else " " + line


def name(ctx: Ctx, english: str) -> str:
    """What the user calls a thing in the picture: its word in their language where the
    language knows it, else the English word (people switch words too)."""
    return ctx.lang.name_of(english) or english


def the(img: Img) -> str:
    """'the grey cat' for an image's subject."""
    words = img.subject.split(" ", 1)
    return f"the {words[1]}" if words[0] in ("a", "an") and len(words) > 1 else img.subject

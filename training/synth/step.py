"""What one synthetic turn is made of, and the helpers every skill phrasing uses."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from training.synth import vocab
from training.synth.board import Board, Img
from training.synth.refs import LEAD_INS, refer
from training.synth.voice import Utterance


@dataclass
class Ctx:
    rng: random.Random
    board: Board
    turn_index: int


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
    tmpl = ctx.rng.choice(options)
    utt = Utterance()
    if about is None:
        return utt.template(tmpl, **slots)
    if about is not ctx.board.newest and "{img}" not in tmpl:
        utt.template(ctx.rng.choice(LEAD_INS), img=refer(ctx.board, about, ctx.rng))
        return utt.template(tmpl, img="it", **slots)
    return utt.template(tmpl, img=refer(ctx.board, about, ctx.rng), **slots)


def done_reply(rng: random.Random) -> str:
    return "" if rng.random() < 0.25 else rng.choice(vocab.words("replies"))


def the(img: Img) -> str:
    """'the grey cat' for an image's subject."""
    words = img.subject.split(" ", 1)
    return f"the {words[1]}" if words[0] in ("a", "an") and len(words) > 1 else img.subject

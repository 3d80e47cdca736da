"""How a user points at an image: pronoun, position, or what it shows.

Pronouns only ever mean the newest image (spec convention); an older image is
named by its position ("the first one", "pic 2", "the original") or by a word only
its caption has ("the beach one"), unless the model was shown no caption of it.
"""

from __future__ import annotations

import random

from training.synth.board import Board, Img
from training.synth.lang import Language

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
SHORT_ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th")
PRONOUNS = ("it", "it", "it", "this", "that", "this one", "the picture", "the pic", "this image")
NEWEST = ("the last one", "the latest one", "the new one", "the last pic")
LEAD_INS = (
    "go back to {img} and ",
    "{img}: ",
    "for {img}, ",
    "take {img} and ",
    "ok back to {img}, ",
    "actually i prefer {img}. ",
    "on {img} ",
    "i like {img} more. ",
    "hmm use {img} instead, ",
    "can we go back to {img}? ",
)


def pick_target(board: Board, rng: random.Random, older_share: float = 0.25) -> Img:
    """The newest image mostly; sometimes an older one, to teach explicit references."""
    if len(board.images) > 1 and rng.random() < older_share:
        return rng.choice(board.images[:-1])
    return board.newest


def refer(board: Board, img: Img, rng: random.Random) -> str:
    """A phrase that picks out `img` unambiguously in this dialogue."""
    if img is board.newest:
        options = list(PRONOUNS)
        if len(board.images) > 1:
            options += NEWEST
        return rng.choice(options)
    options = []
    n = int(img.ref[1:])
    if n <= len(ORDINALS):
        ordinal, short = ORDINALS[n - 1], SHORT_ORDINALS[n - 1]
        options += [f"the {ordinal} one", f"the {ordinal} pic", f"the {short} image", f"pic {n}"]
    options += [f"#{n}", f"image {n}"]
    if n == 1 and img.upload:
        options += ["the original", "the original photo", "my original pic"]
    if len(board.images) >= 2 and img is board.images[-2]:
        options += ["the previous one", "the one before"]
    # A picture the intent model saw only as UPLOAD_CAPTION cannot be told by what it
    # shows ("the beach one" would name nothing the model can read); positions still work.
    tag = None if img.shown else board.unique_tag(img)
    if tag:
        # Descriptions are the hard case for a model, so they get a large share.
        options += [f"the {tag} one", f"the one with the {tag}", f"the {tag} pic"] * 2
    return rng.choice(options)


def lead_in(board: Board, img: Img, rng: random.Random) -> str:
    """A clause that moves the conversation's focus to an older image."""
    return rng.choice(LEAD_INS).replace("{img}", refer(board, img, rng))


def refer_in(lang: Language, board: Board, img: Img, rng: random.Random) -> str:
    """`refer` in the user's language: the newest image by a pronoun-like phrase, an older
    one by its position (cues.txt: `it`, `newest`, `ref` with {n} and {o}, `ordinal`,
    `original`, `previous`); descriptions by caption words are English only."""
    if lang.english:
        return refer(board, img, rng)
    if img is board.newest:
        # "it" forms are written for a request's object; beside other pictures, the newest
        # is "the last one", which reads right wherever a position would.
        return rng.choice(lang.cue("newest" if len(board.images) > 1 else "it", NEWEST))
    n = int(img.ref[1:])
    ordinals = lang.cue("ordinal", ORDINALS)
    options = [
        ref.replace("{n}", str(n)).replace("{o}", ordinals[min(n, len(ordinals)) - 1])
        for ref in lang.cue("ref", ("pic {n}", "#{n}"))
        if "{o}" not in ref or n <= len(ordinals)
    ]
    if n == 1 and img.upload:
        options += lang.cue("original", ())
    if len(board.images) >= 2 and img is board.images[-2]:
        options += lang.cue("previous", ())
    return rng.choice(options)

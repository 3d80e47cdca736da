"""How a user points at an image: pronoun, position, or what it shows.

Pronouns only ever mean the newest image (spec convention); an older image is
named by its position ("the first one", "pic 2", "the original") or by a word only
its caption has ("the beach one").
"""

from __future__ import annotations

import random

from training.synth.board import Board, Img

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
    tag = board.unique_tag(img)
    if tag:
        # Descriptions are the hard case for a model, so they get a large share.
        options += [f"the {tag} one", f"the one with the {tag}", f"the {tag} pic"] * 2
    return rng.choice(options)


def lead_in(board: Board, img: Img, rng: random.Random) -> str:
    """A clause that moves the conversation's focus to an older image."""
    return rng.choice(LEAD_INS).replace("{img}", refer(board, img, rng))

"""Pictures the user attaches, with the captions a captioner would give them."""

from __future__ import annotations

import random

from training.synth import vocab
from training.synth.board import Board, Img

PHOTO_PREFIXES = (
    "a photo of ", "a phone photo of ", "a snapshot of ", "a close-up photo of ",
    "a picture of ", "a blurry photo of ", "a low-light photo of ", "a sunny photo of ",
)  # fmt: skip
BW_PREFIXES = (
    "a black and white photo of ", "an old black and white photo of ",
    "a faded black-and-white photograph of ", "a vintage monochrome photo of ",
)  # fmt: skip
SKETCH_PREFIXES = (
    "a pencil sketch of ", "a rough pen doodle of ", "a child's crayon drawing of ",
    "a quick line sketch of ", "a marker doodle of ", "a charcoal sketch of ",
)  # fmt: skip
PERSON_PREFIXES = ("a photo of ", "a selfie of ", "a portrait photo of ", "a mirror selfie of ")
PEOPLE_NOUNS = frozenset(
    [
        "old man",
        "little girl",
        "young woman",
        "grandma",
        "chef",
        "ballerina",
        "skateboarder",
        "surfer",
        "firefighter",
        "detective",
        "scientist",
        "gardener",
        "fisherman",
        "cowboy",
        "king",
        "queen",
        "princess",
        "viking",
        "clown",
    ]
)

PERSON_WORDS = frozenset(
    [
        "woman",
        "man",
        "boy",
        "girl",
        "grandmother",
        "dad",
        "couple",
        "friends",
        "bride",
        "groom",
        "student",
        "runner",
        "businesswoman",
        "guy",
        "toddler",
    ]
)


def subject(rng: random.Random) -> tuple[str, str]:
    """A subject phrase with its article, and its core noun: ("a fluffy red fox", "fox")."""
    noun = rng.choice(vocab.words("nouns"))
    words = []
    if rng.random() < 0.5:
        words.append(rng.choice(vocab.words("adjectives")))
    if noun not in PEOPLE_NOUNS and rng.random() < 0.3:
        words.append(rng.choice(vocab.words("colours")))
    return vocab.with_article(" ".join([*words, noun])), noun


def scene(rng: random.Random) -> tuple[str, str]:
    """("on a sandy beach", "a sandy beach")."""
    prep, place = rng.choice(vocab.scenes())
    return f"{prep} {place}", place


def photo(board: Board, rng: random.Random, with_object: bool = False) -> Img:
    subj, noun = subject(rng)
    setting, _ = scene(rng)
    objects: tuple[str, ...] = ()
    extra = ""
    if with_object or rng.random() < 0.4:
        target, phrase = rng.choice(vocab.objects())
        objects, extra = (target,), f"with {phrase}"
    return board.add(
        Img(
            ref="",
            subject=subj,
            noun=noun,
            prefix=rng.choice(PHOTO_PREFIXES),
            setting=setting,
            extra=extra,
            kind="photo",
            upload=True,
            objects=objects,
            people=noun in PEOPLE_NOUNS,
        )
    )


def person_photo(board: Board, rng: random.Random, pose: bool = False) -> Img:
    who = rng.choice(vocab.words("people"))
    state = rng.choice(vocab.words("poses")) if pose else ""
    setting = scene(rng)[0] if rng.random() < 0.6 else ""
    return board.add(
        Img(
            ref="",
            subject=who,
            noun=person_noun(who),
            prefix=rng.choice(PERSON_PREFIXES),
            state=state,
            setting=setting,
            kind="pose" if pose else "person",
            upload=True,
            people=True,
        )
    )


def person_noun(who: str) -> str:
    """'a man in a grey suit' -> 'man': the word a user would name the person by."""
    return next((w for w in who.split() if w in PERSON_WORDS), "person")


def bw_photo(board: Board, rng: random.Random) -> Img:
    if rng.random() < 0.5:
        who = rng.choice(vocab.words("people"))
        subj, noun = who, person_noun(who)
    else:
        subj, noun = subject(rng)
    return board.add(
        Img(
            ref="",
            subject=subj,
            noun=noun,
            prefix=rng.choice(BW_PREFIXES),
            setting=scene(rng)[0],
            kind="bw",
            upload=True,
        )
    )


def sketch(board: Board, rng: random.Random) -> Img:
    subj, noun = subject(rng)
    setting = scene(rng)[0] if rng.random() < 0.5 else ""
    return board.add(
        Img(
            ref="",
            subject=subj,
            noun=noun,
            prefix=rng.choice(SKETCH_PREFIXES),
            setting=setting,
            kind="sketch",
            upload=True,
        )
    )


def artwork(board: Board, rng: random.Random) -> tuple[Img, str]:
    """A painting or print to borrow a style from, and the style's name."""
    style = rng.choice(vocab.words("styles"))
    subj, noun = subject(rng)
    img = board.add(
        Img(
            ref="",
            subject=subj,
            noun=noun,
            prefix=f"a {style} picture of ",
            setting=scene(rng)[0] if rng.random() < 0.5 else "",
            kind="art",
            upload=True,
        )
    )
    return img, style


def intro(img: Img, rng: random.Random) -> str:
    """What people write before a request when they attach something."""
    options: tuple[str, ...]
    if img.people or img.kind in ("person", "pose"):
        options = ("this is me. ", "here's me ", "my pic: ", "look at this. ", "me lol. ")
    elif img.kind == "sketch":
        options = ("my doodle lol. ", "i drew this. ", "here's my sketch. ", "my kid drew this! ")
    elif img.kind == "bw":
        options = ("found this old photo. ", "my grandparents' photo 🥺 ", "old family pic. ")
    else:
        n = img.noun
        options = (f"here's my {n}. ", f"this is my {n} ", f"look at my {n} 😂 ", "this one: ")
        options += ("found this pic, ", "ok here. ", "check this out. ")
    return rng.choice(options)

"""Pictures the user attaches, with the captions a captioner would give them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from training.synth import vocab
from training.synth.board import Board, Img
from training.synth.lang import Language, forms

ENGLISH = Language()

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


@dataclass(frozen=True)
class Scene:
    """A place as the user says it and as the gold and the captions name it."""

    place: str  # "en una playa": where something is
    background: str  # "una playa": what a background becomes
    setting: str  # "on a sandy beach"
    english: str  # "a sandy beach"


@cache
def _preps() -> dict[str, str]:
    return {place: prep for prep, place in reversed(vocab.scenes())}


@cache
def _places() -> dict[str, str]:
    """English setting ("on a sandy beach") -> its place ("a sandy beach")."""
    return {f"{prep} {place}": place for prep, place in reversed(vocab.scenes())}


def place_of(setting: str) -> str | None:
    return _places().get(setting)


def scene_in(lang: Language, rng: random.Random) -> Scene:
    """A scene in `lang`: its native place and background over an English one."""
    if lang.english:
        setting, place = scene(rng)
        return Scene(setting, place, setting, place)
    native, place = rng.choice(lang.pairs("scenes"))
    setting = f"{_preps()[place]} {place}"
    if lang.mix and rng.random() < lang.mix:
        return Scene(setting, place, setting, place)
    said = forms(native)
    return Scene(said[0], said[-1], setting, place)


def subject_in(lang: Language, rng: random.Random) -> tuple[str, str, str]:
    """(what the user calls it, the English subject, its English noun)."""
    if lang.english:
        subj, noun = subject(rng)
        return subj, subj, noun
    native, english = rng.choice(lang.pairs("subjects"))
    eng = forms(english)
    return forms(native)[0], eng[0], eng[-1]


def _subject(rng: random.Random, lang: Language) -> tuple[str, str]:
    """An English subject and noun; in another language one it has words for."""
    if lang.english:
        return subject(rng)
    _, subj, noun = subject_in(lang, rng)
    return subj, noun


def _setting(rng: random.Random, lang: Language) -> str:
    return scene(rng)[0] if lang.english else scene_in(lang, rng).setting


def _object(rng: random.Random, lang: Language) -> tuple[str, str]:
    if lang.english:
        return rng.choice(vocab.objects())
    _, target = rng.choice(lang.pairs("objects"))
    return target, dict(vocab.objects())[target]


def photo(
    board: Board, rng: random.Random, with_object: bool = False, lang: Language = ENGLISH
) -> Img:
    subj, noun = _subject(rng, lang)
    setting = _setting(rng, lang)
    objects: tuple[str, ...] = ()
    extra = ""
    if with_object or rng.random() < 0.4:
        target, phrase = _object(rng, lang)
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


def person_photo(
    board: Board, rng: random.Random, pose: bool = False, lang: Language = ENGLISH
) -> Img:
    who = rng.choice(vocab.words("people"))
    state = rng.choice(vocab.words("poses")) if pose else ""
    setting = _setting(rng, lang) if rng.random() < 0.6 else ""
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


def bw_photo(board: Board, rng: random.Random, lang: Language = ENGLISH) -> Img:
    if rng.random() < 0.5:
        who = rng.choice(vocab.words("people"))
        subj, noun = who, person_noun(who)
    else:
        subj, noun = _subject(rng, lang)
    return board.add(
        Img(
            ref="",
            subject=subj,
            noun=noun,
            prefix=rng.choice(BW_PREFIXES),
            setting=_setting(rng, lang),
            kind="bw",
            upload=True,
        )
    )


def sketch(board: Board, rng: random.Random, lang: Language = ENGLISH) -> Img:
    subj, noun = _subject(rng, lang)
    setting = _setting(rng, lang) if rng.random() < 0.5 else ""
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


def artwork(board: Board, rng: random.Random, lang: Language = ENGLISH) -> tuple[Img, str]:
    """A painting or print to borrow a style from, and the style's name."""
    style = rng.choice(vocab.words("styles"))
    subj, noun = _subject(rng, lang)
    img = board.add(
        Img(
            ref="",
            subject=subj,
            noun=noun,
            prefix=f"a {style} picture of ",
            setting=_setting(rng, lang) if rng.random() < 0.5 else "",
            kind="art",
            upload=True,
        )
    )
    return img, style


def intro(img: Img, rng: random.Random, lang: Language = ENGLISH) -> str:
    """What people write before a request when they attach something."""
    if not lang.english:
        kind = "person" if img.people or img.kind in ("person", "pose") else img.kind
        key = f"intro_{kind}" if kind in ("person", "sketch", "bw") else "intro_photo"
        return rng.choice(lang.cue(key, ("",))) + " "
    options: tuple[str, ...]
    if img.people or img.kind in ("person", "pose"):
        options = ("this is me. ", "here's me ", "my pic: ", "look at this. ", "me lol. ")
    elif img.kind == "sketch":
        options = (
            "scribbled this lol. ",
            "i drew this. ",
            "here's my sketch. ",
            "my kid drew this! ",
        )
    elif img.kind == "bw":
        options = ("found this old photo. ", "my grandparents' photo 🥺 ", "old family pic. ")
    else:
        n = img.noun
        options = (f"here's my {n}. ", f"this is my {n} ", f"look at my {n} 😂 ", "this one: ")
        options += ("found this pic, ", "ok here. ", "check this out. ")
    return rng.choice(options)

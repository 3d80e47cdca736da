"""The languages users write in: phrasings, word pairs and small talk, one folder each.

English is the synthesiser's own vocabulary (vocab/*.txt, vocab/phrasings/). Every other
language lives in vocab/lang/<code>/, written the way people type there rather than
translated line by line:

- phrasings/<skill>.txt: ways of asking, with the slots of the English files (keyed files
  keep their keys); chat.txt holds `message || reply` pairs and describe_image.txt
  `question || answer` pairs, both native: those arguments stay in the user's words;
- <list>.txt: `native || english` pairs (`gafas de sol || sunglasses`). The English side is
  an entry of the English list of the same name, so the gold carries the English argument
  a diffusion model wants and the result is captioned as in English. `|` splits a side
  into forms: subjects `phrase | how an edit names it || english phrase | english noun`,
  scenes `place | background || english place`, replacements `phrase | how an edit names it`;
- texts.txt, replies.txt: native lines (what goes on a picture stays as typed);
- cues.txt: `key || line`: reactions, fillers, references to pictures, frames for cues;
- lang.txt: `key || value`: weight in the mix, how a prompt is composed (`compose`), the
  share of users who type without diacritics (`plain_share`; `plain_map` for letters that
  do not decompose, `plain_strip || no` to drop only those) or in Latin letters
  (`latin_share`, with the `latin` letter map), how a subject and what it is doing go
  together (`act`, default `{subject} {action}`), and `switch_to`: where its users go when
  they switch to a language other than English.

A `Language` is one user's way of writing it: `plain` drops diacritics, `latin`
transliterates, `mix` is how often a word is said in English instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from training.synth import vocab

LANG_DIR = vocab.VOCAB_DIR / "lang"
ENGLISH = "en"
# The `native || english` word lists every language folder has.
PAIR_LISTS = (
    "subjects", "scenes", "objects", "styles", "replacements", "instructions", "negatives",
    "modifiers", "steers", "characters", "renders", "qr_prompts", "outpaint_prompts", "actions",
)  # fmt: skip
# Phrasing files besides one per catalog skill.
EXTRA_PHRASINGS = ("followup_another", "followup_same")


@cache
def codes() -> tuple[str, ...]:
    """The languages besides English that have a folder, in a fixed order."""
    if not LANG_DIR.is_dir():
        return ()
    return tuple(sorted(p.name for p in LANG_DIR.iterdir() if (p / "lang.txt").is_file()))


def _split(line: str) -> tuple[str, str]:
    key, _, value = line.partition("||")
    return key.strip(), value.strip()


@cache
def _raw(code: str, rel: str) -> tuple[str, ...]:
    path = LANG_DIR / code / rel
    return vocab.template_file(path) if path.is_file() else ()


@cache
def settings(code: str) -> Mapping[str, str]:
    """lang.txt of a language as a mapping."""
    return dict(_split(line) for line in _raw(code, "lang.txt"))


def setting(code: str, key: str, default: str = "") -> str:
    return settings(code).get(key, default)


@cache
def _char_map(code: str, key: str) -> Mapping[str, str]:
    """A `а=a ж=zh ъ=` setting as a mapping, capitals included."""
    out: dict[str, str] = {}
    for item in setting(code, key).split():
        src, _, dst = item.partition("=")
        out[src] = dst
        out.setdefault(src.upper(), dst[:1].upper() + dst[1:])
    return out


def strip_marks(text: str, extra: Mapping[str, str]) -> str:
    """'qué niño' -> 'que nino': how many people type when accents take an extra key."""
    text = "".join(extra.get(ch, ch) for ch in text)
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def _native(code: str, text: str, plain: bool, latin: bool) -> str:
    if latin:
        table = _char_map(code, "latin")
        text = "".join(table.get(ch, ch) for ch in text)
    if plain:
        extra = _char_map(code, "plain_map")
        if setting(code, "plain_strip", "yes") == "yes":
            text = strip_marks(text, extra)
        else:  # Cyrillic: only the listed letters (ё -> е); й keeps its breve
            text = "".join(extra.get(ch, ch) for ch in text)
    return text


@cache
def _lines(code: str, rel: str, plain: bool, latin: bool) -> tuple[str, ...]:
    return tuple(_native(code, line, plain, latin) for line in _raw(code, rel))


@cache
def _pairs(
    code: str, rel: str, plain: bool, latin: bool, left: bool, right: bool
) -> tuple[tuple[str, str], ...]:
    """The `a || b` lines of a file, the native sides (`left`, `right`) as this user types."""
    out = []
    for line in _raw(code, rel):
        a, b = _split(line)
        out.append(
            (
                _native(code, a, plain, latin) if left else a,
                _native(code, b, plain, latin) if right else b,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Language:
    """One user's way of writing a language (see the module docstring)."""

    code: str = ENGLISH
    plain: bool = False
    latin: bool = False
    mix: float = 0.0

    @property
    def english(self) -> bool:
        return self.code == ENGLISH

    @property
    def bot(self) -> Language:
        """The language as the bot writes it: diacritics and script intact."""
        return Language(self.code)

    def lines(self, rel: str) -> tuple[str, ...]:
        """The native lines of vocab/lang/<code>/<rel>, as this user types them."""
        return _lines(self.code, rel, self.plain, self.latin)

    def templates(self, name: str) -> tuple[str, ...]:
        """The phrasings of `name`: English's own, or this language's."""
        if self.english:
            return vocab.templates(name)
        return self.lines(f"phrasings/{name}.txt")

    def keyed(self, name: str, key: str) -> tuple[str, ...]:
        """The templates of a `key || template` phrasing file that belong to `key`."""
        if self.english:
            return vocab.keyed_templates(name, key)
        rows = _pairs(self.code, f"phrasings/{name}.txt", self.plain, self.latin, False, True)
        return tuple(t for k, t in rows if k == key)

    def said_pairs(self, name: str) -> tuple[tuple[str, str], ...]:
        """A phrasing file of native pairs, the user's words and the bot's answer
        (chat: message || reply; describe_image: question || answer)."""
        return _pairs(self.code, f"phrasings/{name}.txt", self.plain, self.latin, True, False)

    def pairs(self, name: str) -> tuple[tuple[str, str], ...]:
        """(native, english) of the word list `name`."""
        return _pairs(self.code, f"{name}.txt", self.plain, self.latin, True, False)

    def cue(self, key: str, english: Sequence[str]) -> Sequence[str]:
        """The lines of `key` in cues.txt; English (and a missing key) uses `english`."""
        if self.english:
            return english
        found = _cues(self.code, self.plain, self.latin).get(key)
        return found or english

    @property
    def comma(self) -> str:
        """How a phrase is tacked on after a request (", " or Chinese "，")."""
        return setting(self.code, "comma", ", ") if not self.english else ", "

    @property
    def colon(self) -> str:
        return setting(self.code, "colon", ": ") if not self.english else ": "

    def compose(self, subject: str, place: str, background: str) -> str:
        """A subject in a place, in this language's word order."""
        frame = setting(self.code, "compose", "{subject} {place}")
        return (
            frame.replace("{subject}", subject)
            .replace("{place}", place)
            .replace("{background}", background)
        )

    def act(self, subject: str, action: str) -> str:
        """A subject doing something ("un gato leyendo un libro"), in this language's order."""
        plain = "{subject} {action}"
        frame = plain if self.english else setting(self.code, "act", plain)
        return frame.replace("{subject}", subject).replace("{action}", action)

    def name_of(self, english: str) -> str | None:
        """How an edit names a thing ('el zorro' for fox), if this language knows it."""
        return None if self.english else _lexicon(self.code, self.plain, self.latin).get(english)

    def said_subject(self, english: str) -> str | None:
        return _subjects(self.code, self.plain, self.latin).get(english)

    def said_scene(self, english_place: str) -> tuple[str, str] | None:
        """(place, background) as said here for an English place ('a sandy beach')."""
        return _scenes(self.code, self.plain, self.latin).get(english_place)


@cache
def _cues(code: str, plain: bool, latin: bool) -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for key, line in _pairs(code, "cues.txt", plain, latin, False, True):
        out.setdefault(key, []).append(line)
    return {k: tuple(v) for k, v in out.items()}


def forms(side: str) -> list[str]:
    """'un zorro | el zorro' -> ['un zorro', 'el zorro']."""
    return [part.strip() for part in side.split("|")]


@cache
def _lexicon(code: str, plain: bool, latin: bool) -> Mapping[str, str]:
    """English noun -> how this language names it as the thing an edit works on."""
    out: dict[str, str] = {}
    for native, english in _pairs(code, "objects.txt", plain, latin, True, False):
        out.setdefault(english, native)
    for native, english in _pairs(code, "subjects.txt", plain, latin, True, False):
        said, eng = forms(native), forms(english)
        out.setdefault(eng[-1], said[-1])
    for native, english in _pairs(code, "replacements.txt", plain, latin, True, False):
        out.setdefault(english.split()[-1], forms(native)[-1])
    return out


@cache
def _subjects(code: str, plain: bool, latin: bool) -> Mapping[str, str]:
    rows = _pairs(code, "subjects.txt", plain, latin, True, False)
    return {forms(english)[0]: forms(native)[0] for native, english in rows}


@cache
def _scenes(code: str, plain: bool, latin: bool) -> Mapping[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for native, english in _pairs(code, "scenes.txt", plain, latin, True, False):
        said = forms(native)
        out.setdefault(english, (said[0], said[-1]))
    return out

"""The language a user writes in, told offline and fast, so the bot can answer in it.

Scripts settle most languages on their own (Kana is Japanese, Han alone Chinese, Arabic
script Arabic, Cyrillic Russian or Ukrainian); the Latin-script languages are told by
py3langid, restricted to the ones users write in here, with common romanised Hindi words
for Hinglish (which no character-statistics model knows: it reads like Indonesian or
Turkish to them). A message too short or too mixed to tell ("ok", "👍", "#2") takes the
language of the conversation's earlier user turns, then English.
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_WORD = re.compile(r"[^\W\d_]+")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def comparable(text: str) -> str:
    """`text` as words compare: lower case, no accents, punctuation and emoji as spaces;
    one space between words ("¿Qué TAL?! 👋" -> "que tal")."""
    folded = _fold(unicodedata.normalize("NFKC", text))
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def unspaced(text: str) -> bool:
    """Whether `text` has letters of a script written without spaces between words."""
    return any(_script(c) in ("han", "kana") for c in text)


def _words(spaced: str) -> frozenset[str]:
    # Users often leave the accents out ("adios", "dzieki"): words compare without them.
    return frozenset(_fold(w) for w in spaced.split())


# ISO 639-1 codes; "hi" is Hinglish, Hindi written in Latin letters as users chat in it.
SUPPORTED: tuple[str, ...] = (
    "en", "es", "pt", "ru", "uk", "tr", "id", "hi", "ar", "de", "fr", "it", "pl", "ja", "zh",
)  # fmt: skip
DEFAULT = "en"
LATIN = ("en", "es", "pt", "tr", "id", "de", "fr", "it", "pl")

# Below this many letters a character model guesses; the message's own words must say it.
MIN_LETTERS = 8
# How sure py3langid must be (its probabilities are calibrated to the text's length).
MIN_CONFIDENCE = 0.6

# Letters of another script that make a message that script's, whatever Latin it holds.
NON_LATIN_LETTERS = 3

UKRAINIAN_ONLY = set("іїєґ")
RUSSIAN_ONLY = set("ыэъё")

# Romanised Hindi: a strong word alone marks Hinglish; weak ones are also words of other
# languages ("hai" is Indonesian for hi, "do" English), so it takes two of them.
HINGLISH_STRONG = _words(
    "kya kyun kyu nahi nahin mujhe mujhko yaar yar karo kijiye bana banao banado kaise"
    " kaisa accha acha achha theek thik shukriya dhanyavaad dhanyavad bhai bahut bohot"
    " mast matlab chahiye sakte sakta sakti tumhara tumhari aapka aapki isko usko hata arre"
    " hatao dusri dusra thoda zyada jaisa jaisi milte batao bolo haan abhi"
)
HINGLISH_WEAK = _words(
    "hai hain ho hoon tum aap mera meri kar do de na ek aur bhi kal ko ke ka ki liye"
)

# Words that name a Latin-script language in a message too short for py3langid: small
# talk, and the verbs requests start with ("ponle gafas de sol" reads as Portuguese to it).
MARKERS: dict[str, frozenset[str]] = {
    "en": _words(
        "thanks thank thx hello hey please cool nice great yes awesome draw make add remove"
        " put turn give"
    ),
    "es": _words(
        "hola gracias vale bueno genial adiós qué cómo buenas ponle ponlo ponla pon haz hazlo"
        " hazla hazme dibuja dibújame quita quítale quitale cámbiale añade añádele agrégale"
        " otra otro vez conviértelo conviértela"
    ),
    "pt": _words(
        "olá oi obrigado obrigada valeu tchau legal beleza você faz faça coloca coloque bota"
        " deixa tira desenha desenhe troca transforma"
    ),
    "tr": _words(
        "merhaba selam teşekkürler teşekkür sağol evet hayır güzel yap çiz ekle kaldır"
        " değiştir dönüştür"
    ),
    "id": _words(
        "halo makasih terima kasih iya tidak gak dong keren buat buatin bikin tambah tambahin"
        " hapus hapusin ganti gantiin gambarin jadikan jadiin"
    ),
    "de": _words(
        "hallo danke bitte nein tschüss super toll genau mach mache zeichne entferne ändere"
        " setz füge noch"
    ),
    "fr": _words(
        "bonjour salut merci oui non génial bonsoir fais mets enlève dessine rends ajoute"
        " transforme"
    ),
    "it": _words(
        "ciao grazie buongiorno prego bello bellissimo fai metti togli disegna rendi aggiungi"
        " trasforma"
    ),
    "pl": _words(
        "cześć dzięki dziękuję tak nie hej super dzień zrób narysuj usuń dodaj zmień zamień przerób"
    ),
    # Russian and Ukrainian typed in Latin letters (a phone without Cyrillic keys).
    "ru": _words("privet spasibo pozhaluysta pozhalujsta narisuy narisuesh sdelay mozhesh"),
    "uk": _words("pryvit dyakuyu bud laska namalyuy zroby mozhesh"),
}
CYRILLIC_MARKERS: dict[str, frozenset[str]] = {
    "ru": _words("что как это спасибо пока хорошо можешь сделай нарисуй преврати"),
    "uk": _words("що як це дякую бувай добре можеш зроби намалюй перетвори"),
}


def detect_language(text: str, earlier: Sequence[str] = (), app_language: str = "") -> str:
    """The language of `text`; `earlier` are the conversation's earlier user turns, oldest
    first, whose language a short or unclear message is taken to share; `app_language`
    that of the user's app, if known ("/start", "ok" as a first message)."""
    for candidate in (text, *reversed(earlier)):
        language, sure = _reading(candidate)
        if sure and language is not None:
            return language
    if app_language in SUPPORTED:
        return app_language
    # Nothing is sure: the message's own best guess still beats English.
    return _reading(text)[0] or DEFAULT


def supported_locale(locale: str | None) -> str:
    """A platform's locale ("pt-br", "es-ES", "zh-hans") as a code of SUPPORTED, "" if the
    bot does not speak it."""
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in SUPPORTED else ""


def guess_language(text: str) -> str | None:
    """The language of `text` alone, or None where it is too short or mixed to tell."""
    language, sure = _reading(text)
    return language if sure else None


def _reading(text: str) -> tuple[str | None, bool]:
    """The likeliest language of `text` (None: no letters of a supported script), and
    whether it is sure."""
    scripts = _scripts(text)
    if not scripts:
        return None, False
    if scripts["kana"]:
        return "ja", True
    script, letters = _main_script(scripts)
    by_script = {"han": "zh", "arabic": "ar", "devanagari": "hi"}
    if script in by_script:
        return by_script[script], True
    words = [w.lower() for w in _WORD.findall(text)]
    if script == "cyrillic":
        return _cyrillic(text, words)
    if script == "latin":
        return _latin(text, words, letters)
    return None, False  # a script no supported language is written in


def _main_script(scripts: Counter[str]) -> tuple[str, int]:
    """The script the message is written in: a few Han, Arabic, Devanagari or Cyrillic
    letters outweigh a link or a brand name in Latin letters ("二维码 annaandtom.com")."""
    for script, count in scripts.most_common():
        if script not in ("latin", "other") and count >= NON_LATIN_LETTERS:
            return script, count
    return scripts.most_common(1)[0]


def _scripts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            counts[_script(char)] += 1
    return counts


def _script(char: str) -> str:
    code = ord(char)
    if code < 0x250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    if 0x600 <= code < 0x780 or 0xFB50 <= code < 0xFE00 or 0xFE70 <= code < 0xFF00:
        return "arabic"
    if 0x900 <= code < 0x980:
        return "devanagari"
    if 0x3040 <= code < 0x3100 or 0x31F0 <= code < 0x3200 or 0xFF66 <= code < 0xFFA0:
        return "kana"
    if 0x4E00 <= code < 0xA000 or 0x3400 <= code < 0x4DC0:
        return "han"
    return "other"


def _cyrillic(text: str, words: Sequence[str]) -> tuple[str, bool]:
    letters = set(text.lower())
    if letters & UKRAINIAN_ONLY:
        return "uk", True
    if letters & RUSSIAN_ONLY:
        return "ru", True
    # Either language is at least a good guess: Cyrillic is written in no other here.
    return _marked(words, CYRILLIC_MARKERS) or _classify(text, ("ru", "uk"))[0], True


def _latin(text: str, words: Sequence[str], letters: int) -> tuple[str | None, bool]:
    if _is_hinglish(words):
        return "hi", True
    language, confidence = _classify(text, LATIN)
    if letters >= MIN_LETTERS and confidence >= MIN_CONFIDENCE:
        return language, True
    marked = _marked(words, MARKERS)
    if marked is not None:
        return marked, True
    return (language if letters >= MIN_LETTERS else None), False


def _classify(text: str, languages: tuple[str, ...]) -> tuple[str, float]:
    language, confidence = _identifier(languages).classify(text)
    return str(language), float(confidence)


def _is_hinglish(words: Sequence[str]) -> bool:
    strong = sum(w in HINGLISH_STRONG for w in words)
    weak = sum(w in HINGLISH_WEAK for w in words)
    return strong >= 1 or (weak >= 2 and weak * 3 >= len(words))


def _marked(words: Iterable[str], markers: Mapping[str, frozenset[str]]) -> str | None:
    """The language whose marker words the message uses most, if one alone does."""
    folded = [_fold(w) for w in words]
    votes = Counter({lang: sum(w in marks for w in folded) for lang, marks in markers.items()})
    ranked = [(lang, n) for lang, n in votes.most_common(2) if n]
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@functools.cache
def _identifier(languages: tuple[str, ...]) -> Any:
    """A py3langid model restricted to `languages` (a copy: restricting one replaces its
    tables and leaves the model it came from whole)."""
    identifier = copy.copy(_model())
    identifier.set_languages(list(languages))
    return identifier


@functools.cache
def _model() -> Any:
    # Imported here: loading the model takes about a second, paid on the first message.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

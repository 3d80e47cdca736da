"""Word lists and phrasing templates, read once from the text files under vocab/.

Keeping them as data files lets anyone add phrasings without touching code; a line
starting with `#` is a comment, and `a || b` lines hold pairs (key and template,
message and reply, question and answer).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

VOCAB_DIR = Path(__file__).parent / "vocab"
PHRASINGS_DIR = VOCAB_DIR / "phrasings"


def _lines(path: Path) -> tuple[str, ...]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@cache
def words(name: str) -> tuple[str, ...]:
    """The lines of vocab/<name>.txt."""
    return _lines(VOCAB_DIR / f"{name}.txt")


@cache
def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The `a || b` lines of vocab/<name>.txt (or phrasings/<name>.txt)."""
    path = VOCAB_DIR / f"{name}.txt"
    if not path.exists():
        path = PHRASINGS_DIR / f"{name}.txt"
    out = []
    for line in _lines(path):
        key, _, value = line.partition(" || ")
        out.append((key.strip(), value.strip()))
    return tuple(out)


def templates(name: str) -> tuple[str, ...]:
    """The phrasing templates of vocab/phrasings/<name>.txt."""
    return template_file(PHRASINGS_DIR / f"{name}.txt")


@cache
def template_file(path: Path) -> tuple[str, ...]:
    """The phrasing templates of one file."""
    return _lines(path)


@cache
def values_for(argument: str) -> tuple[str, ...]:
    """Values for a skill argument, from the word list named after it (vocab/styles.txt
    for `style`, vocab/texts.txt for `text`); of a `key || value` list, the keys."""
    for name in (f"{argument}s", argument):
        if (VOCAB_DIR / f"{name}.txt").is_file():
            return tuple(line.partition(" || ")[0].strip() for line in words(name))
    raise LookupError(
        f"No word list for the argument '{argument}': add training/synth/vocab/{argument}s.txt"
        " or give the skill a dedicated maker."
    )


@cache
def keyed_templates(name: str, key: str) -> tuple[str, ...]:
    """Templates of a `key || template` phrasing file that belong to one key."""
    return tuple(t for k, t in pairs(name) if k == key)


@cache
def scenes() -> tuple[tuple[str, str], ...]:
    """(preposition, place) pairs: "on a sandy beach" is a scene, "a sandy beach" a background."""
    out = []
    for line in words("scenes"):
        prep, _, place = line.partition("|")
        out.append((prep, place))
    return tuple(out)


@cache
def objects() -> tuple[tuple[str, str], ...]:
    """(target word, caption phrase) of things one may erase or swap in a photo."""
    out = []
    for line in words("objects"):
        target, _, phrase = line.partition("|")
        out.append((target, phrase))
    return tuple(out)


def article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeiou" else "a"


def with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"

"""The paper's second structural check: is the text a decision carries sound text?

JSON validity alone reads 1.000 for any model decoded under the grammar, so it cannot
tell a model that copies the user's words from one that loops or invents. This check
looks at the *text* arguments of a decision (catalog kind "text"; refs and enums are
the JSON check's business) and finds three kinds of problem:

- repetition: a word 3-gram 3 or more times, a word 4 or more times in a row, or a unit
  of 1-4 characters 6 or more times in a row ("!!!!!!", "hahahahahaha"), in each case
  only where the dialogue's own text does not repeat it as much (a user may write
  "very very very very big" and the model may copy it);
- unsupported words: of the argument's content words (stopwords aside), the ones that
  occur nowhere in the dialogue's user turns and image captions, allowing plurals and
  verb endings ("cats" for "cat") and one-letter slips in words of 5+ letters ("color"
  for "colour", "background" for "backgroud"). A problem when at least 2 words are
  unsupported *and* their share exceeds the argument's allowance: 0.5 for arguments that
  restate the user (target, instruction, text, question, message, ...), 0.75 for prompt
  arguments (`prompt`, `negative_prompt`), which legitimately complete a request with
  words of their own ("a fox, watercolor, soft light") but must stay anchored to it.
  Arguments the diffusion models read (TRANSLATED_ARGS) are English in every language, so
  in a turn written in another language they are a translation and are not checked here;
- non-printable characters: controls (other than newline and tab), unassigned and
  private-use code points, surrogates, U+FFFD, and format characters other than the
  zero-width joiner and the emoji tag characters that emoji sequences are made of.

A raw output that is not a JSON object with an `args` object has no arguments to read:
the whole raw text is checked for repetition and non-printables (its keys and skill name
are no user words, so the vocabulary check is left out there).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.catalog import CATALOG, is_ref
from core.dialogue import PredictionRequest
from core.languages import detect_language

# Words that say nothing about what to draw (argument accuracy leaves them out too).
STOPWORD_TEXT = """
a an the and or of in on at to for with by from into onto it its it's this that these those
is are be was were please can could you me my i make some any just very as so up out over under
"""
STOPWORDS = frozenset(STOPWORD_TEXT.split())
# A word is a run of Latin letters and digits or a run of another script's letters, so a
# link inside unspaced Chinese ("跳转到annaandtom.com") is words of its own.
WORD_RE = re.compile(r"[0-9a-z\u00c0-\u024f']+|[^\W0-9a-z\u00c0-\u024f_]+")

PROMPT_ARGS = frozenset({"prompt", "negative_prompt"})
# The diffusion models read English: these arguments are English whatever language the
# user writes, so in a turn that is not English their words are a translation, which the
# vocabulary check cannot verify (repetition and non-printables are still checked).
TRANSLATED_ARGS = PROMPT_ARGS | {"background", "style", "target", "replacement", "instruction"}
PROMPT_ALLOWANCE = 0.75
RESTATE_ALLOWANCE = 0.5
MIN_UNSUPPORTED = 2
NGRAM, NGRAM_REPEATS = 3, 3
WORD_RUN = 4
CHAR_UNIT_RE = re.compile(r"(.{1,4}?)\1{5,}", re.DOTALL)
_SUFFIXES = ("'s", "ing", "ed", "es", "s")
# Format characters emoji need: the zero-width joiner (👩‍🎨) and the tags of flag emoji.
_ALLOWED_FORMAT = {"\u200d", *(chr(c) for c in range(0xE0020, 0xE0080))}
_NON_PRINTABLE_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}


@dataclass(frozen=True)
class TextProblem:
    arg: str  # the argument's name, or "raw" when the output did not parse
    kind: str  # "repetition" | "unsupported" | "non-printable"
    detail: str


def decision_text_problems(raw: str, request: PredictionRequest) -> list[TextProblem]:
    """The problems of the text arguments of one raw decision, in the dialogue it answers."""
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, TypeError):
        obj = None
    if not isinstance(obj, dict) or not isinstance(obj.get("args"), dict):
        source = _source_text(request)
        return repetition_problems("raw", str(raw), source) + non_printable_problems("raw", raw)
    skill = obj.get("skill")
    return text_arg_problems(skill if isinstance(skill, str) else "", obj["args"], request)


def text_arg_problems(
    skill: str, args: dict[str, object], request: PredictionRequest
) -> list[TextProblem]:
    source = _source_text(request)
    vocabulary = _stems(source)
    translated = _translated_turn(request)
    problems: list[TextProblem] = []
    for name, value in text_args(skill, args):
        allowance = PROMPT_ALLOWANCE if name in PROMPT_ARGS else RESTATE_ALLOWANCE
        problems += repetition_problems(name, value, source)
        if not (translated and name in TRANSLATED_ARGS):
            problems += unsupported_problems(name, value, vocabulary, allowance)
        problems += non_printable_problems(name, value)
    return problems


def _translated_turn(request: PredictionRequest) -> bool:
    """Whether the turn being decided is written in another language than English."""
    users = [m.text for m in request.messages if m.role == "user"]
    if not users:
        return False
    return detect_language(users[-1], users[:-1]) != "en"


def text_args(skill: str, args: dict[str, object]) -> list[tuple[str, str]]:
    """The arguments of kind text; for an unknown skill every string that is not a ref."""
    spec = CATALOG.get(skill)
    kinds = {a.name: a.kind for a in spec.args} if spec else {}
    return [
        (name, value)
        for name, value in args.items()
        if isinstance(value, str) and kinds.get(name, "ref" if is_ref(value) else "text") == "text"
    ]


def repetition_problems(name: str, text: str, source: str) -> list[TextProblem]:
    words, source_words = _words(text), _words(source)
    problems = []
    grams, source_grams = _ngrams(words), _ngrams(source_words)
    for gram, count in grams.items():
        if count >= NGRAM_REPEATS and count > source_grams[gram]:
            problems.append(TextProblem(name, "repetition", f"'{' '.join(gram)}' {count} times"))
            break
    source_runs = _longest_runs(source_words)
    for word, run in _longest_runs(words).items():
        if run >= WORD_RUN and run > source_runs.get(word, 0):
            problems.append(TextProblem(name, "repetition", f"'{word}' {run} times in a row"))
            break
    for match in CHAR_UNIT_RE.finditer(text):
        if match.group(1).strip() and match.group(0) not in source:
            problems.append(TextProblem(name, "repetition", f"'{match.group(0)[:24]}'"))
            break
    return problems


def unsupported_problems(
    name: str, text: str, vocabulary: set[str], allowance: float
) -> list[TextProblem]:
    content = _content_words(text)
    missing = [w for w in content if not _supported(w, vocabulary)]
    if len(missing) >= MIN_UNSUPPORTED and len(missing) / len(content) > allowance:
        detail = f"{len(missing)}/{len(content)} words the user never wrote: {' '.join(missing)}"
        return [TextProblem(name, "unsupported", detail)]
    return []


def non_printable_problems(name: str, text: str) -> list[TextProblem]:
    bad = [ch for ch in text if _non_printable(ch)]
    if not bad:
        return []
    shown = " ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad))
    return [TextProblem(name, "non-printable", shown)]


def _content_words(text: str) -> list[str]:
    return [w for w in _words(text) if w not in STOPWORDS]


def _source_text(request: PredictionRequest) -> str:
    """What the user wrote and what the images show: the words a decision may copy."""
    parts = [m.text for m in request.messages if m.role == "user"]
    parts += [img.caption for m in request.messages for img in m.images]
    return "\n".join(parts)


def _words(text: str) -> list[str]:
    # Quotes around words ('Now Open') are no part of them.
    return [w for w in (m.strip("'") for m in WORD_RE.findall(text.lower())) if w]


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in _words(text)}


def _supported(word: str, vocabulary: set[str]) -> bool:
    stem = _stem(word)
    if stem in vocabulary or word.isdigit():
        return True
    return len(word) >= 5 and any(_one_edit_apart(stem, known) for known in vocabulary)


def _one_edit_apart(a: str, b: str) -> bool:
    """One substitution, insertion or deletion turns a into b (typos, colour/color)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _ngrams(words: Sequence[str]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1))


def _longest_runs(words: Iterable[str]) -> dict[str, int]:
    runs: dict[str, int] = {}
    previous, length = None, 0
    for word in words:
        length = length + 1 if word == previous else 1
        previous = word
        runs[word] = max(runs.get(word, 0), length)
    return runs


def _non_printable(ch: str) -> bool:
    if ch in "\n\t" or ch in _ALLOWED_FORMAT:
        return False
    category = unicodedata.category(ch)
    return ch == "\ufffd" or category in _NON_PRINTABLE_CATEGORIES or category == "Cf"

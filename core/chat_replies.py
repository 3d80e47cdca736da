"""The bot's answer to a chat turn, in the language the user writes in.

- A question about what the bot can do is answered from the catalog: the groups of
  skills it has, and two or three requests a user could send.
- Greetings, thanks and praise, goodbyes, "how are you", laughter and apologies get a
  short friendly line of the bot's own.
- Anything else gets the language model's answer, if core.chat_guard finds it worth
  sending; otherwise a line that invites a request, with an example.

A line is chosen by a hash of the conversation and its length, so a conversation reads
the same when replayed, and never the bot's previous reply again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Sequence
from typing import Literal

from core.catalog import CATALOG, SkillSpec
from core.chat_guard import finished, rejection
from core.chat_lexicon import LEXICONS, SHARED, Ability, Lexicon, Talk
from core.dialogue import DialogueMessage
from core.languages import LATIN, comparable, detect_language, guess_language, unspaced

log = logging.getLogger(__name__)

Respond = Callable[[Sequence[DialogueMessage]], str]


def _takes_words(spec: SkillSpec) -> bool:
    return any(a.kind == "text" and a.required for a in spec.args)


def _restyles(spec: SkillSpec) -> bool:
    # The catalog describes these as changing a picture's style: anime, an art style, the
    # style of another image.
    return spec.kind == "edit" and "style" in spec.description


# Which skills each ability group speaks for, read off what the catalog says of them: a
# group is offered only while the catalog has a skill in it.
GROUPS: dict[Ability, Callable[[SkillSpec], bool]] = {
    "draw": lambda s: s.kind == "generate" and not s.ref_args,
    "change": lambda s: s.kind == "edit" and _takes_words(s) and not _restyles(s),
    "restyle": _restyles,
    "sticker": lambda s: s.delivery == "sticker",
    "describe": lambda s: s.kind == "answer" and bool(s.ref_args),
    "sketch": lambda s: s.kind == "generate" and bool(s.ref_args),
}
MENTIONED = 4  # groups named in the answer to "what can you do?"
EXAMPLES = 3  # requests it suggests
# A question naming several groups is about the most specific ("can you paint a
# watercolour?" asks about styles, not about drawing).
SPECIFIC_FIRST: tuple[Ability, ...] = ("restyle", "sticker", "sketch", "describe", "change", "draw")
# Which small talk a message is, where it is several ("hi, how are you?" asks how).
TALK_ORDER: tuple[Talk, ...] = (
    "how_are_you",
    "thanks",
    "apology",
    "goodbye",
    "greeting",
    "laughter",
)
SMALL_TALK_WORDS = 8  # longer messages say more than small talk
SMALL_TALK_CHARS = 24  # the same for scripts without spaces
# Romanised small talk is this short ("arigatou gozaimasu", "ma'a salama" is three words).
ROMANISED_WORDS = 3
# Letters Unicode does not split into a base letter and an accent, so comparable keeps them,
# though users leave them out as they do accents: "gunaydin" for "günaydın", "co slychac"
# for "co słychać", "gruss gott" for "grüß Gott".
PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ß": "ss"})

Asked = Ability | Literal["all"]


def chat_reply(
    message: DialogueMessage,
    earlier: Sequence[DialogueMessage],
    respond: Respond,
    conversation: int | str,
) -> str:
    """The answer to the user's chat `message`, given the conversation's `earlier` turns
    and the language model's `respond` (asked only where the bot has no line of its own)."""
    language = reply_language(message.text, [m.text for m in earlier if m.role == "user"])
    lexicon = LEXICONS[language]
    previous = next((m.text for m in reversed(earlier) if m.role == "assistant"), None)
    seed = f"{conversation}:{len(earlier)}"
    own = own_line(message.text, lexicon, seed, previous)
    if own is not None:
        return own
    answer = finished(_model_answer(respond, [*earlier, message]))
    why = rejection(answer, message.text, previous, language)
    if why is None:
        return answer
    log.info("chat answer replaced (%s): %r", why, answer[:80])
    return invitation(lexicon, seed, previous)


def own_line(text: str, lexicon: Lexicon, seed: str, previous: str | None) -> str | None:
    """The bot's own answer to an abilities question or small talk; None for anything else."""
    spoken = _spoken(text)
    asked = asked_ability(spoken, lexicon)
    if asked is not None:
        answers = abilities_answers(lexicon, asked)
        # The first answer is the best one; another only so as not to say it twice running.
        fresh = [a for a in answers if previous is None or comparable(a) != comparable(previous)]
        return (fresh or answers)[0]
    talk = small_talk(text, lexicon)
    if talk is not None:
        return pick(lexicon.replies[talk], f"{seed}:{talk}", previous)
    return None


def asked_ability(spoken: str, lexicon: Lexicon) -> Asked | None:
    """What an abilities question asks about: one group, all of them, or None where the
    message asks no such thing ("can you tell me a joke?" names no ability)."""
    offered = available()
    named = next(
        (g for g in SPECIFIC_FIRST if g in offered and _says(spoken, lexicon.abilities[g].cues)),
        None,
    )
    if _says(spoken, lexicon.asks):
        return named or "all"
    if named is not None and _says(spoken, lexicon.can):
        return named
    return None


def small_talk(text: str, lexicon: Lexicon) -> Talk | None:
    """Which small talk a short message is, in `lexicon`'s words or emoji; None if none."""
    spoken = _spoken(text)
    words = spoken.split()
    if len(words) > SMALL_TALK_WORDS or (unspaced(spoken) and len(spoken) > SMALL_TALK_CHARS):
        return None
    for talk in TALK_ORDER:
        if talk == "thanks" and _says(spoken, lexicon.unpraise):
            continue  # "not great" is a complaint, for the model to answer
        cues = (*lexicon.talk.get(talk, ()), *SHARED.get(talk, ()))
        # Emoji are no words: they are looked for in the text as written.
        emoji = (c for c in SHARED.get(talk, ()) if not comparable(c))
        if _says(spoken, cues) or any(e in text for e in emoji):
            return talk
    return None


def reply_language(text: str, said: Sequence[str]) -> str:
    """The language to answer `text` in, given the user's earlier turns: as told by
    core.languages, but a message too short to tell that is the small talk of one language
    alone ("à demain", "jajaja", "spasib") is in that language, and so is short romanised
    small talk ("konnichiwa"), whatever Latin-script language it may look like."""
    language = detect_language(text, said)
    if language not in LEXICONS:
        language = "en"
    if small_talk(text, LEXICONS[language]) is not None:
        return language
    found = [code for code, lexicon in LEXICONS.items() if small_talk(text, lexicon)]
    if len(found) != 1:
        return language
    guess = guess_language(text)
    if guess is None or _romanised(text, guess, found[0]):
        return found[0]
    return language


def _romanised(text: str, guess: str, language: str) -> bool:
    """Whether `text`, read as `guess`, is rather romanised small talk of `language`.
    core.languages tells Latin letters apart among Latin-script languages alone, so it
    misreads a romanised greeting of another by design ("konnichiwa" is Polish to it);
    a longer message that names one ("what does arigato mean?") is what it reads."""
    return (
        guess in LATIN and language not in LATIN and len(_spoken(text).split()) <= ROMANISED_WORDS
    )


def abilities_answers(lexicon: Lexicon, asked: Asked) -> list[str]:
    """Ways to answer the question, best first: for one group, that group; for all, the
    first groups, with a drawing request and other examples (each way its own)."""
    groups = [g for g in GROUPS if g in available()]
    if asked != "all":
        phrasing = lexicon.abilities[asked]
        yes = lexicon.yes.format(ability=phrasing.says)
        return [yes + lexicon.gap + _examples(lexicon, [phrasing.example])]
    said = lexicon.can_do.format(
        abilities=lexicon.listed([lexicon.abilities[g].says for g in groups[:MENTIONED]])
    )
    first, *others = [lexicon.abilities[g].example for g in groups]
    more = EXAMPLES - 1
    answers = []
    for start in range(0, max(len(others), 1), more):
        chosen = [first, *(others[start:] + others[:start])[:more]]
        answers.append(said + lexicon.gap + _examples(lexicon, chosen))
    return answers


def invitation(lexicon: Lexicon, seed: str, previous: str | None) -> str:
    """A friendly line that invites a request, with one example."""
    examples = [lexicon.abilities[g].example for g in GROUPS if g in available()][:EXAMPLES]
    lines = [i.format(example=lexicon.quoted(e)) for i in lexicon.invites for e in examples]
    return pick(lines, f"{seed}:invite", previous)


def pick(options: Sequence[str], seed: str, previous: str | None) -> str:
    """One of `options`, the same for the same seed, and not the bot's previous reply
    (while another is left)."""
    last = comparable(previous) if previous else None
    fresh = [o for o in options if comparable(o) != last] or list(options)
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return fresh[int.from_bytes(digest[:8], "big") % len(fresh)]


def available() -> set[Ability]:
    """The ability groups the catalog has a skill in, now."""
    return {g for g, covers in GROUPS.items() if any(covers(s) for s in CATALOG.values())}


def _examples(lexicon: Lexicon, examples: Sequence[str]) -> str:
    return lexicon.for_example.format(examples=lexicon.sep.join(map(lexicon.quoted, examples)))


def _model_answer(respond: Respond, dialogue: Sequence[DialogueMessage]) -> str:
    try:
        return respond(dialogue)
    except Exception:
        # The user still gets an answer: the invitation the guard falls back to.
        log.exception("the language model's chat answer failed")
        return ""


def _spoken(text: str) -> str:
    return f" {_plain(text)} "


def _plain(text: str) -> str:
    return comparable(text).translate(PLAIN_LETTERS)


def _says(spoken: str, cues: Sequence[str]) -> bool:
    """Whether `spoken` (from _spoken) holds one of the cues (core.chat_lexicon.lexicon
    says how a cue matches)."""
    return any(_matches(spoken, *_cue(c)) for c in cues)


def _matches(spoken: str, core: str, prefix: bool) -> bool:
    if not core:
        return False
    if unspaced(core):
        return core in spoken
    return f" {core}{'' if prefix else ' '}" in spoken


@functools.cache
def _cue(cue: str) -> tuple[str, bool]:
    return _plain(cue.rstrip("*")), cue.endswith("*")

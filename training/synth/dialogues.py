"""Whole synthetic dialogues: how many turns, which skill each turn, and the gold record.

Each dialogue draws from its own `random.Random(f"{seed}:{index}")`, so a dialogue
does not change when `n` does, and the same seed gives the same bytes.

A dialogue is written in the languages `LanguageMix` picks for it (English for most, some
users switching mid-dialogue); each turn's maker phrases its request in that turn's
language while the gold keeps English diffusion arguments, and the bot answers in the
user's language. The dialogue's `meta` records the languages.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field

from core.catalog import CATALOG, validate_args
from core.dialogue import Dialogue, Reply, Turn
from training.synth import uploads
from training.synth.board import Board
from training.synth.lang import Language
from training.synth.langmix import LanguageMix
from training.synth.makers import skill_maker
from training.synth.step import Ctx, Step
from training.synth.voice import Utterance, Voice

# How often each skill opens a dialogue / comes later, where not 1.0. New pictures dominate
# openings as they do in real chats; later turns are mostly edits of what is there.
FIRST_WEIGHTS = {"text_to_image": 8.0, "chat": 1.5}
LATER_WEIGHTS = {"text_to_image": 2.0, "chat": 1.2, "qr_art": 0.4}

# What people say about the last answer before asking for the next thing.
REACTIONS = (
    "love it!", "nice.", "perfect 😍", "haha", "ok cool.", "hmm not bad.", "wow!", "great,",
    "omg yes.", "looks good.", "nice one,", "awesome.", "cute!", "ha,", "sick 🔥", "not bad,",
    "yesss", "this is great.", "amazing!", "beautiful.", "lol ok.", "hmm, close.", "ok.",
    "good.", "thanks!", "cool,", "so cute 😭", "haha perfect.", "niice", "okay wow.",
)  # fmt: skip
PURPOSES = (
    "for my insta", "for my mom's birthday", "so i can print it", "for a poster",
    "for our group chat", "for my presentation", "for my profile", "for the family album",
    "for my wall", "for a t-shirt", "for my blog", "for my kid", "for discord", "for a gift",
    "for the team chat", "for my website", "before i send it to my friends",
    "for a school project", "for a card", "for work", "for my phone", "for a flyer",
    "for my grandma", "for a sticker pack", "for my portfolio", "for a meme",
)  # fmt: skip
PURPOSE_SKILLS = frozenset(
    [
        "colorize",
        "line_art",
        "make_sticker",
        "to_anime",
        "remove_background",
        "upscale",
        "adjust",
        "outpaint",
        "style_reference",
        "image_variation",
        "style_transfer",
    ]
)


class SynthDialogue(Dialogue):
    """A DrawnConvos dialogue with where it came from: `meta.lang` the language it opens
    in, `meta.turn_langs` that of each turn. Readers of the format (training, evaluation)
    load it as a plain Dialogue and ignore the extra key."""

    meta: dict[str, Any] = Field(default_factory=dict)


def turn_count(rng: random.Random) -> int:
    """~30% one turn, ~60% two or three, ~10% four to six."""
    r = rng.random()
    if r < 0.30:
        return 1
    if r < 0.60:
        return 2
    if r < 0.90:
        return 3
    return rng.randint(4, 6)


def pick_skill(rng: random.Random, weights: Mapping[str, float]) -> str:
    """A catalog skill, each as likely as 1.0 unless `weights` says otherwise."""
    skills = list(CATALOG)
    return rng.choices(skills, weights=[weights.get(s, 1.0) for s in skills])[0]


DEFAULT_MIX = LanguageMix()


def build_dialogue(
    dialogue_id: str,
    rng: random.Random,
    phrasings_dir: Path | None = None,
    mix: LanguageMix = DEFAULT_MIX,
) -> SynthDialogue:
    board = Board()
    voice = Voice.sample(rng)
    languages = mix.turn_languages(rng, turn_count(rng))
    turns: list[Turn] = []
    for index, lang in enumerate(languages):
        skill = pick_skill(rng, FIRST_WEIGHTS if index == 0 else LATER_WEIGHTS)
        maker = skill_maker(CATALOG[skill], phrasings_dir)
        step = maker(Ctx(rng=rng, board=board, turn_index=index, lang=lang))
        turns.append(_turn(step, board, rng, voice, index, lang))
    meta = {"lang": languages[0].code, "turn_langs": [lang.code for lang in languages]}
    return SynthDialogue(id=dialogue_id, turns=turns, meta=meta)


def _turn(
    step: Step, board: Board, rng: random.Random, voice: Voice, index: int, lang: Language
) -> Turn:
    if step.uploads and rng.random() < 0.35:
        step.utterance.prepend(Utterance().words(uploads.intro(step.uploads[0], rng, lang)))
    elif index > 0 and rng.random() < 0.3:
        step.utterance.prepend(Utterance().words(rng.choice(lang.cue("reaction", REACTIONS)) + " "))
    if step.skill in PURPOSE_SKILLS and rng.random() < 0.3:
        purpose = rng.choice(lang.cue("purpose", PURPOSES))
        step.utterance.words(rng.choice((", ", " ")) + purpose if lang.english else " " + purpose)
    text = step.utterance.render(rng, voice, lang)
    args: dict[str, object] = dict(step.args)
    if step.message_is_text:
        args["message"] = text
    # Refs that exist at this point: everything before this turn plus this turn's uploads.
    known = {img.ref for img in board.images if img not in step.results}
    validate_args(step.skill, args, known)
    return Turn(
        user=text,
        images=[img.info() for img in step.uploads],
        gold={"skill": step.skill, "args": args},
        reply=Reply(text=step.reply, images=[img.info() for img in step.results]),
    )


def synthesize(
    n: int = 10_000,
    seed: int = 0,
    phrasings_dir: Path | None = None,
    mix: LanguageMix = DEFAULT_MIX,
) -> list[Dialogue]:
    """`n` DrawnConvos dialogues, ids dc-000000..., the same for the same seed, in the
    languages of `mix` (by default English for ~58% and every other language folder for the
    rest); a skill with no dedicated maker is phrased from `phrasings_dir` (vocab/phrasings
    by default)."""
    return [
        build_dialogue(f"dc-{i:06d}", random.Random(f"{seed}:{i}"), phrasings_dir, mix)
        for i in range(n)
    ]

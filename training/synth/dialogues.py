"""Whole synthetic dialogues: how many turns, which skill each turn, and the gold record.

Each dialogue draws from its own `random.Random(f"{seed}:{index}")`, so a dialogue
does not change when `n` does, and the same seed gives the same bytes.

A dialogue is written in the languages `LanguageMix` picks for it (English for most, some
users switching mid-dialogue); each turn's maker phrases its request in that turn's
language while the gold keeps English diffusion arguments, and the bot answers in the
user's language. The dialogue's `meta` records the languages.

Some dialogues (`BLIND_SHARE`) are with a bot that runs no captioner: each upload reaches
the intent model as the engine's UPLOAD_CAPTION, and what is made from it as the catalog
captions it from there, so the model learns to decide from the user's words alone.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field

from core.captions import result_caption
from core.catalog import CATALOG, validate_args
from core.dialogue import Dialogue, Reply, Turn
from training.synth import uploads
from training.synth.board import Board, Img
from training.synth.deck import PhrasingDeck
from training.synth.lang import Language
from training.synth.langmix import LanguageMix
from training.synth.makers import skill_maker
from training.synth.step import Ctx, Step
from training.synth.voice import Utterance, Voice

# How often each skill opens a dialogue / comes later, where not 1.0. New pictures dominate
# openings as they do in real chats; later turns are mostly edits of what is there.
FIRST_WEIGHTS = {"text_to_image": 8.0, "chat": 1.5}
LATER_WEIGHTS = {"text_to_image": 2.0, "chat": 1.2, "qr_art": 0.4}
# Dialogues whose uploads the bot saw without a captioner: deployments with no VLM on the
# bot host show every upload so, and ~19% of natural_multilingual.jsonl's images are so.
BLIND_SHARE = 0.2

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
    blind: bool = False,
    deck: PhrasingDeck | None = None,
) -> SynthDialogue:
    """One dialogue; `blind`: its uploads are shown to the model as UPLOAD_CAPTION;
    `deck`: its phrasings come from the decks shared by the whole synthesis."""
    board = Board(blind=blind)
    voice = Voice.sample(rng)
    languages = mix.turn_languages(rng, turn_count(rng))
    turns: list[Turn] = []
    for index, lang in enumerate(languages):
        skill = pick_skill(rng, FIRST_WEIGHTS if index == 0 else LATER_WEIGHTS)
        maker = skill_maker(CATALOG[skill], phrasings_dir)
        step = maker(Ctx(rng=rng, board=board, turn_index=index, lang=lang, deck=deck))
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
    results = _shown_results(step, board)
    return Turn(
        user=text,
        images=[img.info() for img in step.uploads],
        gold={"skill": step.skill, "args": args},
        reply=Reply(text=step.reply, images=[img.info() for img in results]),
    )


def _shown_results(step: Step, board: Board) -> list[Img]:
    """The turn's results as the model is shown them. One made from a picture the model saw
    only as UPLOAD_CAPTION (or a caption made from it) is captioned as the engine captions
    it (core.decisions): the catalog's caption on its first picture's. Its own parts would
    tell the model what the picture shows, which no captioner said."""
    spec = CATALOG[step.skill]
    shown = {img.ref: img for img in board.images if img.shown}
    sources = [step.args[name] for name in spec.ref_args if name in step.args]
    if not step.results or not any(ref in shown for ref in sources):
        return step.results
    parent = next(img for img in board.images if img.ref == sources[0])
    caption = result_caption(step.skill, step.args, parent.seen)
    return [board.reshow(img, caption) for img in step.results]


def synthesize(
    n: int = 10_000,
    seed: int = 0,
    phrasings_dir: Path | None = None,
    mix: LanguageMix = DEFAULT_MIX,
    cover: bool = False,
) -> list[Dialogue]:
    """`n` DrawnConvos dialogues, ids dc-000000..., the same for the same seed, in the
    languages of `mix` (by default English for ~58% and every other language folder for the
    rest); a skill with no dedicated maker is phrased from `phrasings_dir` (vocab/phrasings
    by default); ~`BLIND_SHARE` of them show their uploads to the model uncaptioned.
    `cover`: phrasings are dealt from decks (training.synth.deck), each once before any
    again; off, they are drawn at random, as the evaluation splits always were."""
    # Whether a dialogue is blind comes from a stream of its own: it changes none of its words.
    blind = [random.Random(f"{seed}:{i}:blind").random() < BLIND_SHARE for i in range(n)]
    deck = PhrasingDeck(seed) if cover else None
    return [
        build_dialogue(
            f"dc-{i:06d}", random.Random(f"{seed}:{i}"), phrasings_dir, mix, blind[i], deck
        )
        for i in range(n)
    ]

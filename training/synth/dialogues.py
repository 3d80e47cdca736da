"""Whole synthetic dialogues: how many turns, which skill each turn, and the gold record.

Each dialogue draws from its own `random.Random(f"{seed}:{index}")`, so a dialogue
does not change when `n` does, and the same seed gives the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from core.catalog import validate_args
from core.dialogue import Dialogue, Reply, Turn
from training.synth import edit_skills, gen_skills, style_skills, uploads
from training.synth.board import Board
from training.synth.step import Ctx, Step
from training.synth.voice import Utterance, Voice

SkillMaker = Callable[[Ctx], Step]

MAKERS: dict[str, SkillMaker] = {
    "text_to_image": gen_skills.text_to_image,
    "image_variation": gen_skills.image_variation,
    "instruct_edit": edit_skills.instruct_edit,
    "change_background": edit_skills.change_background,
    "remove_background": edit_skills.remove_background,
    "replace_object": edit_skills.replace_object,
    "remove_object": edit_skills.remove_object,
    "to_anime": style_skills.to_anime,
    "style_transfer": style_skills.style_transfer,
    "sketch_to_image": style_skills.sketch_to_image,
    "pose_to_image": style_skills.pose_to_image,
    "outpaint": style_skills.outpaint,
    "upscale": style_skills.upscale,
    "colorize": style_skills.colorize,
    "line_art": style_skills.line_art,
    "make_sticker": style_skills.make_sticker,
    "style_reference": style_skills.style_reference,
    "qr_art": gen_skills.qr_art,
    "add_text": edit_skills.add_text,
    "adjust": edit_skills.adjust,
    "describe_image": gen_skills.describe_image,
    "chat": gen_skills.chat,
}

# How often each skill opens a dialogue / comes later. New pictures dominate openings
# as they do in real chats; later turns are mostly edits of what is there.
FIRST_WEIGHTS = {s: 1.0 for s in MAKERS} | {"text_to_image": 8.0, "chat": 1.5}
LATER_WEIGHTS = {s: 1.0 for s in MAKERS} | {"text_to_image": 2.0, "chat": 1.2, "qr_art": 0.4}

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


def pick_skill(rng: random.Random, weights: dict[str, float]) -> str:
    skills = list(weights)
    return rng.choices(skills, weights=[weights[s] for s in skills])[0]


def build_dialogue(dialogue_id: str, rng: random.Random) -> Dialogue:
    board = Board()
    voice = Voice.sample(rng)
    turns: list[Turn] = []
    for index in range(turn_count(rng)):
        skill = pick_skill(rng, FIRST_WEIGHTS if index == 0 else LATER_WEIGHTS)
        step = MAKERS[skill](Ctx(rng=rng, board=board, turn_index=index))
        turns.append(_turn(step, board, rng, voice, index))
    return Dialogue(id=dialogue_id, turns=turns)


def _turn(step: Step, board: Board, rng: random.Random, voice: Voice, index: int) -> Turn:
    if step.uploads and rng.random() < 0.35:
        step.utterance.prepend(Utterance().words(uploads.intro(step.uploads[0], rng)))
    elif index > 0 and rng.random() < 0.3:
        step.utterance.prepend(Utterance().words(rng.choice(REACTIONS) + " "))
    if step.skill in PURPOSE_SKILLS and rng.random() < 0.3:
        step.utterance.words(rng.choice((", ", " ")) + rng.choice(PURPOSES))
    text = step.utterance.render(rng, voice)
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


def synthesize(n: int = 10_000, seed: int = 0) -> list[Dialogue]:
    """`n` DrawnConvos dialogues, ids dc-000000..., the same for the same seed."""
    return [build_dialogue(f"dc-{i:06d}", random.Random(f"{seed}:{i}")) for i in range(n)]

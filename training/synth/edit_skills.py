"""Turns that edit what is in a picture: instruct_edit, change_background,
remove_background, replace_object, remove_object, add_text and adjust."""

from __future__ import annotations

from functools import cache

from training.synth import uploads, vocab
from training.synth.board import Img
from training.synth.refs import pick_target
from training.synth.step import Ctx, Step, bot_says, choose, done_reply, name, say

QUOTES = ("'", "'", '"', "", "“")
CUTOUT_REPLIES = ("Here you go, transparent background:", "Cut out:", "", "Done!")
# Of add_text turns in another language, the share whose text is in that language.
NATIVE_TEXT_SHARE = 0.75
ADJUST_LOOKS = {
    "brighter": "brightened",
    "darker": "darker",
    "more_contrast": "with more contrast",
    "less_contrast": "with softer contrast",
    "more_saturated": "with more saturated colours",
    "grayscale": "in black and white",
    "rotate_left": "rotated 90 degrees left",
    "rotate_right": "rotated 90 degrees right",
    "flip_horizontal": "mirrored",
    "flip_vertical": "flipped upside down",
    "crop_square": "cropped to a square",
}


def target_or_upload(ctx: Ctx, upload_share: float = 0.15) -> tuple[Img, list[Img]]:
    """The image a plain edit works on; on an empty board, or sometimes anyway, an upload."""
    if not ctx.board.images or ctx.rng.random() < upload_share:
        img = uploads.photo(ctx.board, ctx.rng, lang=ctx.lang)
        return img, [img]
    return pick_target(ctx.board, ctx.rng), []


@cache
def _instructions() -> tuple[str, ...]:
    return tuple(instruction for instruction, _ in vocab.pairs("instructions"))


def instruct_edit(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    said, instruction = choose(ctx, "instructions", _instructions())
    state = dict(vocab.pairs("instructions"))[instruction]
    utt = say(ctx, ctx.lang.templates("instruct_edit"), img, instruction=said)
    result = ctx.board.derive(img, state=state)
    args = {"image": img.ref, "instruction": instruction}
    return Step("instruct_edit", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def change_background(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    where = uploads.scene_in(ctx.lang, ctx.rng)
    utt = say(
        ctx, ctx.lang.templates("change_background"), img,
        place=where.place, background=where.background,
    )  # fmt: skip
    result = ctx.board.derive(img, setting=where.setting, extra="", objects=())
    args = {"image": img.ref, "background": where.english}
    return Step(
        "change_background", args, utt, uploads=new, results=[result], reply=done_reply(ctx)
    )


def remove_background(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    # {noun} for "keep only the dog"; phrasings without it (every other language's) ignore it.
    noun = name(ctx, img.noun)
    utt = say(ctx, ctx.lang.templates("remove_background"), img, noun=noun)
    result = ctx.board.derive(
        img, setting="", extra="", objects=(), state="cut out on a transparent background",
        kind="cutout",
    )  # fmt: skip
    reply = bot_says(ctx, "reply_remove_background", CUTOUT_REPLIES)
    return Step(
        "remove_background", {"image": img.ref}, utt, uploads=new, results=[result], reply=reply
    )


def replace_object(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    rng = ctx.rng
    said, replacement = choose(
        ctx, "replacements", vocab.words("replacements"), keep=lambda r: img.noun not in r
    )
    target = rng.choice(img.objects) if img.objects and rng.random() < 0.5 else img.noun
    utt = say(
        ctx, ctx.lang.templates("replace_object"), img,
        target=name(ctx, target), replacement=said,
    )  # fmt: skip
    if target != img.noun:
        result = ctx.board.derive(
            img, extra=f"with {replacement} instead of the {target}",
            objects=tuple(o for o in img.objects if o != target),
        )  # fmt: skip
    else:
        noun = replacement.split()[-1]
        result = ctx.board.derive(img, subject=replacement, noun=noun, definite=False)
    args = {"image": img.ref, "target": target, "replacement": replacement}
    return Step("replace_object", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def remove_object(ctx: Ctx) -> Step:
    rng, board = ctx.rng, ctx.board
    with_objects = [i for i in board.images if i.objects]
    if with_objects and rng.random() < 0.8:
        img = with_objects[-1] if rng.random() < 0.75 else rng.choice(with_objects)
        new: list[Img] = []
    else:
        img = uploads.photo(board, rng, with_object=True, lang=ctx.lang)
        new = [img]
    target = rng.choice(img.objects)
    utt = say(ctx, ctx.lang.templates("remove_object"), img, target=name(ctx, target))
    result = board.derive(
        img, extra=f"without the {target}", objects=tuple(o for o in img.objects if o != target)
    )
    reply = bot_says(ctx, "reply_remove_object", ("Gone!", "Removed:", "", "Done, it's gone."))
    args = {"image": img.ref, "target": target}
    return Step("remove_object", args, utt, uploads=new, results=[result], reply=reply)


def add_text(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    rng = ctx.rng
    position = rng.choice(("top", "bottom", "center", "none"))
    # What goes on the picture stays as typed; in any language some of it is English.
    native = () if ctx.lang.english else ctx.lang.lines("texts.txt")
    text = rng.choice(
        native if native and rng.random() < NATIVE_TEXT_SHARE else vocab.words("texts")
    )
    tmpl = ctx.lang.keyed("add_text", position)
    utt = say(ctx, tmpl, img, text=text, q=rng.choice(QUOTES))
    where = {"top": " at the top", "bottom": " at the bottom", "center": " in the middle"}
    result = ctx.board.derive(img, extra=f"with '{text}' written{where.get(position, '')}")
    args = {"image": img.ref, "text": text}
    if position != "none":
        args["position"] = position
    return Step("add_text", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def adjust(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    operation, _ = ctx.rng.choice(vocab.pairs("adjust"))
    utt = say(ctx, ctx.lang.keyed("adjust", operation), img)
    kind = "bw" if operation == "grayscale" else img.kind
    result = ctx.board.derive(img, look=img.with_look(ADJUST_LOOKS[operation]), kind=kind)
    args = {"image": img.ref, "operation": operation}
    return Step("adjust", args, utt, uploads=new, results=[result], reply=done_reply(ctx))

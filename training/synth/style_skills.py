"""Turns that restyle or re-render a picture: to_anime, style_transfer, style_reference,
sketch_to_image, pose_to_image, line_art, colorize, make_sticker, outpaint, upscale."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from training.synth import uploads, vocab
from training.synth.board import Img
from training.synth.edit_skills import target_or_upload
from training.synth.gen_skills import generated
from training.synth.refs import pick_target, refer_in
from training.synth.step import Ctx, Step, bot_says, choose, cue, done_reply, say, tail
from training.synth.voice import Utterance

OUTPAINT_PROMPT_CUES = (
    ", show more {p}",
    " with more {p}",
    ", add {p} there",
    ", fill it with {p}",
)
OUTPAINT_PROMPTS = (
    "sky", "sea", "beach", "forest", "mountains", "grass", "clouds", "city", "sand", "snow",
    "flowers", "water", "road", "trees", "stars",
)  # fmt: skip
DIRECTION_LOOKS = {
    "all": "zoomed out, a wider view",
    "left": "extended to the left",
    "right": "extended to the right",
    "up": "extended upward",
    "down": "extended downward",
    "none": "extended, a wider view",
}
REFERENCE_STEERS = (", and {p}", " but {p}", ", {p} please")
# With only the content and the style picture on the board, English users also name the
# style one "the other one" (30%); with a third picture that would be ambiguous.
OTHER_REFS = ("the other one", "the other pic", "the other image")
OTHER_SHARE = 0.3
COLOUR_REPLIES = ("Here it is in colour:", "What a lovely photo. Here it is in colour:", "")


def of_kind(ctx: Ctx, kinds: tuple[str, ...], make: Callable[[], Img]) -> tuple[Img, list[Img]]:
    """An image of the right kind (a b/w photo to colorize...): reuse one or upload one."""
    fitting = [i for i in ctx.board.images if i.kind in kinds]
    if fitting and ctx.rng.random() < 0.5:
        return fitting[-1], []
    img = make()
    return img, [img]


def _simple(
    ctx: Ctx, skill: str, change: Callable[[Img], dict[str, object]], replies: tuple[str, ...]
) -> Step:
    img, new = target_or_upload(ctx)
    utt = say(ctx, ctx.lang.templates(skill), img)
    result = ctx.board.derive(img, **change(img))
    reply = bot_says(ctx, f"reply_{skill}", replies) if ctx.rng.random() < 0.7 else ""
    return Step(skill, {"image": img.ref}, utt, uploads=new, results=[result], reply=reply)


def to_anime(ctx: Ctx) -> Step:
    def change(img: Img) -> dict[str, object]:
        return {"look": img.with_look("anime style"), "kind": "art"}

    return _simple(ctx, "to_anime", change, ("Anime version:", "✨", "Here!"))


def line_art(ctx: Ctx) -> Step:
    change: dict[str, object] = {
        "prefix": "a black-and-white line drawing of ",
        "look": "",
        "kind": "lineart",
    }
    return _simple(
        ctx, "line_art", lambda _: change, ("Ready to colour:", "Here's the line art:", "Done!")
    )


def make_sticker(ctx: Ctx) -> Step:
    change: dict[str, object] = {
        "prefix": "a sticker of ",
        "setting": "",
        "extra": "",
        "look": "with a white outline",
        "kind": "sticker",
        "objects": (),
    }
    return _simple(
        ctx,
        "make_sticker",
        lambda _: change,
        ("Sticker ready!", "Sticker done:", "Here's your sticker"),
    )


def colorize(ctx: Ctx) -> Step:
    img, new = of_kind(ctx, ("bw",), lambda: uploads.bw_photo(ctx.board, ctx.rng, ctx.lang))
    utt = say(ctx, ctx.lang.templates("colorize"), img)
    result = ctx.board.derive(img, look="in natural colours", kind="photo")
    reply = bot_says(ctx, "reply_colorize", COLOUR_REPLIES)
    return Step("colorize", {"image": img.ref}, utt, uploads=new, results=[result], reply=reply)


def style_transfer(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    said, style = choose(ctx, "styles", vocab.words("styles"))
    utt = say(ctx, ctx.lang.templates("style_transfer"), img, style=said)
    result = ctx.board.derive(img, look=img.with_look(f"in {style} style"), kind="art")
    args = {"image": img.ref, "style": style}
    return Step("style_transfer", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def sketch_to_image(ctx: Ctx) -> Step:
    rng = ctx.rng
    img, new = of_kind(ctx, ("sketch",), lambda: uploads.sketch(ctx.board, rng, ctx.lang))
    prompt = f"{img.subject} {img.setting}".strip()
    said = prompt if ctx.lang.english else _said_picture(ctx, img)
    if rng.random() < 0.6:
        joint = rng.choice((", ", " as a "))
        said_render, render = choose(ctx, "renders", vocab.words("renders"))
        prompt += joint + render
        frame = "{p}" + joint + "{r}" if ctx.lang.english else cue(ctx, "render_frame", ())
        said = frame.replace("{p}", said).replace("{r}", said_render)
    utt = say(ctx, ctx.lang.templates("sketch_to_image"), img, prompt=said)
    result = ctx.board.add(
        replace(generated(img.subject, img.noun, prompt), look="following the sketch")
    )
    args = {"image": img.ref, "prompt": prompt}
    return Step("sketch_to_image", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def _said_picture(ctx: Ctx, img: Img) -> str:
    """What an upload shows as the user would say it: in their words where the language
    has them (it usually does: uploads in a dialogue come from its language's lists)."""
    subject = ctx.lang.said_subject(img.subject) or img.subject
    if not img.setting:
        return subject
    place = uploads.place_of(img.setting)
    said = ctx.lang.said_scene(place) if place else None
    if said is None:
        return f"{subject} {img.setting}"
    return ctx.lang.compose(subject, *said)


def pose_to_image(ctx: Ctx) -> Step:
    rng = ctx.rng
    img, new = of_kind(
        ctx, ("pose", "person"), lambda: uploads.person_photo(ctx.board, rng, True, ctx.lang)
    )
    said, prompt = choose(ctx, "characters", vocab.words("characters"))
    utt = say(ctx, ctx.lang.templates("pose_to_image"), img, prompt=said)
    subj, _, place = prompt.partition(" in ")
    noun = subj.split()[-1]
    pose = img.state or "in the same pose"
    result = ctx.board.add(
        Img(ref="", subject=subj, noun=noun, state=pose, setting=f"in {place}" if place else "",
            prompt=prompt)
    )  # fmt: skip
    args = {"image": img.ref, "prompt": prompt}
    return Step("pose_to_image", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def style_reference(ctx: Ctx) -> Step:
    rng, board = ctx.rng, ctx.board
    existing_art = [i for i in board.images if i.kind == "art"]
    case = rng.choice(("pair", "pair", "pair_rev", "new_content", "existing"))
    if case in ("new_content", "existing") and not existing_art:
        case = "pair"
    if case.startswith("pair") and board.images:
        case = "pair_desc"  # "the first one" would mean #1 of the dialogue by now
    args: dict[str, str]
    if case in ("pair", "pair_desc"):
        content = uploads.photo(board, rng, lang=ctx.lang)
        style_img, style = uploads.artwork(board, rng, ctx.lang)
        new = [content, style_img]
    elif case == "pair_rev":
        style_img, style = uploads.artwork(board, rng, ctx.lang)
        content = uploads.photo(board, rng, lang=ctx.lang)
        new = [style_img, content]
    else:
        style_img, style = rng.choice(existing_art), "the same"
        if case == "new_content":
            content = uploads.photo(board, rng, lang=ctx.lang)
            new = [content]
        else:
            content = pick_target(board, rng, older_share=0.5)
            if content is style_img:
                content = uploads.photo(board, rng, lang=ctx.lang)
                new, case = [content], "new_content"
            else:
                new = []
    tmpl = ctx.draw(ctx.lang.keyed("style_reference", case))
    content_said = refer_in(ctx.lang, board, content, rng)
    utt = Utterance().template(tmpl, img=content_said, style_img=_style_said(ctx, style_img))
    args = {"image": content.ref, "style_image": style_img.ref}
    look = f"in {style} style" if style != "the same" else f"in the style of {style_img.caption}"
    if rng.random() < 0.25:
        said, steer = choose(ctx, "steers", vocab.words("steers"))
        utt.template(tail(cue(ctx, "steer_frame", REFERENCE_STEERS)), p=said)
        args["prompt"] = steer
    result = board.derive(content, look=look, kind="art")
    return Step("style_reference", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def _style_said(ctx: Ctx, style_img: Img) -> str:
    """How the user names the picture whose style is borrowed."""
    said = refer_in(ctx.lang, ctx.board, style_img, ctx.rng)
    if ctx.lang.english and len(ctx.board.images) == 2 and ctx.rng.random() < OTHER_SHARE:
        return ctx.rng.choice(OTHER_REFS)
    return said


def outpaint(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    rng = ctx.rng
    direction = rng.choice(tuple(DIRECTION_LOOKS))
    utt = say(ctx, ctx.lang.keyed("outpaint", direction), img)
    args = {"image": img.ref}
    if direction != "none":
        args["direction"] = direction
    if rng.random() < 0.3:
        said, more = choose(ctx, "outpaint_prompts", OUTPAINT_PROMPTS)
        utt.template(tail(cue(ctx, "outpaint_frame", OUTPAINT_PROMPT_CUES)), p=said)
        args["prompt"] = more
    result = ctx.board.derive(img, look=img.with_look(DIRECTION_LOOKS[direction]))
    return Step("outpaint", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def upscale(ctx: Ctx) -> Step:
    img, new = target_or_upload(ctx)
    factor = ctx.rng.choice(("2", "4", "none"))
    utt = say(ctx, ctx.lang.keyed("upscale", factor), img)
    args = {"image": img.ref}
    look = "upscaled"
    if factor != "none":
        args["factor"] = factor
        look = f"upscaled {factor}x"
    result = ctx.board.derive(img, look=img.with_look(look))
    return Step("upscale", args, utt, uploads=new, results=[result], reply=done_reply(ctx))

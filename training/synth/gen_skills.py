"""Turns that make new pictures or talk: text_to_image, qr_art, image_variation,
describe_image and chat."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from training.synth import uploads, vocab
from training.synth.board import Board, Img
from training.synth.refs import pick_target, refer_in
from training.synth.step import Ctx, Step, bot_says, choose, cue, done_reply, say, tail
from training.synth.voice import Utterance

ASPECT_CUES = {
    "portrait": ("as a phone wallpaper", "vertical", "portrait format", "9:16", "tall format",
                 "for my lock screen", "portrait orientation", "for an instagram story"),
    "landscape": ("landscape format", "16:9", "wide", "as a desktop wallpaper", "widescreen",
                  "horizontal", "for a banner", "for my youtube thumbnail"),
    "square": ("square", "1:1", "square for insta", "as a profile pic", "for my avatar",
               "square format"),
}  # fmt: skip
NEGATIVE_ONE = (
    ", no {a}", " without {a}", ", don't add {a}", ", please no {a}", " and no {a}",
    " but no {a} pls", ", avoid {a}", " without any {a}", ". no {a} in it", ", i don't want {a}",
)  # fmt: skip
NEGATIVE_TWO = (
    ", no {a} and no {b}",
    " without {a} or {b}",
    ", no {a}, no {b}",
    ". avoid {a} and {b}",
)
NEW_TOPIC = (
    "unrelated but ", "ok something totally different: ", "new picture: ", "different thing now, ",
    "also can you ", "btw ", "next one: ", "now something else. ", "let's do a new one. ",
)  # fmt: skip
STRENGTH_CUES = {
    "subtle": (" but only slightly different", ", small changes", ", just a little different",
               ", keep it close to the original", " with subtle changes"),
    "medium": (", somewhat different", ", moderately different", ", change it a fair bit"),
    "strong": (", make it very different", ", go wild", ", completely different take",
               ", change it a lot", " but really different"),
}  # fmt: skip
STEER_CUES = (" but {p}", ", {p}", " but make it {p}", ", more like {p}", " and {p} please")
STYLE_FORMS = (", {s}", " in {s} style", ", {s} style")
QR_REPLIES = ("Here's your QR code, please test-scan it:", "Done! Scan it to check.", "")
QUESTION_FRAMES = ("{q}", "{q}", "{q}", "quick question: {q}", "{q} just curious", "hey, {q}")
# Of English describe_image turns, those asking about one thing in the picture ("is there a
# boat behind the dog?"): a question naming a thing otherwise reads like a prompt.
DETAIL_SHARE = 0.35
# Of English retries of the newest result, those said bare ("again", "redo that"): without
# them a complaint with a retry ("looks off, redo it") reads like the complaints of chat.
REDO_SHARE = 0.3
# Of English chat turns with pictures on the board, those about the pictures or how the bot
# made them (vocab/chat_about.txt, chat_made.txt, chat_compare.txt).
CHAT_ABOUT_SHARE = 0.5
# Of new prompts, those where the subject is doing something or has something about it
# ("a corgi reading a book"): without them every prompt is a subject in a place, and a
# request that says more is cut down to that shape.
ACTION_SHARE = 0.3


def make_prompt(rng: random.Random) -> tuple[str, str, str, tuple[str, ...]]:
    """A generation prompt: (prompt, subject, noun, objects in it)."""
    subj, noun = uploads.subject(rng)
    prompt, objects = subj, tuple[str, ...]()
    if rng.random() < ACTION_SHARE:
        prompt += " " + rng.choice(vocab.words("actions"))
    if rng.random() < 0.75:
        prompt += " " + uploads.scene(rng)[0]
    if rng.random() < 0.15:
        target, phrase = rng.choice(vocab.objects()[6:28])  # things, not people
        prompt += f" with {phrase}"
        objects = (target,)
    if rng.random() < 0.3:
        style = rng.choice(vocab.words("styles"))
        prompt += rng.choice(STYLE_FORMS).replace("{s}", style)
    return prompt, subj, noun, objects


@dataclass(frozen=True)
class Prompt:
    text: str  # the English prompt: the gold
    said: str  # how the user asked for it
    subject: str
    noun: str
    objects: tuple[str, ...] = ()


def new_prompt(ctx: Ctx) -> Prompt:
    """A generation prompt as the user says it, over the English one of the gold."""
    if ctx.lang.english:
        prompt, subj, noun, objects = make_prompt(ctx.rng)
        return Prompt(prompt, prompt, subj, noun, objects)
    rng, lang = ctx.rng, ctx.lang
    said, subj, noun = uploads.subject_in(lang, rng)
    text = subj
    actions = lang.pairs("actions")
    if actions and rng.random() < ACTION_SHARE:
        action_said, action = rng.choice(actions)
        text += " " + action
        said = lang.act(said, action_said)
    if rng.random() < 0.75:
        where = uploads.scene_in(lang, rng)
        text += " " + where.setting
        said = lang.compose(said, where.place, where.background)
    if rng.random() < 0.3:
        style_said, style = choose(ctx, "styles", vocab.words("styles"))
        text += rng.choice(STYLE_FORMS).replace("{s}", style)
        said = (
            cue(ctx, "style_frame", ("{p}, {s}",)).replace("{p}", said).replace("{s}", style_said)
        )
    return Prompt(text, said, subj, noun)


def text_to_image(ctx: Ctx) -> Step:
    rng, board = ctx.rng, ctx.board
    last_generated = next((i for i in reversed(board.images) if i.prompt), None)
    mode = rng.random()
    if last_generated is not None and mode < 0.25:
        return _same_but(ctx, last_generated)
    prompt = new_prompt(ctx)
    utt = Utterance()
    if last_generated is not None and mode < 0.4:
        # "another red fox on the moon": English drops the article, other languages keep it.
        what = prompt.said.split(" ", 1)[1] if ctx.lang.english else prompt.said
        utt.template(ctx.draw(ctx.lang.templates("followup_another")), what=what)
    else:
        if board.images and rng.random() < 0.6:
            utt.words(cue(ctx, "new_topic", NEW_TOPIC) + " ")
        utt.template(ctx.draw(ctx.lang.templates("text_to_image")), prompt=prompt.said)
    args = {"prompt": prompt.text}
    if rng.random() < 0.25:
        args["negative_prompt"] = _negatives(ctx, utt, prompt.text)
    if rng.random() < 0.3:
        aspect = rng.choice(tuple(ASPECT_CUES))
        phrase = cue(ctx, f"aspect_{aspect}", ASPECT_CUES[aspect])
        if rng.random() < 0.3:
            utt.prepend(Utterance().words(phrase + ctx.lang.colon))
        else:
            utt.words(ctx.lang.comma + phrase)
        args["aspect"] = aspect
    result = board.add(generated(prompt.subject, prompt.noun, prompt.text, prompt.objects))
    return Step("text_to_image", args, utt, results=[result], reply=done_reply(ctx))


def _negatives(ctx: Ctx, utt: Utterance, prompt: str) -> str:
    """'..., no people': the user's words for what to leave out; the English gold."""
    rng = ctx.rng
    if ctx.lang.english:
        pool = [(n, n) for n in vocab.words("negatives") if n not in prompt]
    else:
        pool = [(said, n) for said, n in ctx.lang.pairs("negatives") if n not in prompt]
    picked = rng.sample(pool, 2 if rng.random() < 0.3 else 1)
    if len(picked) == 2:
        tmpl = cue(ctx, "negative_two", NEGATIVE_TWO)
    else:
        tmpl = cue(ctx, "negative_one", NEGATIVE_ONE)
    utt.template(tail(tmpl), a=picked[0][0], b=picked[-1][0])
    return ", ".join(n for _, n in picked)


def generated(subject: str, noun: str, prompt: str, objects: tuple[str, ...] = ()) -> Img:
    """A generated image: its caption is its prompt, split into parts for later edits."""
    rest = prompt[len(subject) :].strip() if prompt.startswith(subject) else ""
    return Img(ref="", subject=subject, noun=noun, setting=rest, prompt=prompt, objects=objects)


def _same_but(ctx: Ctx, source: Img) -> Step:
    """'same but at night': a new picture whose prompt is completed from the last one."""
    rng, board = ctx.rng, ctx.board
    if rng.random() < 0.5:
        said, mod = choose(ctx, "modifiers", vocab.words("modifiers"))
        prompt = f"{source.prompt.split(',')[0]} {mod}"
    else:
        where = uploads.scene_in(ctx.lang, rng)
        said, prompt = where.place, f"{source.subject} {where.setting}"
    utt = Utterance().template(ctx.draw(ctx.lang.templates("followup_same")), mod=said)
    result = board.add(generated(source.subject, source.noun, prompt))
    return Step("text_to_image", {"prompt": prompt}, utt, results=[result], reply=done_reply(ctx))


def qr_art(ctx: Ctx) -> Step:
    rng = ctx.rng
    content = rng.choice(vocab.words("domains"))
    if rng.random() < 0.6:
        content = rng.choice(("https://", "www.", "", "")) + content
    said, prompt = choose(ctx, "qr_prompts", vocab.words("qr_prompts"))
    utt = Utterance().template(ctx.draw(ctx.lang.templates("qr_art")), content=content, prompt=said)
    qr = Img(ref="", subject="a scannable QR code", noun="qr code", state=f"made of {prompt}")
    result = ctx.board.add(replace(qr, kind="qr"))
    reply = bot_says(ctx, "reply_qr_art", QR_REPLIES)
    return Step(
        "qr_art", {"content": content, "prompt": prompt}, utt, results=[result], reply=reply
    )


def image_variation(ctx: Ctx) -> Step:
    rng, board = ctx.rng, ctx.board
    new = [] if board.images and rng.random() > 0.15 else [uploads.photo(board, rng, lang=ctx.lang)]
    target = new[0] if new else pick_target(board, rng)
    utt = say(ctx, _variation_templates(ctx, target, bool(new)), target)
    args = {"image": target.ref}
    look = "a variation"
    if rng.random() < 0.5:
        strength = rng.choice(tuple(STRENGTH_CUES))
        utt.words(tail(cue(ctx, f"strength_{strength}", STRENGTH_CUES[strength])))
        args["strength"] = strength
        look = {
            "subtle": "a slightly different",
            "medium": "a different",
            "strong": "a very different",
        }[strength] + " version"
    if rng.random() < 0.3:
        said, steer = choose(ctx, "steers", vocab.words("steers"))
        utt.template(tail(cue(ctx, "steer_frame", STEER_CUES)), p=said)
        args["prompt"] = steer
        look += f", {steer}"
    result = board.derive(target, look=target.with_look(look))
    return Step("image_variation", args, utt, uploads=new, results=[result], reply=done_reply(ctx))


def _variation_templates(ctx: Ctx, target: Img, uploaded: bool) -> tuple[str, ...]:
    """The phrasings of a variation of `target`. A bare retry ("again") can only mean the
    newest picture the bot made: never an upload, never an older picture (a lead-in before
    "again" reads wrong). English only: vocab/phrasings/redo.txt has no other language."""
    bare = ctx.lang.english and not uploaded and not target.upload
    if bare and target is ctx.board.newest and ctx.rng.random() < REDO_SHARE:
        return vocab.templates("redo")
    return ctx.lang.templates("image_variation")


def describe_image(ctx: Ctx) -> Step:
    rng, board = ctx.rng, ctx.board
    new = [] if board.images and rng.random() > 0.3 else [uploads.photo(board, rng, lang=ctx.lang)]
    target = new[0] if new else pick_target(board, rng)
    if ctx.lang.english and rng.random() < DETAIL_SHARE:
        question, answer = _detail_question(rng, target)
    elif ctx.lang.english:
        question, answer = rng.choice(vocab.pairs("questions"))
    else:
        question, answer = ctx.draw(ctx.lang.said_pairs("describe_image"))
    utt = say(ctx, ctx.lang.cue("question_frame", QUESTION_FRAMES), None, q=question)
    if target is not board.newest:
        about = cue(ctx, "question_about", ("in {img}, ", "about {img}: "))
        utt.prepend(Utterance().template(about + " ", img=refer_in(ctx.lang, board, target, rng)))
    reply = answer.replace("{caption}", target.caption)
    return Step(
        "describe_image", {"image": target.ref, "question": question}, utt, uploads=new, reply=reply
    )


def _detail_question(rng: random.Random, img: Img) -> tuple[str, str]:
    """(question, answer) about one detail of `img` (vocab/detail_questions.txt): {n} its
    subject's noun, {o} a thing it holds, {x} one it lacks, so that the answer is true."""
    pool = [(q, a) for q, a in vocab.pairs("detail_questions") if img.objects or "{o}" not in q + a]
    question, answer = rng.choice(pool)
    # Things, not people (as make_prompt); not one the caption names, as the subject may be.
    things = [t for t, _ in vocab.objects()[6:28] if t not in img.objects]
    absent = [t for t in things if not re.search(rf"\b{re.escape(t)}\b", img.caption)]
    slots = {
        "n": img.noun,
        "o": rng.choice(img.objects) if img.objects else "",
        "x": rng.choice(absent),
    }
    for key, value in slots.items():
        question = question.replace("{" + key + "}", value)
        answer = answer.replace("{" + key + "}", value)
    return question, answer


def _chat_about(board: Board) -> tuple[tuple[str, str], ...]:
    """(message, reply) lines about the board: reactions to the newest picture; how the
    bot made it, where the bot did; which is best, once the bot has made several."""
    pool = vocab.pairs("chat_about")
    if not board.newest.upload:
        pool += vocab.pairs("chat_made")
    if sum(not img.upload for img in board.images) > 1:
        pool += vocab.pairs("chat_compare")
    return pool


# Of the chat turns, those that try to steer the bot (vocab/injections.txt): seeing them
# answered as chat teaches the model that typed JSON or a fake system turn is conversation.
INJECTION_SHARE = 0.15


def chat(ctx: Ctx) -> Step:
    rng = ctx.rng
    if rng.random() < INJECTION_SHARE:
        message, reply = rng.choice(vocab.pairs("injections"))
        # Verbatim: a typo inside "<|im_start|>" or the JSON would make it harmless.
        utt = Utterance().template("{m}", m=message)
        return Step("chat", {"message": message}, utt, reply=reply, message_is_text=True)
    if ctx.lang.english and ctx.board.images and rng.random() < CHAT_ABOUT_SHARE:
        line, reply = rng.choice(_chat_about(ctx.board))
        message = line.replace("{n}", ctx.board.newest.noun)
    elif ctx.lang.english:
        message, reply = rng.choice(vocab.pairs("chat"))
    else:
        message, reply = ctx.draw(ctx.lang.said_pairs("chat"))
    utt = Utterance().words(message)
    return Step("chat", {"message": message}, utt, reply=reply, message_is_text=True)

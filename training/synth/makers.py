"""Which function makes a skill's synthetic turn: the one named after the skill in
gen_skills, edit_skills or style_skills, or else a generic one built from the skill's
catalog entry and its phrasing file.

The generic maker reads `phrasings/<skill id>.txt`: each line is one way of asking,
`{img}` the picture it works on and `{<argument>}` any other argument, filled from the
word list named after the argument (vocab/styles.txt for `style`) or, for a fixed-value
argument, with one of its values. An argument whose slot the chosen line lacks is
left out, so every required one needs a slot in every line. In another language the
maker reads vocab/lang/<code>/phrasings/<skill id>.txt and fills text slots from the
language's `native || english` list of the argument, where those exist.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from pathlib import Path

from core.catalog import SkillSpec
from training.synth import edit_skills, gen_skills, style_skills, uploads, vocab
from training.synth.board import Img
from training.synth.edit_skills import target_or_upload
from training.synth.refs import refer_in
from training.synth.step import Ctx, Step, choose, done_reply, say

SkillMaker = Callable[[Ctx], Step]

MAKER_MODULES = (gen_skills, edit_skills, style_skills)


def skill_maker(spec: SkillSpec, phrasings_dir: Path | None = None) -> SkillMaker:
    """The skill's dedicated maker, or the generic one reading its phrasings from
    `phrasings_dir` (vocab/phrasings by default)."""
    for module in MAKER_MODULES:
        dedicated = getattr(module, spec.id, None)
        if callable(dedicated):
            return dedicated
    path = (phrasings_dir or vocab.PHRASINGS_DIR) / f"{spec.id}.txt"
    if not path.is_file():
        raise LookupError(
            f"The skill {spec.id} has no maker in training/synth and no phrasings at {path}."
        )
    english = vocab.template_file(path)
    # Another language's own phrasings where it has them; English ones (code-switching) if not.
    return lambda ctx: generic_step(spec, _native(ctx, spec.id) or english, ctx)


def _native(ctx: Ctx, skill: str) -> tuple[str, ...]:
    return () if ctx.lang.english else ctx.lang.templates(skill)


def generic_step(spec: SkillSpec, templates: Sequence[str], ctx: Ctx) -> Step:
    """One turn of `spec` from one of its phrasings, its result captioned by the catalog."""
    rng, board = ctx.rng, ctx.board
    template = ctx.draw(templates)
    wanted = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    args: dict[str, str] = {}
    slots: dict[str, str] = {}
    about: Img | None = None
    new: list[Img] = []
    for arg in spec.args:
        if arg.kind == "ref" and arg.name == "image":
            about, uploaded = target_or_upload(ctx)
            new += uploaded
            args[arg.name] = about.ref
        elif arg.name not in wanted:
            continue
        elif arg.kind == "ref":
            other = uploads.photo(board, rng, lang=ctx.lang)
            new.append(other)
            args[arg.name], slots[arg.name] = other.ref, refer_in(ctx.lang, board, other, rng)
        elif arg.kind == "enum":
            args[arg.name] = slots[arg.name] = rng.choice(arg.values)
        elif ctx.lang.pairs(f"{arg.name}s"):
            slots[arg.name], args[arg.name] = choose(ctx, f"{arg.name}s", ())
        else:
            args[arg.name] = slots[arg.name] = rng.choice(vocab.values_for(arg.name))
    utterance = say(ctx, [template], about, **slots)
    if not spec.makes_image:
        return Step(spec.id, args, utterance, uploads=new, reply=done_reply(ctx))
    caption = spec.result_caption(args, about.caption if about is not None else "")
    caption = caption or spec.description
    if about is None:
        result = board.add(Img(ref="", subject=caption, noun=caption.split()[-1]))
    else:
        # The catalog's caption as a whole: the parts of the source no longer apply.
        parts = {"prefix": "", "state": "", "setting": "", "extra": "", "look": ""}
        result = board.derive(about, subject=caption, definite=False, **parts)
    return Step(spec.id, args, utterance, uploads=new, results=[result], reply=done_reply(ctx))

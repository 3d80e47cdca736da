"""Multilingual DrawnConvos: every language phrases every skill, the diffusion arguments stay
English, the user's own words stay theirs, English keeps its share, languages switch."""

from __future__ import annotations

import re
import string
from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from core.catalog import CATALOG
from core.dialogue import Dialogue
from dialogdraw.cmd_data import register
from training.synth import lang, synthesize, vocab
from training.synth.lang import EXTRA_PHRASINGS, PAIR_LISTS, Language, forms
from training.synth.langmix import LanguageMix, mix_from_options
from training.synth.splits import to_jsonl
from training.synth.stats import stats, turn_langs
from training.synth.style_skills import OUTPAINT_PROMPTS
from training.synth.voice import tidy

REQUIRED = ("es", "pt", "ru", "uk", "tr", "id", "hi-Latn", "ar", "de", "fr", "it", "pl", "ja", "zh")
# Arguments a diffusion model reads: English whatever the user writes.
ENGLISH_ARGS = ("prompt", "negative_prompt", "background", "style", "target", "replacement",
                "instruction")  # fmt: skip
CUES = (
    "reaction", "purpose", "filler_prefix", "filler_suffix", "new_topic", "negative_one",
    "negative_two", "aspect_portrait", "aspect_landscape", "aspect_square", "style_frame",
    "strength_subtle", "strength_medium", "strength_strong", "steer_frame", "outpaint_frame",
    "render_frame", "it", "newest", "ref", "ordinal", "original", "previous", "lead_in",
    "question_frame", "question_about", "intro_person", "intro_sketch", "intro_bw",
    "intro_photo", "reply_qr_art", "reply_remove_background", "reply_remove_object",
    "reply_to_anime", "reply_line_art", "reply_make_sticker", "reply_colorize",
)  # fmt: skip
# Slots each cue must carry.
CUE_SLOTS = {"negative_one": {"a"}, "negative_two": {"a", "b"}, "style_frame": {"p", "s"},
             "steer_frame": {"p"}, "outpaint_frame": {"p"}, "render_frame": {"p", "r"},
             "lead_in": {"img"}, "question_frame": {"q"}, "question_about": {"img"}}  # fmt: skip
# Pair lists whose English side is an entry of an English list (subjects are composed).
WORD_LISTS = ("styles", "replacements", "negatives", "modifiers", "steers", "characters",
              "renders", "qr_prompts", "actions")  # fmt: skip


def _english_side(name: str) -> set[str] | None:
    if name == "scenes":
        return {place for _, place in vocab.scenes()}
    if name == "objects":
        return {target for target, _ in vocab.objects()}
    if name == "instructions":
        return {instruction for instruction, _ in vocab.pairs("instructions")}
    if name == "outpaint_prompts":
        return set(OUTPAINT_PROMPTS)
    return set(vocab.words(name)) if name in WORD_LISTS else None


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _slots(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _english_keyed(skill: str) -> dict[str, set[str]] | None:
    """key -> slots of an English `key || template` phrasing file; None for a plain one."""
    path = vocab.PHRASINGS_DIR / f"{skill}.txt"
    if not path.is_file() or not all(" || " in t for t in vocab.template_file(path)):
        return None
    keyed: dict[str, set[str]] = {}
    for key, tmpl in vocab.pairs(skill):
        keyed.setdefault(key, set()).update(_slots(tmpl))
    return keyed


def _mix(code: str) -> LanguageMix:
    return LanguageMix(english_share=0.0, languages=(code,), switch_share=0.0)


@pytest.fixture(scope="module")
def sample() -> list[Dialogue]:
    return synthesize(2000, seed=7)


def test_the_required_languages_have_folders() -> None:
    assert set(REQUIRED) <= set(lang.codes())


@pytest.mark.parametrize("code", REQUIRED)
def test_every_language_phrases_every_skill(code: str) -> None:
    language = Language(code)
    for skill in [*CATALOG, *EXTRA_PHRASINGS]:
        keyed = _english_keyed(skill)
        if skill in ("chat", "describe_image"):
            pairs = language.said_pairs(skill)
            assert len(pairs) >= 8 and all(a and b for a, b in pairs), (code, skill)
        elif keyed is not None:
            for key, allowed in keyed.items():
                templates = language.keyed(skill, key)
                assert templates, (code, skill, key)
                assert all(_slots(t) <= allowed | {"img", "q", "text"} for t in templates)
            assert len(language.lines(f"phrasings/{skill}.txt")) >= 4
        else:
            english = vocab.templates(skill)
            needed = set.intersection(*(_slots(t) - {"img"} for t in english))
            allowed = set.union(*(_slots(t) for t in english)) | {"img"}
            templates = language.templates(skill)
            assert len(templates) >= 4, (code, skill)
            for template in templates:
                assert needed <= _slots(template) <= allowed, (code, skill, template)
                assert _slots(template) - {"img"} or not needed, (code, skill, template)


@pytest.mark.parametrize("code", REQUIRED)
def test_every_language_has_its_cues_texts_and_replies(code: str) -> None:
    language = Language(code)
    for key in CUES:
        lines = language.cue(key, ())
        assert lines, (code, key)
        assert all(CUE_SLOTS.get(key, set()) <= _slots(line) for line in lines), (code, key)
    assert len(language.cue("ordinal", ())) == 8
    assert len(language.lines("texts.txt")) >= 8
    assert len(language.lines("replies.txt")) >= 6
    # What is typed verbatim (questions, texts, chat) survives the tidying of a message.
    own = [q for q, _ in language.said_pairs("describe_image")]
    own += [m for m, _ in language.said_pairs("chat")] + list(language.lines("texts.txt"))
    assert [t for t in own if tidy(t) != t] == []


@pytest.mark.parametrize("code", REQUIRED)
def test_word_pairs_give_english_arguments_from_the_english_lists(code: str) -> None:
    language = Language(code)
    for name in PAIR_LISTS:
        pairs = language.pairs(name)
        assert len(pairs) >= 6, (code, name)
        for native, english in pairs:
            assert native and english.isascii(), (code, name, native, english)
        known = _english_side(name)
        if known is not None:
            unknown = {e for _, e in pairs} - known
            assert not unknown, (code, name, unknown)
    for native, english in language.pairs("subjects"):
        subject, noun = forms(english)
        assert len(forms(native)) == 2 and noun in subject, (code, native, english)


def test_english_keeps_its_share_and_every_language_appears(sample: list[Dialogue]) -> None:
    opening = Counter(turn_langs(d)[0] for d in sample)
    assert 0.53 <= opening["en"] / len(sample) <= 0.63, opening
    assert set(REQUIRED) <= set(opening), opening
    # Japanese and Chinese are the smaller shares.
    assert opening["ja"] < opening["es"] and opening["zh"] < opening["ru"], opening


def test_users_switch_language_mid_dialogue(sample: list[Dialogue]) -> None:
    native = [turn_langs(d) for d in sample if turn_langs(d)[0] != "en"]
    switched = [ls for ls in native if len(set(ls)) > 1]
    assert 0.05 <= len(switched) / len(native) <= 0.16, (len(switched), len(native))
    assert Counter(ls[-1] for ls in switched)["en"] > len(switched) / 2
    assert any(ls[-1] != "en" for ls in switched)  # to another language too
    for ls in switched:  # one switch: a run of the first language, then the other
        assert ls == [ls[0]] * ls.index(ls[-1]) + [ls[-1]] * (len(ls) - ls.index(ls[-1]))


@pytest.mark.parametrize(
    ("code", "script"), [("es", None), ("ru", CYRILLIC), ("ar", ARABIC), ("zh", HAN)]
)
def test_text_args_are_english_and_chat_args_are_the_users_words(
    code: str, script: re.Pattern[str] | None
) -> None:
    dialogues = synthesize(400, seed=3, mix=_mix(code))
    turns = [t for d in dialogues for t in d.turns]
    assert all(turn_langs(d) == [code] * len(d.turns) for d in dialogues)
    for turn in turns:
        args = turn.gold["args"]
        for name in ENGLISH_ARGS:
            if name in args:
                assert args[name].isascii(), (code, name, args[name], turn.user)
        if turn.gold["skill"] == "chat":
            assert args["message"] == turn.user
        if turn.gold["skill"] == "describe_image":
            assert args["question"] in turn.user
        if turn.gold["skill"] == "add_text":
            assert args["text"] in turn.user
    if script is not None:
        native = [t for t in turns if script.search(t.user)]
        assert len(native) / len(turns) > 0.75, (code, len(native), len(turns))
        questions = [t.gold["args"]["question"] for t in turns if "question" in t.gold["args"]]
        assert questions and any(script.search(q) for q in questions)


def test_bot_replies_follow_the_users_language() -> None:
    dialogues = synthesize(300, seed=5, mix=_mix("ru"))
    replies = [t.reply.text for d in dialogues for t in d.turns if t.reply.text]
    injections = {reply for _, reply in vocab.pairs("injections")}
    replies = [r for r in replies if r not in injections and re.search(r"[^\W\d_]", r)]
    assert replies and all(CYRILLIC.search(r) for r in replies), [
        r for r in replies if not CYRILLIC.search(r)
    ][:5]
    # Captions stay English: they are what the images show, not what anyone said.
    captions = [i.caption for d in dialogues for t in d.turns for i in [*t.images, *t.reply.images]]
    # (what add_text writes on a picture is quoted as the user typed it, in the synthesiser's
    # caption or, for a picture shown uncaptioned, in the catalog's "with the text '...'").
    quoted = r"'[^']*' written|the text '[^']*'"
    assert captions and all(re.sub(quoted, "", c).isascii() for c in captions)


def test_how_people_type_differs_within_a_language() -> None:
    ru = [t.user for d in synthesize(600, seed=9, mix=_mix("ru")) for t in d.turns]
    assert any(not CYRILLIC.search(u) and re.search("[a-z]{4}", u) for u in ru)  # in Latin
    es = [t.user for d in synthesize(600, seed=9, mix=_mix("es")) for t in d.turns]
    accents = re.compile("[áéíóúñ]")
    assert any(accents.search(u) for u in es) and any("cion" in u or "anime" in u for u in es)
    # Some words come in English inside a Spanish request (code-switching within a turn).
    mixed = [
        t for d in synthesize(600, seed=9, mix=_mix("es")) for t in d.turns
        if t.gold["skill"] == "style_transfer" and t.gold["args"]["style"] in t.user
        and t.gold["args"]["style"] not in {n for n, _ in Language("es").pairs("styles")}
    ]  # fmt: skip
    assert mixed


def test_same_seed_same_bytes_in_every_language() -> None:
    first = to_jsonl(synthesize(300, seed=4))
    assert first == to_jsonl(synthesize(300, seed=4))
    assert '"meta":{"lang":' in first
    # Readers of the format load the file as plain dialogues, the extra key ignored.
    loaded = [Dialogue.model_validate_json(line) for line in first.splitlines()]
    assert len(loaded) == 300 and "meta" not in loaded[0].model_dump()


def test_a_mix_of_some_languages_and_the_stats_per_language() -> None:
    mix = mix_from_options("en,ru,zh", english_share=0.5)
    dialogues = synthesize(400, seed=2, mix=mix)
    s = stats(dialogues)
    assert set(s.turn_languages) <= {"en", "ru", "zh"} and set(s.languages) == {"en", "ru", "zh"}
    assert 0.4 < s.languages["en"] / 400 < 0.6
    assert sum(s.switched.values()) > 0
    only_english = synthesize(50, seed=2, mix=mix_from_options("en"))
    assert {turn_langs(d)[0] for d in only_english} == {"en"}
    assert {turn_langs(d)[0] for d in synthesize(50, seed=2, mix=mix_from_options("de"))} == {"de"}
    with pytest.raises(ValueError, match="xx"):
        mix_from_options("en,xx")


def test_cli_languages_option_prints_a_line_per_language(tmp_path: Path) -> None:
    app, data_app = typer.Typer(), typer.Typer()
    register(data_app)
    app.add_typer(data_app, name="data")
    args = ["data", "synth", "--n", "200", "--out-dir", str(tmp_path), "--languages", "en,tr,ja"]
    result = CliRunner().invoke(app, [*args, "--english-share", "0.4"])
    assert result.exit_code == 0, result.output
    for code in ("en", "tr", "ja"):
        assert re.search(rf"│ {re.escape(code)}\s+│", result.output), code
    written = (tmp_path / "drawnconvos-sft.jsonl").read_text(encoding="utf-8")
    assert {m for m in re.findall(r'"lang":"([^"]+)"', written)} <= {"en", "tr", "ja"}
    bad = CliRunner().invoke(app, ["data", "synth", "--n", "5", "--out-dir", str(tmp_path),
                                   "--languages", "en,xx"])  # fmt: skip
    assert bad.exit_code != 0 and "xx" in bad.output


@pytest.mark.parametrize("code", ["en", "es", "ja"])
def test_prompts_say_what_the_subject_is_doing_in_every_language(code: str) -> None:
    """A request that says more than a subject in a place ("a cat reading a book on a beach")
    trains a prompt that keeps it all: the action is in the user's words and, in English, in
    the gold prompt."""
    language = Language(code)
    actions = dict(language.pairs("actions")) if code != "en" else {}
    english = sorted(vocab.words("actions"), key=len, reverse=True)
    dialogues = synthesize(400, seed=4, mix=_mix(code)) if code != "en" else synthesize(400, seed=4)
    # A dialogue's first turn: later ones may be "the same but …" of an earlier prompt.
    prompts = [
        (d.turns[0].user, d.turns[0].gold["args"]["prompt"])
        for d in dialogues
        if d.turns[0].gold["skill"] == "text_to_image" and turn_langs(d)[0] == code
    ]
    acting = [(user, p) for user, p in prompts if any(a in p for a in english)]
    assert 0.1 < len(acting) / len(prompts) < 0.5, (len(acting), len(prompts))
    for user, prompt in acting:
        action = next(a for a in english if a in prompt)
        said = action if code == "en" else next(n for n, e in actions.items() if e == action)
        assert tidy(said).lower()[:4] in user.lower(), (user, prompt)
    # Japanese puts what the subject is doing before it.
    assert Language("ja").act("猫", "本を読んでいる") == "本を読んでいる猫"
    assert Language("es").act("un gato", "leyendo un libro") == "un gato leyendo un libro"

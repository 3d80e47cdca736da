"""DrawnConvos synthesis: deterministic, well distributed, valid, varied; natural.jsonl valid."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from core.catalog import CATALOG, validate_args
from core.dialogue import Dialogue, Turn
from dialogdraw.cmd_data import register
from training.synth import split, synthesize, vocab
from training.synth.splits import to_jsonl
from training.synth.voice import Utterance, Voice

REPO = Path(__file__).resolve().parents[2]
NATURAL = REPO / "training" / "data" / "natural.jsonl"
# Evaluation dialogues: the hand-written natural set, and the shared dev set where present.
EVALUATION = [NATURAL, REPO.parent / "shared" / "data" / "dev-dialogues.jsonl"]


@pytest.fixture(scope="module")
def sample() -> list[Dialogue]:
    return synthesize(2000, seed=7)


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    assert to_jsonl(synthesize(200, seed=1)) == to_jsonl(synthesize(200, seed=1))
    assert to_jsonl(synthesize(200, seed=1)) != to_jsonl(synthesize(200, seed=2))


def test_turn_count_shares(sample: list[Dialogue]) -> None:
    counts = Counter(len(d.turns) for d in sample)
    share = {k: v / len(sample) for k, v in counts.items()}
    assert abs(share[1] - 0.30) < 0.04
    assert abs(share[2] + share[3] - 0.60) < 0.04
    assert abs(sum(v for k, v in share.items() if k > 3) - 0.10) < 0.03


def test_split_is_6_3_1_disjoint_and_deterministic(sample: list[Dialogue]) -> None:
    parts = split(sample, seed=7)
    assert [len(parts[k]) for k in ("sft", "hf", "test")] == [1200, 600, 200]
    ids = [d.id for part in parts.values() for d in part]
    assert len(set(ids)) == len(sample)
    assert [d.id for d in split(sample, seed=7)["test"]] == [d.id for d in parts["test"]]
    assert all(p == sorted(p, key=lambda d: d.id) for p in parts.values())


def test_every_gold_is_valid_and_refs_are_numbered_in_order(sample: list[Dialogue]) -> None:
    for dialogue in sample:
        known: set[str] = set()
        expected = 1
        for turn in dialogue.turns:
            for img in [*turn.images, *turn.reply.images]:
                assert img.ref == f"#{expected}" and img.caption
                expected += 1
            known |= {img.ref for img in turn.images}
            validate_args(turn.gold["skill"], turn.gold["args"], known)
            known |= {img.ref for img in turn.reply.images}
            if turn.gold["skill"] in ("chat", "describe_image"):
                assert not turn.reply.images
            if turn.gold["skill"] == "chat":
                assert turn.gold["args"]["message"] == turn.user


def test_text_arguments_occur_verbatim_in_the_user_text(sample: list[Dialogue]) -> None:
    # Typos and filler only touch the words around an argument, never the argument. In
    # another language the diffusion arguments are English translations (see
    # test_synth_multilingual.py); what the user's own words fill stays verbatim everywhere.
    translated = {"negative_prompt", "background", "target", "replacement", "style",
                  "instruction"}  # fmt: skip
    own_words = {"text", "content", "question"}
    for dialogue in sample:
        langs = getattr(dialogue, "meta", {}).get("turn_langs", ["en"] * len(dialogue.turns))
        for turn, lang in zip(dialogue.turns, langs, strict=True):
            _assert_verbatim(turn, own_words | (translated if lang == "en" else set()))


def _assert_verbatim(turn: Turn, verbatim: set[str]) -> None:
    if turn.gold["skill"] != "chat":
        for name, value in turn.gold["args"].items():
            if name in verbatim:
                for part in value.split(", "):
                    assert part in turn.user, (name, value, turn.user)


def test_catalog_coverage(sample: list[Dialogue]) -> None:
    seen_args: dict[str, set[str]] = defaultdict(set)
    seen_values: dict[tuple[str, str], set[str]] = defaultdict(set)
    for turn in (t for d in sample for t in d.turns):
        skill = turn.gold["skill"]
        for name, value in turn.gold["args"].items():
            seen_args[skill].add(name)
            seen_values[(skill, name)].add(value)
    assert set(seen_args) == set(CATALOG)
    for spec in CATALOG.values():
        assert {a.name for a in spec.args} == seen_args[spec.id], spec.id
        for arg in spec.args:
            if arg.kind == "enum":
                assert set(arg.values) == seen_values[(spec.id, arg.name)], (spec.id, arg.name)


def test_phrasing_diversity(sample: list[Dialogue]) -> None:
    turns = [t for d in sample for t in d.turns]
    assert len({t.user for t in turns}) / len(turns) >= 0.9
    openings: dict[str, set[str]] = defaultdict(set)
    for t in turns:
        openings[t.gold["skill"]].add(" ".join(t.user.lower().split()[:4]))
    assert min(len(v) for v in openings.values()) >= 40, {k: len(v) for k, v in openings.items()}


def test_references_by_position_and_description_occur(sample: list[Dialogue]) -> None:
    texts = " ".join(t.user.lower() for d in sample for t in d.turns)
    for phrase in ("the first one", "the original", "the previous one", "one with the", "pic 2"):
        assert phrase in texts, phrase


def test_noise_never_touches_argument_spans() -> None:
    import random

    voice = Voice(lowercase=True, typo_rate=1.0, shorthand_rate=1.0, filler_rate=0, emoji_rate=0)
    utt = Utterance().template("please remove the {t} from the picture", t="Trash Bin")
    text = utt.render(random.Random(0), voice)
    assert "Trash Bin" in text and "please remove the" not in text


def test_injection_attempts_are_answered_as_chat(sample: list[Dialogue]) -> None:
    attempts = [message for message, _ in vocab.pairs("injections")]
    chats = [t for d in sample for t in d.turns if t.gold["skill"] == "chat"]
    injected = [t for t in chats if any(a in t.user for a in attempts)]
    # A small share of the chat turns, typed verbatim, template markers and JSON included.
    assert 0.05 < len(injected) / len(chats) < 0.3, (len(injected), len(chats))
    assert any("<|im_start|>" in t.user for t in injected)
    assert any('{"skill": ' in t.user for t in injected)
    others = [t for d in sample for t in d.turns if t.gold["skill"] != "chat"]
    assert not any(a in t.user for t in others for a in attempts)
    assert all(t.gold["args"]["message"] == t.user for t in injected)


def _word_runs(text: str, n: int = 6) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_injection_lines_repeat_no_evaluation_dialogue() -> None:
    evaluation: set[str] = set()
    for path in (p for p in EVALUATION if p.is_file()):
        for line in path.read_text(encoding="utf-8").splitlines():
            evaluation |= {r for t in json.loads(line)["turns"] for r in _word_runs(t["user"])}
    assert evaluation
    text = (vocab.VOCAB_DIR / "injections.txt").read_text(encoding="utf-8")
    assert not _word_runs(text) & evaluation


def test_cli_writes_splits_and_prints_stats(tmp_path: Path) -> None:
    app, data_app = typer.Typer(), typer.Typer()
    register(data_app)
    app.add_typer(data_app, name="data")
    result = CliRunner().invoke(app, ["data", "synth", "--n", "100", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = {p.name: p.read_text().count("\n") for p in tmp_path.iterdir()}
    assert lines == {
        "drawnconvos-sft.jsonl": 60, "drawnconvos-hf.jsonl": 30, "drawnconvos-test.jsonl": 10
    }  # fmt: skip
    assert "text_to_image" in result.output and "turns per dialogue" in result.output


def test_llm_paraphrase_keeps_originals_when_endpoint_is_down(sample: list[Dialogue]) -> None:
    from training.synth.paraphrase import paraphrase

    few = sample[:3]
    out = paraphrase(few, "http://127.0.0.1:9", timeout=0.5)
    assert [d.model_dump() for d in out] == [d.model_dump() for d in few]


def _check_text(value: object) -> object:
    """A check object stands for a valid text: any non-empty stand-in will do."""
    return "x" if isinstance(value, dict) else value


def test_natural_dialogues_parse_and_golds_are_valid() -> None:
    dialogues = [Dialogue.model_validate(json.loads(x)) for x in NATURAL.read_text().splitlines()]
    assert len(dialogues) >= 60
    assert len({d.id for d in dialogues}) == len(dialogues)
    skills: set[str] = set()
    for dialogue in dialogues:
        known: set[str] = set()
        for turn in dialogue.turns:
            known |= {img.ref for img in turn.images}
            gold = turn.gold
            options = gold["skill"] if isinstance(gold["skill"], list) else [gold["skill"]]
            for skill in options:
                args = gold["args"][skill] if isinstance(gold["skill"], list) else gold["args"]
                validate_args(skill, {k: _check_text(v) for k, v in args.items()}, known)
                skills.add(skill)
            known |= {img.ref for img in turn.reply.images}
    assert skills == set(CATALOG)
    assert sum(len(d.turns) for d in dialogues) / len(dialogues) >= 2.2

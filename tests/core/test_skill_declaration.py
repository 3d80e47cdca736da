"""A skill is one declaration: a catalog entry (and its module) is all a new skill needs
for every part of the project to know it, and every built-in entry says it all."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import llguidance
import llguidance.hf
import numpy as np
import pytest
from typer.testing import CliRunner

from core.answers import outgoing_image
from core.captions import result_caption
from core.catalog import (
    CATALOG,
    ArgumentProblem,
    Button,
    Caption,
    Shows,
    SkillSpec,
    button_decision,
    validate_args,
)
from core.dialogue import ImageInfo
from core.intent.grammar import allowed_skills, decision_grammar
from core.intent.prompt import intent_system_prompt, render_target
from core.settings import ModelSettings
from dialogdraw.cli import app
from pipelines import registry
from pipelines.runner import SkillRunner
from tests.core.intent.conftest import smollm2_tokenizer
from tests.core.toy_skill import ToyMirrorArgs
from tests.pipelines.skill_jobs import decode, quadrants, run_job
from training.integrate import Request, chain_descriptions
from training.synth import synthesize
from training.synth.board import Board
from training.synth.makers import skill_maker
from training.synth.step import Ctx

__all__ = ["smollm2_tokenizer"]

REPO = Path(__file__).resolve().parents[2]

TOY = SkillSpec(
    "toy_mirror",
    "mirror a picture left to right",
    ToyMirrorArgs,
    kind="edit",
    implementation="tests.core.toy_skill:run",
    gpu=False,
    delivery="document",
    caption=Caption("a mirror image of {base}"),
    shows=Shows(("{image}, mirrored",)),
    look_alikes=("adjust",),
    button=Button("mirror", "🪞", "mirror {image}"),
)


def _clear_caches() -> None:
    # The prompt and the grammar are built once per catalog: a new entry needs new ones.
    intent_system_prompt.cache_clear()
    decision_grammar.cache_clear()


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[SkillSpec]:
    monkeypatch.setitem(CATALOG, TOY.id, TOY)
    monkeypatch.setattr(registry, "_loaded", {})
    _clear_caches()
    yield TOY
    _clear_caches()


@pytest.fixture(scope="module")
def ll_tokenizer(smollm2_tokenizer: Any) -> Any:
    return llguidance.hf.from_tokenizer(smollm2_tokenizer)


def _admitted(ll_tokenizer: Any, text: str, refs: tuple[str, ...]) -> bool:
    grammar = llguidance.LLMatcher.grammar_from_lark(decision_grammar(refs))
    matcher = llguidance.LLMatcher(ll_tokenizer, grammar, log_level=0)
    return matcher.consume_tokens(ll_tokenizer.tokenize_str(text)) and matcher.is_accepting()


def test_a_new_skill_is_in_the_prompt_and_the_grammar(toy: SkillSpec, ll_tokenizer: Any) -> None:
    assert "toy_mirror(image: ref): mirror a picture left to right" in intent_system_prompt()
    assert toy in allowed_skills(["#1"]) and toy not in allowed_skills([])
    target = render_target("toy_mirror", {"image": "#1"})
    assert _admitted(ll_tokenizer, target, ("#1",))


def test_without_the_entry_the_grammar_refuses_it(ll_tokenizer: Any) -> None:
    assert "toy_mirror" not in intent_system_prompt()
    text = '{"skill": "toy_mirror", "args": {"image": "#1"}}'
    assert not _admitted(ll_tokenizer, text, ("#1",))


def test_a_new_skill_validates_its_arguments(toy: SkillSpec) -> None:
    assert validate_args("toy_mirror", {"image": "#1"}, {"#1"}) == ToyMirrorArgs(image="#1")
    with pytest.raises(ArgumentProblem, match="can't find image #2"):
        validate_args("toy_mirror", {"image": "#2"}, {"#1"})


def test_a_new_skill_runs_on_the_worker(toy: SkillSpec) -> None:
    picture = quadrants()

    result = run_job(
        SkillRunner(ModelSettings(device="cpu")), "toy_mirror", {"image": "#1"}, picture
    )

    assert result.ok, result.error
    mirrored = np.asarray(decode(result.image or b"").convert("RGB"))
    assert (mirrored == np.asarray(picture)[:, ::-1]).all()
    assert registry.implementations()["toy_mirror"] == "tests.core.toy_skill:run"


def test_a_new_skill_is_listed_by_dialogdraw_skills(
    toy: SkillSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")

    result = CliRunner().invoke(app, ["skills"])

    assert result.exit_code == 0, result.output
    assert "toy_mirror" in result.output and "mirror a picture left to right" in result.output


def test_a_new_skill_is_captioned_offered_and_described(toy: SkillSpec) -> None:
    assert (
        result_caption("toy_mirror", {"image": "#1"}, "a red fox") == "a mirror image of a red fox"
    )
    assert button_decision("mirror", "#3") == ("toy_mirror", {"image": "#3"}, "mirror #3")
    row = SimpleNamespace(mime_type="image/png", ref="#2", id=2, number=2)
    image = outgoing_image(row, b"", "#2 · toy mirror", "toy_mirror")
    assert image.delivery == "document" and ("mirror", "🪞") in image.actions
    fox = ImageInfo(ref="#1", caption="a red fox")
    request = Request(1, "mirror it", (fox,), "toy_mirror", {"image": "#1"}, ImageInfo(ref="#2"))
    assert chain_descriptions([request])["#2"] == "a red fox, mirrored"


def test_a_new_skill_is_synthesised_from_its_phrasings(toy: SkillSpec, tmp_path: Path) -> None:
    (tmp_path / "toy_mirror.txt").write_text("# a comment\nmirror {img} please\n", "utf-8")

    step = skill_maker(toy, tmp_path)(Ctx(random.Random(0), Board(), 0))
    dialogues = synthesize(60, seed=1, phrasings_dir=tmp_path)

    assert step.skill == "toy_mirror" and step.args == {"image": "#1"}
    assert step.utterance.plain().startswith("mirror ") and step.uploads
    assert step.results[0].caption == f"a mirror image of {step.uploads[0].caption}"
    # Each synthetic gold is validated against the catalog as it is made.
    turns = [t for d in dialogues for t in d.turns if t.gold["skill"] == "toy_mirror"]
    assert turns
    assert all(t.reply.images[0].caption.startswith("a mirror image of ") for t in turns)


# ---- every built-in entry declares what the rest of the project reads ----


@pytest.mark.parametrize("spec", CATALOG.values(), ids=lambda s: s.id)
def test_every_catalog_entry_says_it_all(spec: SkillSpec) -> None:
    names = {a.name for a in spec.args}
    assert spec.look_alikes and spec.id not in spec.look_alikes
    assert set(spec.look_alikes) <= set(CATALOG)
    assert spec.describes_result is None or spec.describes_result in names
    if spec.implementation is None:
        assert spec.id == "chat"  # the engine answers chat with the intent model's LM
    else:
        module = spec.implementation.partition(":")[0]
        assert (REPO / (module.replace(".", "/") + ".py")).is_file()
    if spec.makes_image:
        assert spec.caption is not None
    if spec.bench is not None:
        spec.args_model.model_validate(dict(spec.bench.args))
        assert set(spec.bench.images) <= set(spec.ref_args)
    # A synthetic turn: a dedicated maker, or a phrasing file for the generic one.
    assert skill_maker(spec) is not None


def test_buttons_name_one_skill_each() -> None:
    actions = [s.button.action for s in CATALOG.values() if s.button]
    assert len(actions) == len(set(actions)) and "undo" not in actions

"""Phrasings dealt from decks (`--cover-phrasings`): every line once before any again, the
same files for the same seed, and the default synthesis (the evaluation splits) unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from core.languages import comparable
from dialogdraw.cmd_data import register
from training.synth import synthesize
from training.synth.deck import PhrasingDeck
from training.synth.langmix import mix_from_options
from training.synth.splits import to_jsonl
from training.synth.step import Ctx


def test_a_deck_deals_every_option_once_before_any_again() -> None:
    deck = PhrasingDeck(3)
    options = ("a {x}", "b {x}", "c {x}", "d {x}")
    first = [deck.draw(options) for _ in options]
    second = [deck.draw(options) for _ in options]
    assert sorted(first) == sorted(second) == sorted(options)
    assert PhrasingDeck(3).draw(options) == first[0]  # seeded: the same order again


def test_the_forms_of_one_file_share_a_deck() -> None:
    """Typed with and without accents, a line is one line: dealt once either way."""
    deck = PhrasingDeck(0)
    accented = ("quítale el fondo", "bórralo", "déjalo así")
    plain = ("quitale el fondo", "borralo", "dejalo asi")
    dealt = [deck.draw(accented), deck.draw(plain), deck.draw(accented)]
    positions = [(accented if i != 1 else plain).index(line) for i, line in enumerate(dealt)]
    assert sorted(positions) == [0, 1, 2]


def _lines_used(dialogues_n: int, cover: bool, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many lines of German's phrasing files a synthesis uses."""
    used: set[tuple[str, str, int]] = set()
    draw = Ctx.draw

    def recording(self: Ctx, options: Sequence[Any]) -> Any:
        got = draw(self, options)
        if not self.lang.english:
            used.add((self.lang.code, comparable(str(options[0])), list(options).index(got)))
        return got

    monkeypatch.setattr(Ctx, "draw", recording)
    # German alone: a few hundred dialogues draw each of its files several times over.
    synthesize(dialogues_n, 5, mix=mix_from_options("de"), cover=cover)
    return len(used)


def test_decks_reach_more_of_a_languages_phrasings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at_random = _lines_used(300, False, monkeypatch)
    dealt = _lines_used(300, True, monkeypatch)
    assert dealt > at_random * 1.2, (at_random, dealt)  # measured: 352 → 460


def test_without_cover_the_synthesis_is_what_it_was() -> None:
    """The evaluation splits come from the default synthesis: decks must not touch it."""
    plain = to_jsonl(synthesize(80, seed=4))
    assert plain == to_jsonl(synthesize(80, seed=4, cover=False))
    covered = to_jsonl(synthesize(80, seed=4, cover=True))
    assert covered == to_jsonl(synthesize(80, seed=4, cover=True))
    assert covered != plain


def test_the_cli_deals_from_decks_when_asked(tmp_path: Path) -> None:
    app, data_app = typer.Typer(), typer.Typer()
    register(data_app)
    app.add_typer(data_app, name="data")
    runs = {}
    for flag in ((), ("--cover-phrasings",)):
        out = tmp_path / (flag[0].strip("-") if flag else "random")
        args = ["data", "synth", "--n", "300", "--english-share", "0", "--out-dir", str(out)]
        result = CliRunner().invoke(app, [*args, *flag])
        assert result.exit_code == 0, result.output
        runs[bool(flag)] = (out / "drawnconvos-sft.jsonl").read_text(encoding="utf-8")
    assert runs[True] != runs[False]

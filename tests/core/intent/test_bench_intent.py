"""`dialogdraw bench intent`: the bot's own decision by default, and its JSON line."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from dialogdraw.cmd_bench_intent import register


def cli() -> typer.Typer:
    app, bench_app = typer.Typer(), typer.Typer()
    app.add_typer(bench_app, name="bench")

    @app.callback()
    def main() -> None:  # a group, so that "bench intent" is a subcommand
        pass

    register(bench_app)
    return app


def test_bench_measures_the_bots_decision_and_prints_json_last(tiny_model_dir: Path) -> None:
    args = ["bench", "intent", "--n", "4", "--baseline-n", "0", "--json"]
    result = CliRunner().invoke(cli(), [*args, "--model", str(tiny_model_dir), "--adapter", ""])
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())  # rich wraps long lines
    assert "the bot's decision: 1 reading decoded, 2 runner-ups ranked" in words
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert set(figures) == {
        "p50_ms",
        "p95_ms",
        "n_best",
        "decisions_per_s",
        "concurrency",
        "mean_batch",
        "dtype",
        "model",
        "adapter",
    }
    assert figures["n_best"] == 1 and figures["concurrency"] == 1
    assert figures["p50_ms"] > 0 and figures["decisions_per_s"] > 0
    assert "plain generate" not in result.output  # --baseline-n 0 skips it


def test_bench_runs_conversations_at_once(tiny_model_dir: Path) -> None:
    args = ["bench", "intent", "--n", "6", "--baseline-n", "1", "--concurrency", "3", "--json"]
    result = CliRunner().invoke(cli(), [*args, "--model", str(tiny_model_dir), "--adapter", ""])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["concurrency"] == 3
    assert "plain generate" in result.output


def test_bench_profile_shows_where_the_time_goes(tiny_model_dir: Path) -> None:
    args = ["bench", "intent", "--n", "3", "--baseline-n", "0", "--profile", "--json"]
    result = CliRunner().invoke(cli(), [*args, "--model", str(tiny_model_dir), "--adapter", ""])
    assert result.exit_code == 0, result.output
    for section in ("prefill", "decode", "mask", "grammar", "tokenize", "other", "total"):
        assert section in result.output
    profile = json.loads(result.output.strip().splitlines()[-1])["profile"]
    assert profile["model_calls"]["prefill"] == 3  # one prompt read per decision
    assert profile["ms"]["decode"] > 0 and profile["tokens_fed"]["decode"] > 0

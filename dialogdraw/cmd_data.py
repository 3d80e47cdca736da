"""`dialogdraw data ...`: data set commands (DrawnConvos synthesis)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from training.synth import split, synthesize, write_splits
from training.synth.paraphrase import paraphrase
from training.synth.stats import SynthStats, stats


def register(data_app: typer.Typer) -> None:
    data_app.command("synth")(synth)


def synth(
    n: Annotated[int, typer.Option(help="How many dialogues.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Same seed, same files.")] = 0,
    out_dir: Annotated[Path, typer.Option(help="Where the three JSONL files go.")] = Path(
        "data/drawnconvos"
    ),
    llm: Annotated[
        str | None, typer.Option(help="OpenAI-compatible base URL to paraphrase user turns.")
    ] = None,
    llm_model: Annotated[str, typer.Option(help="Model name sent to --llm.")] = "default",
) -> None:
    """Synthesize DrawnConvos and split them 6:3:1 into SFT / HF / TEST."""
    console = Console()
    started = time.perf_counter()
    dialogues = synthesize(n, seed)
    if llm:
        dialogues = paraphrase(dialogues, llm, llm_model)
    paths = write_splits(split(dialogues, seed), out_dir)
    elapsed = time.perf_counter() - started
    for name, path in paths.items():
        console.print(f"{name}: {path}")
    print_stats(console, stats(dialogues))
    console.print(f"{n} dialogues in {elapsed:.1f}s")


def print_stats(console: Console, s: SynthStats) -> None:
    skills = Table(title=f"skills ({s.turns} turns, {s.uploads} uploads)")
    skills.add_column("skill")
    skills.add_column("turns", justify="right")
    skills.add_column("share", justify="right")
    for skill, count in sorted(s.skills.items(), key=lambda kv: -kv[1]):
        skills.add_row(skill, str(count), f"{count / s.turns:.1%}")
    console.print(skills)
    turns = Table(title=f"turns per dialogue ({s.dialogues} dialogues)")
    turns.add_column("turns")
    turns.add_column("dialogues", justify="right")
    turns.add_column("share", justify="right")
    for k in sorted(s.turn_counts):
        label = f"{k}+" if k == 4 else str(k)
        turns.add_row(label, str(s.turn_counts[k]), f"{s.turn_counts[k] / s.dialogues:.1%}")
    console.print(turns)
    console.print(f"distinct user texts: {s.distinct_share:.1%}")

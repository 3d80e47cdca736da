"""`dialogdraw data ...`: data set commands (DrawnConvos synthesis)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from training.synth import split, synthesize, write_splits
from training.synth.lang import codes as language_codes
from training.synth.langmix import mix_from_options
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
    languages: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated language codes the users write in, e.g. en,es,ru "
            f"(default: en and every language folder: {','.join(language_codes())}). "
            "Without en, no dialogue opens in English."
        ),
    ] = None,
    english_share: Annotated[
        float | None,
        typer.Option(help="Share of dialogues that open in English (default 0.58).", min=0, max=1),
    ] = None,
    switch_share: Annotated[
        float | None,
        typer.Option(
            help="Of dialogues with 2+ turns in another language, the share where the user "
            "switches language once (default 0.15, ~10% of all non-English dialogues).",
            min=0,
            max=1,
        ),
    ] = None,
    cover_phrasings: Annotated[
        bool,
        typer.Option(
            help="Deal every phrasing once before any again (training coverage) instead of "
            "drawing them at random; the evaluation splits are made without it."
        ),
    ] = False,
) -> None:
    """Synthesize DrawnConvos and split them 6:3:1 into SFT / HF / TEST."""
    console = Console()
    try:
        mix = mix_from_options(languages, english_share, switch_share)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--languages") from err
    started = time.perf_counter()
    dialogues = synthesize(n, seed, mix=mix, cover=cover_phrasings)
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
    print_languages(console, s)


def print_languages(console: Console, s: SynthStats) -> None:
    """One line per language: dialogues opening in it, turns written in it, switches."""
    table = Table(title=f"languages ({s.dialogues} dialogues, {s.turns} turns)")
    for name in ("language", "dialogues", "share", "turns", "switched"):
        table.add_column(name, justify="left" if name == "language" else "right")
    for code, count in sorted(s.languages.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(
            code,
            str(count),
            f"{count / max(s.dialogues, 1):.1%}",
            str(s.turn_languages[code]),
            str(s.switched[code]),
        )
    console.print(table)

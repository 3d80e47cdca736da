"""`dialogdraw eval images`: the paper's image metrics on dialogues with their pictures.

The composition root wires it in with `register(eval_app)`.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from core.settings import Settings

stdout = Console()
stderr = Console(stderr=True)

DEFAULT_CLIP = "openai/clip-vit-large-patch14"


def register(eval_app: typer.Typer) -> None:
    eval_app.command("images")(eval_images)


def eval_images(
    data: Annotated[
        Path, typer.Option("--data", help="dialogues (spec format), JSON Lines", exists=True)
    ],
    images: Annotated[
        Path | None,
        typer.Option(
            "--images",
            help="folder of <dialogue id>/<N>.png for ref #N (not needed when each line "
            'carries an "images" object of ref -> file)',
        ),
    ] = None,
    clip: Annotated[str, typer.Option("--clip", help="CLIP model: hub id or folder")] = (
        DEFAULT_CLIP
    ),
    vqa: Annotated[
        str | None,
        typer.Option("--vqa", help="vision-language model: hub id or folder (default: models.vqa)"),
    ] = None,
    no_vqa: Annotated[bool, typer.Option("--no-vqa", help="skip the VQA score")] = False,
    device: Annotated[
        Literal["auto", "cpu", "cuda"], typer.Option(help="where the scorers run")
    ] = "auto",
    output: Annotated[
        Path | None, typer.Option("--output", help="write every round's scores here (JSONL)")
    ] = None,
) -> None:
    """Multi-turn VQA score, multi-turn CLIP similarity and instruct edit coherence."""
    from core.intent.loading import pick_device
    from training.image_metrics import evaluate_images, read_image_dialogues
    from training.scorers import ClipScorer, ScorerModelMissing, VqaScorer

    settings = Settings()
    where = pick_device(device if device != "auto" else settings.models.device).type
    items = read_image_dialogues(data, images)
    vqa_id = None if no_vqa else (vqa or settings.models.vqa)
    try:
        # Both before any scoring: a missing second model should not cost the first's run.
        clip_scorer = ClipScorer.load(clip, where)
        vqa_scorer = VqaScorer.load(vqa_id, where) if vqa_id else None
    except ScorerModelMissing as exc:
        stderr.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    with Progress(console=stderr, transient=True) as progress:
        task = progress.add_task("scoring rounds", total=None)
        report = evaluate_images(
            items,
            clip_scorer,
            vqa_scorer,
            on_round=lambda i, n: progress.update(task, completed=i, total=n),
        )
    if not report.scores:
        stderr.print(f"[red]No round could be scored[/red]: {dict(report.skipped) or 'no rounds'}")
        raise typer.Exit(1)
    # One column per kind of round: what a model is good at differs between drawing anew
    # and editing, and the paper's coherence weights differ between them too.
    columns = {"all rounds": report.means(), "generation": report.means("generation")}
    columns["edit"] = report.means("edit")
    table = Table("", *columns, title=f"{data.name}: CLIP {clip}, VQA {vqa_id or '—'}")
    table.add_row("dialogues", *(str(m.dialogues) for m in columns.values()))
    table.add_row("rounds", *(str(m.rounds) for m in columns.values()))
    table.add_row("multi-turn VQA score", *(_fmt(m.vqa) for m in columns.values()))
    table.add_row("multi-turn CLIP similarity", *(_fmt(m.clip) for m in columns.values()))
    table.add_row("instruct edit coherence", *(_fmt(m.coherence) for m in columns.values()))
    stdout.print(table)
    for reason, count in sorted(report.skipped.items()):
        stderr.print(f"[yellow]skipped {count} round(s)[/yellow]: {reason}")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as fh:
            for score in report.scores:
                row = {
                    **dataclasses.asdict(score.round),
                    "clip_text": score.clip_text,
                    "clip_image": score.clip_image,
                    "vqa": score.vqa,
                    "coherence": score.coherence,
                }
                fh.write(json.dumps(row, default=str) + "\n")


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"

"""`dialogdraw eval images`: the paper's image metrics on dialogues with their pictures.

Formulas in training/image_metrics.py; F, the integrated text of a round, in
training/integrate.py.

The composition root wires it in with `register(eval_app)`.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from core.settings import Settings

if TYPE_CHECKING:  # the metrics import torch: only when the command runs
    from collections import Counter

    from training.image_metrics import DialogueImages, ImageReport, Round
    from training.integrate import Integrator
    from training.scorers import ClipScorer, VqaScorer

stdout = Console()
stderr = Console(stderr=True)

DEFAULT_CLIP = "openai/clip-vit-large-patch14"
DEFAULT_INTEGRATE_MODEL = "gpt-4o-mini"


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
    integrate_llm: Annotated[
        str | None,
        typer.Option(
            "--integrate-llm",
            help="OpenAI-compatible base URL (POST URL/chat/completions) that writes F, the "
            "integrated text of each round; OPENAI_API_KEY is sent if set (default: the "
            "built-in chain of the dialogue's prompts and edits)",
        ),
    ] = None,
    integrate_model: Annotated[
        str, typer.Option("--integrate-model", help="model name sent to --integrate-llm")
    ] = DEFAULT_INTEGRATE_MODEL,
) -> None:
    """Multi-turn VQA score, multi-turn CLIP similarity and instruct edit coherence."""
    from core.intent.loading import pick_device
    from training.image_metrics import ImageReport, read_image_dialogues, score_rounds

    settings = Settings()
    where = pick_device(device if device != "auto" else settings.models.device).type
    integrator = _integrator(integrate_llm, integrate_model)
    todo, skipped = _integrated(read_image_dialogues(data, images), integrator)
    vqa_id = None if no_vqa else (vqa or settings.models.vqa)
    clip_scorer, vqa_scorer = _load_scorers(clip, vqa_id, where)
    with Progress(console=stderr, transient=True) as progress:
        task = progress.add_task("scoring rounds", total=None)
        on_round = lambda i, n: progress.update(task, completed=i, total=n)  # noqa: E731
        scores = score_rounds(todo, clip_scorer, vqa_scorer, on_round=on_round)
    report = ImageReport(scores, skipped, integrator.name)
    _print(report, f"{data.name}: CLIP {clip}, VQA {vqa_id or '—'}, F {integrator.name}")
    if output is not None:
        _write(report, output)


def _integrator(base_url: str | None, model: str) -> Integrator:
    """The writer of F: an OpenAI-compatible endpoint when given, else the built-in chain."""
    from training.integrate import ChainIntegrator, LlmIntegrator

    if not base_url:
        return ChainIntegrator()
    # A secret, so from the environment only, never a flag that lands in shell history.
    return LlmIntegrator(base_url, model, api_key=os.environ.get("OPENAI_API_KEY"))


def _integrated(
    items: list[DialogueImages], integrator: Integrator
) -> tuple[list[Round], Counter[str]]:
    """The rounds that can be scored, with F written, and the counts of those skipped;
    exits when the integrator cannot be reached or no round is left."""
    from training.image_metrics import integrate_rounds
    from training.integrate import IntegratorUnavailable

    try:
        # Before the models load: an unreachable endpoint fails at its first round.
        with stderr.status(f"integrating round texts with {integrator.name}"):
            todo, skipped = integrate_rounds(items, integrator)
    except IntegratorUnavailable as exc:
        stderr.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if not todo:
        stderr.print(f"[red]No round could be scored[/red]: {dict(skipped) or 'no rounds'}")
        raise typer.Exit(1)
    return todo, skipped


def _load_scorers(clip: str, vqa_id: str | None, where: str) -> tuple[ClipScorer, VqaScorer | None]:
    from training.scorers import ClipScorer, ScorerModelMissing, VqaScorer

    try:
        # Both before any scoring: a missing second model should not cost the first's run.
        clip_scorer = ClipScorer.load(clip, where)
        vqa_scorer = VqaScorer.load(vqa_id, where) if vqa_id else None
    except ScorerModelMissing as exc:
        stderr.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    return clip_scorer, vqa_scorer


def _print(report: ImageReport, title: str) -> None:
    # One column per kind of round: what a model is good at differs between drawing anew
    # and editing, and the paper's coherence weights differ between them too.
    columns = {"all rounds": report.means(), "generation": report.means("generation")}
    columns["edit"] = report.means("edit")
    table = Table("", *columns, title=title)
    table.add_row("dialogues", *(str(m.dialogues) for m in columns.values()))
    table.add_row("rounds", *(str(m.rounds) for m in columns.values()))
    table.add_row("multi-turn VQA score", *(_fmt(m.vqa) for m in columns.values()))
    # S_M_CLIP is over all pairs of a dialogue's pictures, whatever kind of round made
    # them: it has no per-kind value.
    table.add_row("multi-turn CLIP similarity", *(_fmt(m.clip) for m in columns.values()))
    table.add_row("instruct edit coherence", *(_fmt(m.coherence) for m in columns.values()))
    # Not the paper's: the former "CLIP similarity", CLIP(image, the round's own text),
    # kept so earlier runs compare, and the one text check left under --no-vqa.
    table.add_row(
        "legacy: per-round CLIP text similarity",
        *(_fmt(m.clip_text) for m in columns.values()),
    )
    stdout.print(table)
    overall = columns["all rounds"]
    single = overall.dialogues - overall.pair_dialogues
    stdout.print(
        f"multi-turn CLIP similarity: {overall.pairs} pairs of pictures in "
        f"{overall.pair_dialogues} dialogue(s); {single} with one picture left out (no pair)"
    )
    if overall.vqa is None:
        stdout.print("instruct edit coherence needs the VQA score: run without --no-vqa")
    elif missing := report.without_coherence():
        stdout.print(f"{missing} edit round(s) with no earlier picture have no coherence")
    for reason, count in sorted(report.skipped.items()):
        stderr.print(f"[yellow]skipped {count} round(s)[/yellow]: {reason}")


def _write(report: ImageReport, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as fh:
        for score in report.scores:
            row = {
                **dataclasses.asdict(score.round),
                "vqa": score.vqa,
                "clip_earlier": score.earlier,
                "consistency": score.consistency,
                "coherence": score.coherence,
                "clip_text_legacy": score.clip_text,
            }
            fh.write(json.dumps(row, default=str) + "\n")


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"

"""CLI commands of the intent model: `predict`, `eval intents` and `bench intent`.

`eval intents` scores teacher-forced (each turn with the gold earlier turns) or, with
`--closed-loop`, on dialogues replayed through the real engine (training/closed_loop.py).

The composition root wires them in with `register(app, eval_app, bench_app)`.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from core.dialogue import Dialogue, Prediction, PredictionRequest
from core.intent.factory import build_intent_model
from core.intent.loading import ModelUnavailable
from core.intent.model import TransformersIntentModel
from core.jobs import JobRunner, SkillError
from core.ports import IntentModel, JobQueue
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from training.closed_loop import ClosedLoopRun, replay
from training.closed_loop_report import ClosedLoopFigures, trace_line
from training.evaluate import summary_dict
from training.intent_metrics import (
    IntentReport,
    Tally,
    gold_turns,
    read_dialogues,
    read_predictions,
    score,
)
from training.placeholder_results import PlaceholderChat, PlaceholderRunner, TurnAnswers
from training.turn_languages import turn_languages

stdout = Console()
stderr = Console(stderr=True)

ResultsBackend = Literal["models", "tiny", "placeholder"]

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="'gemma3' (default), 'smollm2', a hub id in the cache or a folder"
    ),
]
AdapterOption = Annotated[
    str | None,
    typer.Option("--adapter", help="an adapter folder, 'default' (shipped) or '' for none"),
]


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:
    app.command("predict")(predict)
    eval_app.command("intents")(eval_intents)


def load_model(model: str | None, adapter: str | None) -> TransformersIntentModel:
    try:
        return build_intent_model(Settings(), model=model, adapter=adapter)
    except ModelUnavailable as exc:
        stderr.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


def predict(
    input: Annotated[Path, typer.Option("--input", help="prediction requests, JSON Lines")],
    output: Annotated[Path, typer.Option("--output", help="where to write the predictions")],
    model: ModelOption = None,
    adapter: AdapterOption = None,
) -> None:
    """Answer every request of INPUT with one prediction line, same ids, same order."""
    lines = [line for line in input.read_text(encoding="utf-8").splitlines() if line.strip()]
    requests = [PredictionRequest.model_validate_json(line) for line in lines]
    intent = load_model(model, adapter)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out:
        for prediction in _predict_all(intent, requests, "predicting"):
            out.write(prediction.model_dump_json() + "\n")


def _predict_all(
    intent: TransformersIntentModel, requests: Sequence[PredictionRequest], what: str
) -> Iterator[Prediction]:
    with Progress(console=stderr, transient=False) as progress:
        task = progress.add_task(what, total=len(requests))
        for request in requests:
            result = intent.predict(request)
            yield Prediction(
                id=request.id, skill=result.best.skill, args=result.best.args, raw=result.raw
            )
            progress.advance(task)


def eval_intents(
    data: Annotated[Path, typer.Option("--data", help="dialogues with gold, JSON Lines")],
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="score this file instead of predicting")
    ] = None,
    model: ModelOption = None,
    adapter: AdapterOption = None,
    save: Annotated[
        Path | None, typer.Option("--save", help="also write the predictions made here")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="write the overall figures here as JSON")
    ] = None,
    closed_loop: Annotated[
        bool,
        typer.Option(
            "--closed-loop",
            help="replay the dialogues through the real engine: each decision on the context "
            "the engine built (also runs teacher-forced, to count the decisions that differ)",
        ),
    ] = False,
    results: Annotated[
        ResultsBackend,
        typer.Option(
            "--results",
            help="closed loop: where results come from: the real skills ('models'), tiny "
            "random pipelines ('tiny') or a made-up picture/answer per job ('placeholder')",
        ),
    ] = "placeholder",
    teacher_forced: Annotated[
        Path | None,
        typer.Option(
            "--teacher-forced",
            help="closed loop: the same model's teacher-forced predictions (from --save) "
            "instead of predicting them again",
        ),
    ] = None,
    trace: Annotated[
        Path | None,
        typer.Option("--trace", help="closed loop: every turn as JSON Lines (context, answers)"),
    ] = None,
) -> None:
    """Intent switch accuracy, argument accuracy, structural conformity; per skill, language."""
    if not closed_loop:
        _eval_teacher_forced(data, predictions, model, adapter, (save, json_out))
        return
    dialogues = read_dialogues(data.read_text(encoding="utf-8").splitlines())
    if predictions is not None:
        raise typer.BadParameter("closed loop predicts itself", param_hint="--predictions")
    intent = load_model(model, adapter)
    tf_s: float | None = None  # read from a file: not timed here
    if teacher_forced is not None:
        tf_preds = read_predictions(teacher_forced.read_text(encoding="utf-8").splitlines())
    else:
        started = time.perf_counter()
        requests = [t.request for t in gold_turns(dialogues)]
        tf_preds = {p.id: p for p in _predict_all(intent, requests, "teacher-forced")}
        tf_s = time.perf_counter() - started
    run_closed_loop(dialogues, intent, results, tf_preds, tf_s, save, json_out, trace)


def _eval_teacher_forced(
    data: Path,
    predictions: Path | None,
    model: str | None,
    adapter: str | None,
    outputs: tuple[Path | None, Path | None],
) -> None:
    """Score the predictions of a file, or the model's made now on the gold contexts;
    per language too where the file's turns are in more than one."""
    save, json_out = outputs
    lines = data.read_text(encoding="utf-8").splitlines()
    turns, languages = gold_turns(read_dialogues(lines)), turn_languages(lines)
    started = time.perf_counter()
    if predictions is not None:
        preds = read_predictions(predictions.read_text(encoding="utf-8").splitlines())
    else:
        intent = load_model(model, adapter)
        made = list(_predict_all(intent, [t.request for t in turns], "evaluating"))
        preds = {p.id: p for p in made}
        if save is not None:
            _write_predictions(save, made)
    report = score(turns, preds, languages)
    stdout.print(report_table(report))
    if len(report.per_language) > 1:
        stdout.print(language_table(report))
    wall_s = time.perf_counter() - started
    stdout.print(f"teacher-forced, {len(turns)} turns in {wall_s:.0f} s")
    if json_out is not None:
        figures = {"mode": "teacher-forced", **summary_dict(report), "wall_s": round(wall_s, 1)}
        _write_json(json_out, figures)


def run_closed_loop(
    dialogues: Sequence[Dialogue],
    intent: TransformersIntentModel,
    backend: ResultsBackend,
    tf_preds: dict[str, Prediction],
    tf_s: float | None,
    save: Path | None,
    json_out: Path | None,
    trace: Path | None,
) -> None:
    """Replay through the engine with the chosen results; print and write the figures."""
    settings = Settings()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dialogdraw-results-") as folder:
        queue, answers = results_queue(backend, settings, Path(folder))
        engine_intent: IntentModel = intent if answers is None else PlaceholderChat(intent, answers)
        n = sum(len(d.turns) for d in dialogues)
        with Progress(console=stderr) as progress:
            task = progress.add_task(f"closed loop ({backend})", total=n)

            async def main() -> ClosedLoopRun:
                try:
                    return await replay(
                        dialogues,
                        engine_intent,
                        queue,
                        settings,
                        answers=answers,
                        on_turn=lambda: progress.advance(task),
                    )
                finally:
                    await queue.close()

            run = asyncio.run(main())
    wall_s = time.perf_counter() - started
    figures = ClosedLoopFigures.of(run, dialogues, tf_preds)
    title = f"intent scores, closed loop ({backend} results)"
    stdout.print(report_table(figures.closed_loop, title))
    for line in figures.lines():
        stdout.print(line)
    timed = "read from a file" if tf_s is None else f"{tf_s:.0f} s"
    stdout.print(f"closed loop {wall_s:.0f} s, teacher-forced {timed}")
    if save is not None:
        _write_predictions(save, list(run.predictions.values()))
    if trace is not None:
        lines = [json.dumps(trace_line(t, tf_preds), ensure_ascii=False) for t in run.turns]
        trace.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    if json_out is not None:
        tf_wall = None if tf_s is None else round(tf_s, 1)
        times = {"wall_s": round(wall_s, 1), "teacher_forced_wall_s": tf_wall}
        _write_json(json_out, {**figures.as_json(backend), **times})


def results_queue(
    backend: ResultsBackend, settings: Settings, folder: Path
) -> tuple[JobQueue, TurnAnswers | None]:
    """The job queue of a results backend; placeholder results also answer chat turns."""
    if backend == "placeholder":
        answers = TurnAnswers()
        runner: JobRunner = PlaceholderRunner(answers)
        return LocalJobQueue(runner, gpu_skill_ids(), timeout_s=settings.job_timeout_s), answers
    # Model hubs are unreachable from here: a missing model must fail, not wait on one.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from pipelines.runner import SkillRunner

    models = settings.models
    if backend == "tiny":
        from pipelines.bench import tiny_models

        try:
            models = tiny_models(folder)
        except SkillError as exc:
            stderr.print(f"[red]{exc.user_message}[/red]")
            raise typer.Exit(2) from exc
    runner = SkillRunner(models, max_image_pixels=settings.max_image_pixels)
    return LocalJobQueue(runner, gpu_skill_ids(), timeout_s=settings.job_timeout_s), None


def _write_predictions(path: Path, made: Sequence[Prediction]) -> None:
    path.write_text("".join(p.model_dump_json() + "\n" for p in made), encoding="utf-8")


def _write_json(path: Path, figures: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def report_table(report: IntentReport, title: str = "intent scores") -> Table:
    table = Table(title=title)
    columns = ("gold skill", "n", "ISA", "argument acc.", "structural", "structural\n(JSON only)")
    for column in columns:
        table.add_column(column, justify="left" if column == "gold skill" else "right")
    for name, tally in report.per_skill.items():
        table.add_row(name, *_cells(tally))
    table.add_section()
    table.add_row("[b]overall[/b]", *_cells(report.overall))
    return table


def language_table(report: IntentReport) -> Table:
    table = Table(title="per language")
    columns = ("language", "n", "ISA", "argument acc.", "structural", "structural\n(JSON only)")
    for column in columns:
        table.add_column(column, justify="left" if column == "language" else "right")
    for name, tally in report.per_language.items():
        table.add_row(name, *_cells(tally))
    return table


def _cells(tally: Tally) -> tuple[str, str, str, str, str]:
    return (
        str(tally.n),
        f"{tally.isa:.3f}",
        _fmt(tally.argument_accuracy),
        f"{tally.structural_conformity:.3f}",
        f"{tally.json_conformity:.3f}",
    )

"""CLI commands of the intent model: `predict`, `eval intents` and `bench intent`.

The composition root wires them in with `register(app, eval_app, bench_app)`.
"""

from __future__ import annotations

import random
import resource
import statistics
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated

import torch
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from core.dialogue import DialogueMessage, ImageInfo, Prediction, PredictionRequest
from core.intent.factory import build_intent_model
from core.intent.loading import ModelUnavailable
from core.intent.model import TransformersIntentModel
from core.intent.prompt import intent_prompt
from core.settings import Settings
from training.intent_metrics import (
    IntentReport,
    Tally,
    gold_turns,
    read_dialogues,
    read_predictions,
    score,
)

stdout = Console()
stderr = Console(stderr=True)

ModelOption = Annotated[
    str | None, typer.Option("--model", help="'smollm2', a hub id in the local cache or a folder")
]
AdapterOption = Annotated[
    str | None,
    typer.Option("--adapter", help="an adapter folder, 'default' (shipped) or '' for none"),
]


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:
    app.command("predict")(predict)
    eval_app.command("intents")(eval_intents)
    bench_app.command("intent")(bench_intent)


def _model(model: str | None, adapter: str | None) -> TransformersIntentModel:
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
    intent = _model(model, adapter)
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
) -> None:
    """Intent switch accuracy, argument accuracy and structural conformity, per skill."""
    turns = gold_turns(read_dialogues(data.read_text(encoding="utf-8").splitlines()))
    if predictions is not None:
        preds = read_predictions(predictions.read_text(encoding="utf-8").splitlines())
    else:
        intent = _model(model, adapter)
        made = list(_predict_all(intent, [t.request for t in turns], "evaluating"))
        preds = {p.id: p for p in made}
        if save is not None:
            save.write_text("".join(p.model_dump_json() + "\n" for p in made), encoding="utf-8")
    stdout.print(report_table(score(turns, preds)))


def report_table(report: IntentReport) -> Table:
    table = Table(title="intent scores")
    for column in ("gold skill", "n", "ISA", "argument acc.", "structural"):
        table.add_column(column, justify="left" if column == "gold skill" else "right")
    for name, tally in report.per_skill.items():
        table.add_row(name, *_cells(tally))
    table.add_section()
    table.add_row("[b]overall[/b]", *_cells(report.overall))
    return table


def _cells(tally: Tally) -> tuple[str, str, str, str]:
    arg = tally.argument_accuracy
    return (
        str(tally.n),
        f"{tally.isa:.3f}",
        "-" if arg is None else f"{arg:.3f}",
        f"{tally.structural_conformity:.3f}",
    )


def bench_intent(
    n: Annotated[int, typer.Option("--n", help="decisions to time")] = 50,
    baseline_n: Annotated[
        int, typer.Option("--baseline-n", help="plain generate runs to time (slow)")
    ] = 10,
    n_best: Annotated[int, typer.Option("--n-best", help="interpretations per decision")] = 1,
    data: Annotated[
        Path | None, typer.Option("--data", help="dialogues to draw requests from")
    ] = None,
    shuffle: Annotated[
        bool,
        typer.Option(
            help="shuffle the requests, so that no turn follows its conversation's previous one"
        ),
    ] = False,
    model: ModelOption = None,
    adapter: AdapterOption = None,
) -> None:
    """Latency per decision, forced vs generated tokens, peak memory, and a plain baseline."""
    if data is None:
        requests = sample_requests()
    else:
        dialogues = read_dialogues(data.read_text(encoding="utf-8").splitlines())
        requests = [r for d in dialogues for r in d.requests()]
    if shuffle:
        random.Random(0).shuffle(requests)
    intent = _model(model, adapter)
    start = time.perf_counter()
    intent.predict(requests[0])  # builds the system-prompt cache, once per process
    warmup_ms = (time.perf_counter() - start) * 1000
    latencies: list[float] = []
    lengths: list[int] = []
    generated = forced = prompt = reused = 0
    # In dialogue order, as a chat sends them: a turn can reuse the previous turn's read.
    for i in range(n):
        result = intent.predict(requests[i % len(requests)], n_best=n_best)
        latencies.append(result.latency_ms)
        generated += intent.last_stats.generated
        forced += intent.last_stats.forced
        prompt += intent.last_stats.prompt_tokens
        reused += intent.last_stats.prompt_reused
        lengths.append(intent.last_stats.generated + intent.last_stats.forced)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base = [
        plain_generate_ms(intent, requests[i % len(requests)], lengths[i])
        for i in range(min(baseline_n, n))
    ]
    table = Table(title=f"intent decision latency ({intent.version}, n_best={n_best})")
    for column in ("", "n", "p50 ms", "p95 ms", "tokens generated", "tokens forced"):
        table.add_column(column, justify="right")
    table.add_row(
        "constrained+cached", str(n), *_percentiles(latencies), str(generated), str(forced)
    )
    table.add_row("plain generate", str(len(base)), *_percentiles(base), "-", "-")
    stdout.print(table)
    ratio = statistics.median(base) / statistics.median(latencies[: len(base)] or latencies)
    stdout.print(
        f"first call (system prompt cache) {warmup_ms:.0f} ms; peak RSS {rss_mb:.0f} MB; "
        f"plain/constrained p50 ratio on the same requests {ratio:.2f}x"
    )
    stdout.print(
        f"prompt tokens {prompt}, of which {reused} ({reused / max(prompt, 1):.0%}) came from "
        f"the cache (system prompt, and the history of the conversation's previous turn)"
    )


def _percentiles(values: list[float]) -> tuple[str, str]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.0f}", f"{p95:.0f}"


def plain_generate_ms(
    intent: TransformersIntentModel, request: PredictionRequest, tokens: int
) -> float:
    """The same prompt and output length through plain `generate`: no grammar, no reuse."""
    lm, tokenizer = intent.language_model, intent.tokenizer
    ids = tokenizer(intent_prompt(tokenizer, request.messages), return_tensors="pt")
    ids = ids.to(lm.device)
    start = time.perf_counter()
    with torch.inference_mode():
        lm.generate(
            **ids,
            max_new_tokens=tokens,
            min_new_tokens=tokens,
            do_sample=False,
            pad_token_id=tokenizer.eos_token_id,
        )
    return (time.perf_counter() - start) * 1000


def sample_requests() -> list[PredictionRequest]:
    """A small spread of turns (new picture, edits with one or more images, chat)."""
    cat = ImageInfo(ref="#1", caption="a cute orange cat sitting on a windowsill")
    dog = ImageInfo(ref="#2", caption="a photo of a brown dog on grass")
    first = [
        DialogueMessage(role="user", text="can you draw me a cute cat?"),
        DialogueMessage(role="assistant", text="Here you go!", images=[cat]),
    ]
    two_images = [*first, DialogueMessage(role="user", text="this is my dog", images=[dog])]
    two_images.append(DialogueMessage(role="assistant", text="What a good boy!"))
    turns = [
        ([], "draw a lighthouse on a cliff at sunset, no people"),
        (first, "put it on a beach"),
        (first, "make it look like a van gogh painting"),
        (first, "remove the windowsill"),
        (first, "make it brighter"),
        (first, "what colour are its eyes?"),
        (two_images, "paint my dog in the style of the cat picture"),
        (two_images, "write 'monday mood' at the bottom of the dog photo"),
        ([], "thanks, you are great!"),
        (first, "upscale it 4x please"),
    ]
    return [
        PredictionRequest(
            id=f"bench/{i}", messages=[*history, DialogueMessage(role="user", text=text)]
        )
        for i, (history, text) in enumerate(turns)
    ]

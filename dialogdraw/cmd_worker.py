"""`dialogdraw worker`: run a Celery worker for the GPU and/or CPU queues."""

from __future__ import annotations

from typing import Annotated

import typer


def worker(
    queues: Annotated[
        str,
        typer.Option(
            help="Comma-separated queues to serve: gpu, cpu; or intent alone (the intent "
            "model's decisions, DIALOGDRAW_INTENT_WORKER=celery)."
        ),
    ] = "gpu,cpu",
    concurrency: Annotated[
        int,
        typer.Option(
            min=1,
            help="Pool processes; a worker with the gpu queue uses 1. The intent queue: "
            "threads sharing one model (default 8), whose calls are decided in batches.",
        ),
    ] = 1,
    loglevel: Annotated[str, typer.Option(help="Celery log level.")] = "INFO",
) -> None:
    """Take jobs from Redis (DIALOGDRAW_BROKER_URL) and run the skills (or the intent
    model) on this machine."""
    from pipelines.worker import run_worker

    names = [q.strip() for q in queues.split(",") if q.strip()]
    try:
        run_worker(names, concurrency, loglevel)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--queues") from e


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)

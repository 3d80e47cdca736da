"""Start a Celery worker in this process, as `dialogdraw worker` does."""

from __future__ import annotations

import socket
from collections.abc import Sequence

from core.queues.contract import ALL_QUEUES, GPU_QUEUE, INTENT_QUEUE

# Threads of an intent worker: calls answered at once, so that they can meet in one batch.
INTENT_THREADS = 8


def worker_argv(queues: Sequence[str], concurrency: int = 1, loglevel: str = "INFO") -> list[str]:
    """The `celery worker` arguments for these queues.

    prefork even with one process: the soft/hard time limits only work with a pool
    process to signal or kill, and a killed pool process gives its GPU memory back.
    A worker that serves the GPU queue runs one job at a time whatever is asked,
    because two diffusion pipelines on one card run out of memory.
    """
    unknown = [q for q in queues if q not in ALL_QUEUES]
    if not queues or unknown:
        raise ValueError(f"queues must be some of {', '.join(ALL_QUEUES)}; got {list(queues)}")
    pool = "prefork"
    if INTENT_QUEUE in queues:
        # One model shared by threads, which a skill's pool process must not be.
        if len(queues) > 1:
            raise ValueError("the intent queue needs a worker of its own: --queues intent")
        pool, concurrency = "threads", concurrency if concurrency > 1 else INTENT_THREADS
    if GPU_QUEUE in queues:
        concurrency = 1
    return [
        "worker",
        f"--queues={','.join(queues)}",
        f"--pool={pool}",
        f"--concurrency={max(1, concurrency)}",
        f"--loglevel={loglevel}",
        f"--hostname=dialogdraw-{'-'.join(queues)}@{socket.gethostname()}",
        # No gossip/mingle/heartbeat chatter between workers: nothing here uses it, and
        # mingle adds seconds to every start.
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


def run_worker(queues: Sequence[str], concurrency: int = 1, loglevel: str = "INFO") -> None:
    argv = worker_argv(queues, concurrency, loglevel)  # fail on bad options before importing
    from pipelines.celery_app import app

    app.worker_main(argv)

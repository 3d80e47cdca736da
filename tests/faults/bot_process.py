"""A real bot process for the fault suite: `python -m tests.faults.bot_process`.

The production composition (settings from DIALOGDRAW_* variables, `running_engine`,
`run_telegram` with python-telegram-bot, the SQLite store, the local queue or Celery)
with two test doubles: the regex intent model and a PIL runner that a test can hold in
the middle of a job. The Bot API it talks to is the test's fake (FAULT_API).

Variables: FAULT_API (the fake's base URL), FAULT_FILE_API, FAULT_EVENTS (a file that
gets `start <job> <pid>` and `done <job> <pid>` lines), FAULT_HOLD (a job waits at its
first step while this file exists). The same runner serves Celery workers through
DIALOGDRAW_WORKER_RUNNER=tests.faults.bot_process:make_runner.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from pathlib import Path

from core.jobs import JobRequest, JobResult, JobRunner, Progress, ProgressCallback
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from tests.doubles import FakeIntentModel, pil_runner


def _record(event: str, request: JobRequest) -> None:
    events = os.environ.get("FAULT_EVENTS")
    if events:
        with open(events, "a") as f:
            f.write(f"{event} {request.job_id} {os.getpid()}\n")


def held_runner(request: JobRequest, progress: ProgressCallback) -> JobResult:
    _record("start", request)
    progress(Progress("running", step=1, total=2))
    hold = os.environ.get("FAULT_HOLD")
    deadline = time.monotonic() + 60
    while hold and Path(hold).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    result = pil_runner(request, progress)
    _record("done", request)
    return result


def make_runner() -> JobRunner:
    return held_runner


async def main() -> None:
    from dialogdraw.app import running_engine
    from dialogdraw.cmd_serve_telegram import run_telegram
    from dialogdraw.logs import configure_logging

    settings = Settings()
    configure_logging(settings)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    queue = None
    if settings.queue == "local":
        queue = LocalJobQueue(held_runner, gpu_skill_ids(), timeout_s=settings.job_timeout_s)
    async with running_engine(settings, intent=FakeIntentModel(), queue=queue) as engine:
        logging.getLogger(__name__).info("fault bot: run %s", engine.run_id)
        await run_telegram(
            settings,
            engine,
            base_url=os.environ["FAULT_API"],
            base_file_url=os.environ["FAULT_FILE_API"],
            poll_timeout=1,
            album_wait=0.2,
            stop=stop,
        )


if __name__ == "__main__":
    asyncio.run(main())

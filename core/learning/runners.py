"""Ways to run a retraining job off the event loop: a thread, or a child process."""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from core.learning.ports import ProgressLine, RetrainOutcome, RetrainRequest

Job = Callable[[RetrainRequest, ProgressLine], RetrainOutcome]
PROGRESS_PREFIX = "progress: "


class ThreadRetrainRunner:
    """Runs the job function in a worker thread of this process (tests, the console)."""

    def __init__(self, job: Job) -> None:
        self.job = job

    async def run(self, request: RetrainRequest, progress: ProgressLine) -> RetrainOutcome:
        return await asyncio.to_thread(self.job, request, progress)


class ProcessRetrainRunner:
    """Runs `COMMAND REQUEST OUTCOME` as a child process: COMMAND (given by the
    composition root: the CLI's retraining job) reads the request from the JSON file
    REQUEST and writes the outcome to the JSON file OUTCOME.

    A child process keeps training's memory and CPU threads out of the bot process and
    frees them all when it exits; the bot keeps answering meanwhile. Progress arrives as
    `progress: ...` lines on the child's stdout.
    """

    def __init__(self, command: Sequence[str]) -> None:
        self.command = list(command)

    async def run(self, request: RetrainRequest, progress: ProgressLine) -> RetrainOutcome:
        with tempfile.TemporaryDirectory(prefix="dialogdraw-retrain-") as tmp:
            request_file, outcome_file = Path(tmp) / "request.json", Path(tmp) / "outcome.json"
            request_file.write_text(json.dumps(request.to_dict()), encoding="utf-8")
            log_file = Path(tmp) / "stderr.log"
            # stderr to a file: a chatty trainer would fill a pipe nobody reads meanwhile.
            with log_file.open("wb") as errors_out:
                child = await asyncio.create_subprocess_exec(
                    *self.command,
                    str(request_file),
                    str(outcome_file),
                    stdout=asyncio.subprocess.PIPE,
                    stderr=errors_out,
                )
                assert child.stdout is not None
                async for raw in child.stdout:
                    line = raw.decode(errors="replace").strip()
                    if line.startswith(PROGRESS_PREFIX):
                        progress(line[len(PROGRESS_PREFIX) :])
                code = await child.wait()
            errors = log_file.read_text(encoding="utf-8", errors="replace")
            if code != 0 or not outcome_file.is_file():
                tail = errors.strip().splitlines()[-1:] or ["no error output"]
                raise RuntimeError(f"the training process failed: {tail[0]}")
            return RetrainOutcome.from_dict(json.loads(outcome_file.read_text(encoding="utf-8")))

"""A JobRunner for the Celery tests: a small PNG after a few reported steps.

Arguments: `steps`, `step_s`, `hold_file` (the job stays at its first step while
that file exists, so a test can kill the worker in the middle of it), and `fail`
("skill": a SkillError, "bug": a plain exception, after the first step). Every start
and completion is appended to the file named by DIALOGDRAW_TEST_EVENTS.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

from PIL import Image

from core.jobs import JobRequest, JobResult, JobRunner, Progress, ProgressCallback, SkillError


def _record(event: str, request: JobRequest) -> None:
    with open(os.environ["DIALOGDRAW_TEST_EVENTS"], "a") as f:
        f.write(f"{event} {request.job_id} {os.getpid()}\n")


def make_runner() -> JobRunner:
    def run(request: JobRequest, progress: ProgressCallback) -> JobResult:
        _record("start", request)
        steps = int(request.args.get("steps", 3))
        step_s = float(request.args.get("step_s", 0.05))
        hold = request.args.get("hold_file")
        for step in range(1, steps + 1):
            progress(Progress("running", step=step, total=steps))
            deadline = time.monotonic() + 60
            while step == 1 and hold and Path(hold).exists() and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(step_s)
            if request.args.get("fail") == "skill":
                raise SkillError("That picture is too small.", "smaller than 8x8")
            if request.args.get("fail") == "bug":
                raise ZeroDivisionError("oops")
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), str(request.args.get("color", "red"))).save(buffer, "PNG")
        _record("done", request)
        return JobResult(image=buffer.getvalue(), model="fake", meta={"pid": os.getpid()})

    return run

"""LocalJobQueue: places in line, one GPU job at a time, failures as results, shutdown."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import pytest

from core.jobs import (
    SKILL_FAILED,
    JobRequest,
    JobResult,
    JobTimedOut,
    Progress,
    ProgressCallback,
    SkillError,
)
from core.ports import QueueUnavailable
from core.queues import gpu_skill_ids
from core.queues.local import LazyRunner, LocalJobQueue

GPU = {"text_to_image"}


class GatedRunner:
    """Each job blocks until the test opens its gate; records what ran at the same time."""

    def __init__(self) -> None:
        self.gates: dict[int, threading.Event] = {}
        self.started: list[int] = []
        self.running: set[int] = set()
        self.max_gpu_together = 0
        self._lock = threading.Lock()

    def gate(self, job_id: int) -> threading.Event:
        return self.gates.setdefault(job_id, threading.Event())

    def __call__(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        with self._lock:
            self.started.append(request.job_id)
            self.running.add(request.job_id)
            gpu_now = sum(1 for j in self.running if j < 100)  # ids < 100 are GPU jobs here
            self.max_gpu_together = max(self.max_gpu_together, gpu_now)
        try:
            if request.args.get("fail") == "skill":
                raise SkillError("That picture is too small.")
            if request.args.get("fail") == "bug":
                raise ZeroDivisionError("oops")
            progress(Progress("running", step=1, total=2))
            assert self.gate(request.job_id).wait(10), "test never opened the gate"
            progress(Progress("running", step=2, total=2))
            return JobResult(text=f"done {request.job_id}")
        finally:
            with self._lock:
                self.running.discard(request.job_id)


def job(job_id: int, skill: str = "text_to_image", **args: str) -> JobRequest:
    return JobRequest(job_id=job_id, skill=skill, args=dict(args))


async def until(condition: Callable[[], bool], within_s: float = 5.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.01)


class Recorder:
    def __init__(self) -> None:
        self.seen: list[Progress] = []
        self.threads: set[str] = set()

    def __call__(self, progress: Progress) -> None:
        self.seen.append(progress)
        self.threads.add(threading.current_thread().name)

    def positions(self) -> list[int]:
        return [p.position for p in self.seen if p.state == "queued"]


async def test_job_result_and_steps_arrive_on_the_loop_thread() -> None:
    runner = GatedRunner()
    runner.gate(1).set()
    queue = LocalJobQueue(runner, GPU)
    progress = Recorder()
    result = await queue.run(job(1), progress)
    await asyncio.sleep(0)  # let the last call_soon_threadsafe callbacks run
    assert result == JobResult(text="done 1")
    assert [(p.state, p.step) for p in progress.seen] == [
        ("running", 0),
        ("running", 1),
        ("running", 2),
    ]
    assert progress.threads == {threading.current_thread().name}
    await queue.close()


async def test_waiting_gpu_jobs_hear_their_place_in_line_and_run_one_at_a_time() -> None:
    runner = GatedRunner()
    queue = LocalJobQueue(runner, GPU)
    first, second, third = Recorder(), Recorder(), Recorder()
    a = asyncio.create_task(queue.run(job(1), first))
    await until(lambda: runner.started == [1])
    b = asyncio.create_task(queue.run(job(2), second))
    c = asyncio.create_task(queue.run(job(3), third))
    await until(lambda: second.positions() == [1] and third.positions() == [2])
    assert first.positions() == []  # it started at once

    runner.gate(1).set()
    await a
    await until(lambda: third.positions() == [2, 1])
    # The second job's thread picks it up just after the line moves: wait, don't race it.
    await until(lambda: runner.started == [1, 2])
    runner.gate(2).set()
    runner.gate(3).set()
    assert [(await b).text, (await c).text] == ["done 2", "done 3"]
    assert runner.max_gpu_together == 1
    await queue.close()


async def test_a_job_behind_one_just_submitted_is_first_in_line() -> None:
    runner = GatedRunner()
    queue = LocalJobQueue(runner, GPU)
    second = Recorder()
    a = asyncio.create_task(queue.run(job(1), Recorder()))
    b = asyncio.create_task(queue.run(job(2), second))  # before job 1's thread has started
    await until(lambda: runner.started == [1] and second.positions() != [])
    assert second.positions() == [1]
    runner.gate(1).set()
    runner.gate(2).set()
    await asyncio.gather(a, b)
    await queue.close()


async def test_cpu_skills_run_beside_a_busy_gpu() -> None:
    runner = GatedRunner()
    queue = LocalJobQueue(runner, GPU, cpu_workers=2)
    gpu_job = asyncio.create_task(queue.run(job(1), Recorder()))
    await until(lambda: 1 in runner.running)
    runner.gate(101).set()
    runner.gate(102).set()
    results = await asyncio.gather(
        queue.run(job(101, "upscale"), Recorder()), queue.run(job(102, "add_text"), Recorder())
    )
    assert [r.text for r in results] == ["done 101", "done 102"]
    assert not gpu_job.done()
    runner.gate(1).set()
    await gpu_job
    await queue.close()


async def test_runner_failures_come_back_as_error_results() -> None:
    """Documented contract: runners may raise; the queue turns it into JobResult.error."""
    queue = LocalJobQueue(GatedRunner(), GPU)
    skill_error = await queue.run(job(1, fail="skill"), Recorder())
    assert skill_error.error == "That picture is too small."
    bug = await queue.run(job(2, fail="bug"), Recorder())
    assert bug.error == str(SKILL_FAILED)  # plain words for the user
    assert bug.detail == "ZeroDivisionError: oops"  # the operator's reading
    assert not bug.ok
    await queue.close()


async def test_a_job_that_waits_too_long_times_out_and_leaves_the_line() -> None:
    runner = GatedRunner()
    queue = LocalJobQueue(runner, GPU, timeout_s=0.3)
    busy = asyncio.create_task(queue.run(job(1), Recorder()))
    await until(lambda: runner.started == [1])
    third = Recorder()
    waiting = asyncio.create_task(queue.run(job(2), Recorder()))
    behind = asyncio.create_task(queue.run(job(3), third))
    timed_out = await waiting
    assert timed_out.error is not None and "longer than" in timed_out.error
    await until(lambda: third.positions()[-1:] == [1])
    runner.gate(1).set()
    runner.gate(3).set()
    await busy
    await behind
    assert 2 not in runner.started  # the abandoned job never ran
    await queue.close()


async def test_close_fails_waiting_jobs_and_refuses_new_ones() -> None:
    runner = GatedRunner()
    queue = LocalJobQueue(runner, GPU)
    running = asyncio.create_task(queue.run(job(1), Recorder()))
    await until(lambda: runner.started == [1])
    waiting = asyncio.create_task(queue.run(job(2), Recorder()))
    await asyncio.sleep(0.05)
    await queue.close()
    with pytest.raises(QueueUnavailable):
        await waiting
    with pytest.raises(QueueUnavailable):
        await queue.run(job(3), Recorder())
    runner.gate(1).set()
    assert (await running).text == "done 1"  # a started job still finishes


async def test_lazy_runner_is_built_once_when_the_first_job_runs() -> None:
    built: list[int] = []

    def factory() -> GatedRunner:
        built.append(1)
        runner = GatedRunner()
        runner.gate(1).set()
        runner.gate(101).set()
        return runner

    queue = LocalJobQueue(LazyRunner(factory), GPU)
    assert built == []
    await asyncio.gather(queue.run(job(1), Recorder()), queue.run(job(101, "upscale"), Recorder()))
    assert built == [1]
    await queue.close()


def test_gpu_skills_come_from_the_catalog() -> None:
    ids = gpu_skill_ids()
    assert "text_to_image" in ids
    assert "upscale" not in ids and "add_text" not in ids


async def test_each_progress_event_reaches_the_callback_once_on_the_loop() -> None:
    """The one hop: the runner's events arrive in order, each once, on the caller's loop."""
    events = [Progress("running", step=s, total=3) for s in (1, 1, 2, 3)]

    def runner(request: JobRequest, progress: ProgressCallback) -> JobResult:
        for event in events:
            progress(event)
        return JobResult(text="done")

    queue = LocalJobQueue(runner, GPU)
    progress = Recorder()
    result = await queue.run(job(1), progress)
    # Nothing left to deliver once `run` has returned: no sleep before looking.
    assert result.text == "done"
    assert progress.seen == [Progress("running"), *events]
    assert progress.threads == {threading.current_thread().name}
    await queue.close()


async def test_a_failing_progress_callback_does_not_fail_the_job() -> None:
    runner = GatedRunner()
    runner.gate(1).set()
    queue = LocalJobQueue(runner, GPU)

    def broken(progress: Progress) -> None:
        raise ConnectionError("chat API down")

    assert (await queue.run(job(1), broken)) == JobResult(text="done 1")
    await queue.close()


async def test_no_progress_arrives_after_a_timed_out_job_returned() -> None:
    runner = GatedRunner()
    queue = LocalJobQueue(runner, GPU, timeout_s=0.2)
    progress = Recorder()
    result = await queue.run(job(1), progress)
    assert result.error == JobTimedOut(0.2).user_message
    assert result.detail is not None and "time limit" in result.detail
    seen = len(progress.seen)
    runner.gate(1).set()  # the thread goes on and reports step 2 of 2
    await until(lambda: not runner.running)
    await asyncio.sleep(0.05)
    assert len(progress.seen) == seen
    await queue.close()


async def test_a_runner_that_cannot_be_built_fails_the_job_not_the_queue() -> None:
    def factory() -> GatedRunner:
        raise ImportError("No module named 'torch'")

    queue = LocalJobQueue(LazyRunner(factory), GPU)
    result = await queue.run(job(1), Recorder())
    assert result.error == str(SKILL_FAILED)
    assert result.detail == "ImportError: No module named 'torch'"
    await queue.close()

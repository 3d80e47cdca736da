"""CeleryJobQueue against a real Redis and real `celery worker` processes."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import redis
import typer
from typer.testing import CliRunner

from core.jobs import SKILL_FAILED, JobRequest, Progress
from core.ports import QueueUnavailable
from core.queues.celery_queue import CeleryJobQueue
from core.queues.contract import RESULT_KEY_PREFIX, waiting_key
from dialogdraw.cmd_worker import register
from pipelines.worker import worker_argv

PNG = b"\x89PNG"
# The `start_worker` fixture (conftest.py): starts a worker, returns it.
StartWorker = Callable[[], Any]


def request(job_id: int, **args: object) -> JobRequest:
    return JobRequest(job_id=job_id, skill="text_to_image", args=dict(args), seed=1)


def lines(events: Path, kind: str, job_id: int) -> list[str]:
    if not events.exists():
        return []
    return [ln for ln in events.read_text().splitlines() if ln.startswith(f"{kind} {job_id} ")]


async def until(condition: Callable[[], bool], within_s: float = 20.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


@pytest.fixture
async def queue(redis_url: str) -> AsyncIterator[CeleryJobQueue]:
    q = CeleryJobQueue(redis_url, timeout_s=45, poll_s=0.05)
    yield q
    await q.close()


async def test_jobs_wait_in_line_then_come_back_with_image_and_steps(
    queue: CeleryJobQueue, start_worker: StartWorker, events: Path
) -> None:
    first: list[Progress] = []
    second: list[Progress] = []
    a = asyncio.create_task(queue.run(request(1, steps=4, step_s=0.25), first.append))
    await until(lambda: len(first) > 0)
    b = asyncio.create_task(queue.run(request(2, color="blue"), second.append))
    await until(lambda: len(second) > 0)
    # No worker yet: both wait, in order.
    assert first == [Progress("queued", position=1)]
    assert second == [Progress("queued", position=2)]

    start_worker()
    result = await a
    assert result.ok and result.image is not None and result.image.startswith(PNG)
    assert result.model == "fake"
    steps = [p.step for p in first if p.state == "running" and p.total == 4]
    assert steps and steps == sorted(steps), first
    assert (await b).image != result.image  # its own picture, not the first one's
    assert Progress("queued", position=1) in second  # moved up when job 1 started
    assert len(lines(events, "done", 1)) == 1


async def test_a_cpu_job_reaches_only_the_cpu_queue_and_runs_once(
    queue: CeleryJobQueue, start_worker: StartWorker, events: Path, redis_url: str
) -> None:
    start_worker()
    cpu_job = JobRequest(job_id=5, skill="upscale", args={})
    assert (await queue.run(cpu_job, lambda p: None)).ok
    await asyncio.sleep(0.5)  # room for a stray copy to be picked up
    assert len(lines(events, "start", 5)) == 1
    client = redis.Redis.from_url(redis_url)
    assert client.llen("gpu") == 0 and client.llen("cpu") == 0


async def test_a_killed_worker_s_job_is_redelivered_and_completes_once(
    queue: CeleryJobQueue, start_worker: StartWorker, events: Path, tmp_path: Path
) -> None:
    hold = tmp_path / "hold"
    hold.touch()
    first = start_worker()
    job = request(7, hold_file=str(hold))
    pending = asyncio.create_task(queue.run(job, lambda p: None))
    await until(lambda: len(lines(events, "start", 7)) == 1)
    first.kill()  # the whole worker, pool process included: no chance to reject or ack
    hold.unlink()

    start_worker()
    result = await asyncio.wait_for(pending, 40)
    assert result.ok and result.image is not None and result.image.startswith(PNG)
    assert len(lines(events, "start", 7)) == 2
    assert len(lines(events, "done", 7)) == 1

    # The same job delivered again (a redelivery after completion) is answered from the
    # stored result without running the skill a second time.
    again = await queue.run(job, lambda p: None)
    assert again == result
    assert len(lines(events, "start", 7)) == 2


async def test_a_killed_pool_process_s_job_is_requeued_at_once(
    queue: CeleryJobQueue, start_worker: StartWorker, events: Path, tmp_path: Path
) -> None:
    hold = tmp_path / "hold"
    hold.touch()
    start_worker()
    pending = asyncio.create_task(queue.run(request(8, hold_file=str(hold)), lambda p: None))
    await until(lambda: len(lines(events, "start", 8)) == 1)
    pool_pid = int(lines(events, "start", 8)[0].split()[2])
    os.kill(pool_pid, signal.SIGKILL)  # the OOM killer's way
    hold.unlink()

    result = await asyncio.wait_for(pending, 40)
    assert result.ok and result.image is not None
    assert len(lines(events, "start", 8)) == 2
    assert len(lines(events, "done", 8)) == 1


async def test_a_job_nobody_takes_times_out_and_leaves_the_line(redis_url: str) -> None:
    queue = CeleryJobQueue(redis_url, timeout_s=0.5, poll_s=0.05)
    result = await queue.run(request(3), lambda p: None)
    await queue.close()
    assert result.error is not None and "longer than" in result.error
    assert redis.Redis.from_url(redis_url).zcard(waiting_key("gpu")) == 0


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port  # nothing listens once the socket is closed


@pytest.mark.parametrize(
    "url",
    [
        f"redis://127.0.0.1:{_closed_port()}/0",  # refused at once
        "redis://10.255.255.1:6379/0",  # unroutable: only the connect timeout ends it
    ],
)
async def test_unreachable_redis_raises_queue_unavailable_fast(url: str) -> None:
    queue = CeleryJobQueue(url, timeout_s=60)
    started = time.monotonic()
    with pytest.raises(QueueUnavailable):
        await queue.run(request(4), lambda p: None)
    assert time.monotonic() - started < 5
    await queue.close()


async def test_a_cancelled_wait_takes_the_job_out_of_the_line(redis_url: str) -> None:
    queue = CeleryJobQueue(redis_url, timeout_s=30, poll_s=0.05)
    seen: list[Progress] = []
    waiting = asyncio.create_task(queue.run(request(6), seen.append))
    await until(lambda: len(seen) > 0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await queue.close()
    assert redis.Redis.from_url(redis_url).zcard(waiting_key("gpu")) == 0


def test_worker_command_serves_the_gpu_one_job_at_a_time() -> None:
    app = typer.Typer()
    register(app)
    bad = CliRunner().invoke(app, ["--queues", "gpu,video"])
    assert bad.exit_code != 0 and "queues must be some of" in bad.output
    argv = worker_argv(["gpu", "cpu"], concurrency=4)
    assert "--concurrency=1" in argv and "--queues=gpu,cpu" in argv
    assert "--concurrency=3" in worker_argv(["cpu"], concurrency=3)


async def test_a_crashing_skill_on_a_real_worker_fails_with_the_one_message(
    queue: CeleryJobQueue, start_worker: StartWorker, events: Path
) -> None:
    start_worker()
    bug = await queue.run(request(11, fail="bug"), lambda p: None)
    assert not bug.ok
    assert bug.error == str(SKILL_FAILED)  # the same words as the local queue's
    assert bug.detail == "ZeroDivisionError: oops"
    skill = await queue.run(request(12, fail="skill"), lambda p: None)
    assert (skill.error, skill.detail) == ("That picture is too small.", "smaller than 8x8")
    # The worker survived both and still draws.
    assert (await queue.run(request(13), lambda p: None)).ok
    assert len(lines(events, "start", 11)) == 1  # a failure is an answer, not redelivered


async def test_progress_reaches_the_callback_on_the_loop_once_per_change(
    queue: CeleryJobQueue, start_worker: StartWorker
) -> None:
    start_worker()
    seen: list[tuple[Progress, str]] = []

    def record(progress: Progress) -> None:
        seen.append((progress, threading.current_thread().name))

    result = await queue.run(request(14, steps=4, step_s=0.3), record)
    assert result.ok
    assert {thread for _, thread in seen} == {threading.current_thread().name}
    updates = [p for p, _ in seen]
    assert all(a != b for a, b in itertools.pairwise(updates)), updates
    steps = [p.step for p in updates if p.total == 4]
    assert steps and steps == sorted(steps), updates


async def test_a_failing_progress_callback_does_not_fail_a_celery_job(
    queue: CeleryJobQueue, start_worker: StartWorker
) -> None:
    start_worker()

    def broken(progress: Progress) -> None:
        raise ConnectionError("chat API down")

    assert (await queue.run(request(15), broken)).ok


@pytest.mark.parametrize(
    "stored",
    [
        # What Celery stores when the hard time limit killed the pool process.
        {"status": "FAILURE", "result": {"exc_type": "TimeLimitExceeded", "exc_message": [90]}},
        {"status": "REVOKED", "result": {"exc_type": "TaskRevokedError", "exc_message": []}},
        {"status": "SUCCESS", "result": {"image": "not base64!"}},
        "not json at all",
    ],
)
async def test_a_task_that_died_is_a_failed_result(
    queue: CeleryJobQueue, redis_url: str, stored: object
) -> None:
    """No worker here: the task's end is written where Celery would write it."""
    client = redis.Redis.from_url(redis_url)
    raw = stored if isinstance(stored, str) else json.dumps(stored)
    client.set(RESULT_KEY_PREFIX + "lost-16", raw)
    job = JobRequest(job_id=16, skill="text_to_image", args={}, task_id="lost-16")
    result = await queue.run(job, lambda p: None)
    assert not result.ok
    assert result.error == str(SKILL_FAILED)
    assert result.detail is not None and result.detail.startswith("TaskLost: task lost-16")

"""The embedded job queue: jobs run in threads of the bot process, no broker needed.

GPU-bound skills share one thread, so two diffusion pipelines never fight over the
same GPU memory; CPU skills (upscale, add_text, ...) run beside them in a small
pool. While a job waits, its caller hears its place in line; while it runs, the
runner's steps. Progress is produced on worker threads and handed to the event
loop with `call_soon_threadsafe`, because the callbacks edit chat messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from core.jobs import (
    JobRequest,
    JobResult,
    JobRunner,
    Progress,
    ProgressCallback,
    SkillError,
    failure_result,
)
from core.ports import QueueUnavailable

log = logging.getLogger(__name__)


class LazyRunner:
    """A JobRunner built on first use: the composition root hands over a factory so
    that torch and the pipelines are imported when the first job runs, not at start."""

    def __init__(self, factory: Callable[[], JobRunner]) -> None:
        self._factory = factory
        self._runner: JobRunner | None = None
        self._lock = threading.Lock()

    def __call__(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        with self._lock:  # the GPU and CPU threads may both arrive first
            if self._runner is None:
                self._runner = self._factory()
            runner = self._runner
        return runner(request, progress)


def run_safely(runner: JobRunner, request: JobRequest, progress: ProgressCallback) -> JobResult:
    """Run a job; any failure becomes a result the user can read instead of an exception,
    so one broken skill never takes the queue (or a Celery worker) down with it."""
    try:
        return runner(request, progress)
    except SkillError as e:
        log.warning("job %s (%s): %s", request.job_id, request.skill, e.detail or e.user_message)
        return failure_result(e)
    except Exception as e:
        log.exception("job %s (%s) failed", request.job_id, request.skill)
        return failure_result(e)


def _on_loop(loop: asyncio.AbstractEventLoop, callback: ProgressCallback) -> ProgressCallback:
    def deliver(progress: Progress) -> None:
        try:
            callback(progress)
        except Exception:  # a failed status edit must not fail the job
            log.exception("progress callback failed")

    def report(progress: Progress) -> None:
        # A closed loop means nobody is listening any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver, progress)

    return report


@dataclass(eq=False)
class _Ticket:
    request: JobRequest
    report: ProgressCallback
    position: int = 0
    # Set when the caller stopped waiting (timeout, cancel): its progress goes nowhere.
    abandoned: threading.Event = field(default_factory=threading.Event)

    def tell(self, progress: Progress) -> None:
        if not self.abandoned.is_set():
            self.report(progress)


class _Lane:
    """One executor plus the line of tickets waiting for it, to tell positions."""

    def __init__(self, name: str, workers: int) -> None:
        self.workers = workers
        self.executor = ThreadPoolExecutor(workers, thread_name_prefix=f"dialogdraw-{name}")
        self.waiting: list[_Ticket] = []
        self.running = 0
        self.lock = threading.Lock()

    def enqueue(self, ticket: _Ticket) -> None:
        with self.lock:
            self.waiting.append(ticket)
            position = self._place(len(self.waiting) - 1)
            if position:
                ticket.position = position
                ticket.tell(Progress("queued", position=position))

    def _place(self, index: int) -> int:
        """1-based place in line of the ticket at `index`, 0 if a free thread takes it.

        Tickets at the head of `waiting` may be about to start on an idle thread: they
        are not ahead of anyone.
        """
        free = max(0, self.workers - self.running)
        return max(0, index + 1 - free)

    def start(self, ticket: _Ticket) -> None:
        with self.lock:
            self.running += 1
            self._leave(ticket)

    def finish(self) -> None:
        with self.lock:
            self.running -= 1

    def forget(self, ticket: _Ticket) -> None:
        with self.lock:
            self._leave(ticket)

    def _leave(self, ticket: _Ticket) -> None:
        """Take a ticket out of the line; everyone behind it moves up one place."""
        if ticket not in self.waiting:
            return
        self.waiting.remove(ticket)
        for index, other in enumerate(self.waiting):
            position = self._place(index)
            if other.position and position and other.position != position:
                other.position = position
                other.tell(Progress("queued", position=position))


class LocalJobQueue:
    """`JobQueue` on threads of this process.

    A job that outlives `timeout_s` (waiting included) comes back as an error result;
    if it had already started, its thread cannot be stopped and keeps its lane busy
    until the runner returns, but its result and progress are dropped.
    """

    def __init__(
        self,
        runner: JobRunner,
        gpu_skills: set[str],
        cpu_workers: int = 2,
        timeout_s: float = 600.0,
    ) -> None:
        self._runner = runner
        self._gpu_skills = set(gpu_skills)
        self._timeout_s = timeout_s
        self._gpu = _Lane("gpu", 1)
        self._cpu = _Lane("cpu", max(1, cpu_workers))
        self._closed = False

    async def run(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        if self._closed:
            raise QueueUnavailable("the job queue is shut down")
        lane = self._gpu if request.skill in self._gpu_skills else self._cpu
        ticket = _Ticket(request, _on_loop(asyncio.get_running_loop(), progress))
        lane.enqueue(ticket)
        try:
            future: Future[JobResult] = lane.executor.submit(self._work, lane, ticket)
        except RuntimeError as e:  # shut down between the check above and here
            lane.forget(ticket)
            raise QueueUnavailable("the job queue is shut down") from e
        finished = False
        try:
            result = await asyncio.wait_for(asyncio.wrap_future(future), self._timeout_s)
            finished = True
            return result
        except TimeoutError:
            return JobResult(
                error=f"This took longer than {self._timeout_s:.0f} s, so I stopped waiting."
            )
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if self._closed and future.cancelled() and task is not None and not task.cancelling():
                raise QueueUnavailable("the job queue was shut down") from None
            raise
        finally:
            if not finished:
                ticket.abandoned.set()
                future.cancel()  # only succeeds while it still waits
                lane.forget(ticket)

    def _work(self, lane: _Lane, ticket: _Ticket) -> JobResult:
        lane.start(ticket)
        try:
            ticket.tell(Progress("running"))
            return run_safely(self._runner, ticket.request, ticket.tell)
        finally:
            lane.finish()

    async def close(self) -> None:
        """Stop taking jobs; waiting jobs end with QueueUnavailable, running ones finish."""
        self._closed = True
        for lane in (self._gpu, self._cpu):
            lane.executor.shutdown(wait=False, cancel_futures=True)

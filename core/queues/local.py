"""The embedded job queue: jobs run in threads of the bot process, no broker needed.

GPU-bound skills share one thread, so two diffusion pipelines never fight over the
same GPU memory; CPU skills (upscale, add_text, ...) run beside them in a small
pool. While a job waits, its caller hears its place in line; while it runs, the
runner's steps. Progress is produced on worker threads and makes its one hop onto
the event loop here (`_Ticket.tell`), so the caller's callback is a plain function
called on its loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from core.jobs import (
    JobRequest,
    JobResult,
    JobRunner,
    JobTimedOut,
    Progress,
    ProgressCallback,
    failure_result,
    run_job,
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


@dataclass(eq=False)
class _Ticket:
    """One job in a lane, with the way back to the event loop of the caller waiting for it.

    News may come from any thread; it is queued here and delivered on the loop, in order.
    When `run` returns, what was reported before is delivered and anything later dropped,
    so the caller never hears of a job it has already been answered about.
    """

    request: JobRequest
    loop: asyncio.AbstractEventLoop
    progress: ProgressCallback
    position: int = 0
    pending: deque[Progress] = field(default_factory=deque)
    ended: bool = False  # set on the loop; worker threads only read it

    def tell(self, update: Progress) -> None:
        if self.ended:  # a job still running after its caller gave up: nobody to tell
            return
        self.pending.append(update)
        # A closed loop means nobody is listening any more.
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(self.deliver)

    def deliver(self) -> None:
        while self.pending and not self.ended:
            update = self.pending.popleft()
            try:
                self.progress(update)
            except Exception:  # a failed status edit must not fail the job
                log.exception("job %s: progress callback failed", self.request.job_id)

    def end(self) -> None:
        self.deliver()
        self.ended = True


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
        ticket = _Ticket(request, asyncio.get_running_loop(), progress)
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
            return failure_result(JobTimedOut(self._timeout_s))
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if self._closed and future.cancelled() and task is not None and not task.cancelling():
                raise QueueUnavailable("the job queue was shut down") from None
            raise
        finally:
            ticket.end()
            if not finished:
                future.cancel()  # only succeeds while it still waits
                lane.forget(ticket)

    def _work(self, lane: _Lane, ticket: _Ticket) -> JobResult:
        lane.start(ticket)
        try:
            ticket.tell(Progress("running"))
            return run_job(self._runner, ticket.request, ticket.tell)
        finally:
            lane.finish()

    async def close(self) -> None:
        """Stop taking jobs; waiting jobs end with QueueUnavailable, running ones finish."""
        self._closed = True
        for lane in (self._gpu, self._cpu):
            lane.executor.shutdown(wait=False, cancel_futures=True)

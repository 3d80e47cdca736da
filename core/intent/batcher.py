"""Decisions asked for at the same time are decided together.

The bot decides each conversation's turn in a thread of its own (`asyncio.to_thread`), and
an intent worker serves each task in a thread of its own, so concurrent conversations are
concurrent `submit` calls. Each call leaves a ticket; one caller at a time leads: it takes
the tickets waiting (up to `max_batch`) and decides them in one batch under the model's
lock, while the others wait for their ticket to be answered (and return the moment it is,
so that they can ask again while the next batch forms). There is no thread of its own,
nothing to start or stop.

A caller that finds fewer tickets waiting than the last batch had waits up to `window_s`
for the rest: conversations decided together come back together (each one's next request
follows its answer within milliseconds when a benchmark or a worker's queue drives them),
and without the wait a batch of 8 would split into 1 + 7 for good. After a batch of one,
nobody waits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

R = TypeVar("R")
D = TypeVar("D")


@dataclass
class _Ticket(Generic[R, D]):
    request: R
    result: D | None = None
    error: Exception | None = None
    done: bool = False


class DecisionBatcher(Generic[R, D]):
    def __init__(
        self,
        decide: Callable[[list[R]], list[D]],
        lock: threading.RLock,
        max_batch: int = 8,
        window_s: float = 0.01,
    ) -> None:
        self._decide = decide
        self._lock = lock  # the model's: swaps and chats wait for a batch to end
        self.max_batch = max(1, max_batch)
        self.window_s = window_s
        self._waiting: list[_Ticket[R, D]] = []
        self._state = threading.Condition()
        self._leading = False  # a caller is collecting or deciding a batch
        self._last_size = 1

    def submit(self, request: R) -> D:
        """The decision about `request`, decided alone or in a batch with others."""
        ticket: _Ticket[R, D] = _Ticket(request)
        with self._state:
            self._waiting.append(ticket)
            self._state.notify_all()
        while not self._wait_or_lead(ticket):
            try:
                batch = self._collect()
                with self._lock:
                    self._run(batch)
            finally:
                with self._state:
                    self._leading = False
                    # Those answered go at once, without waiting for any lock.
                    self._state.notify_all()
        if ticket.error is not None:
            raise ticket.error
        assert ticket.result is not None
        return ticket.result

    def _wait_or_lead(self, ticket: _Ticket[R, D]) -> bool:
        """True once `ticket` is answered; False when its caller is to lead a batch."""
        with self._state:
            while not ticket.done:
                if not self._leading:
                    self._leading = True
                    return False
                self._state.wait()
            return True

    def _collect(self) -> list[_Ticket[R, D]]:
        want = min(self.max_batch, self._last_size)
        deadline = time.monotonic() + self.window_s
        with self._state:
            while len(self._waiting) < want and (left := deadline - time.monotonic()) > 0:
                self._state.wait(left)
            batch = self._waiting[: self.max_batch]
            del self._waiting[: self.max_batch]
        self._last_size = len(batch)
        return batch

    def _run(self, batch: list[_Ticket[R, D]]) -> None:
        try:
            results = self._decide([t.request for t in batch])
            for ticket, result in zip(batch, results, strict=True):
                ticket.result = result
        except Exception as exc:  # every caller of the batch gets the error, none hangs
            for ticket in batch:
                ticket.error = exc
        finally:
            for ticket in batch:
                if ticket.result is None and ticket.error is None:
                    ticket.error = RuntimeError("the batch of decisions was interrupted")
                ticket.done = True

"""Retrying a delivery to a chat platform: a few tries, with backoff, within a deadline.

The engine marks an answer delivered only when the outbound returns its message id, and
tries again later when it raises; so a delivery retries what may pass in seconds and raises
once it gives up, instead of returning nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """How hard one delivery tries before it gives up."""

    attempts: int = 4
    """Tries in all, the first included."""
    base_s: float = 1.0
    """Wait after the first failure; it doubles after each further one."""
    cap_s: float = 8.0
    """Longest wait of our own between two tries."""
    max_asked_s: float = 30.0
    """Longest wait a platform may ask for (flood control); a longer one fails at once."""
    deadline_s: float = 120.0
    """Everything, library-internal retries and sleeps included, ends by then. Telegram's
    rate limiter sleeps any retry_after it is given and discord.py sleeps any 429: without a
    deadline one turn could wait for an hour."""

    def wait(self, failures: int) -> float:
        return min(self.cap_s, self.base_s * 2 ** (failures - 1))


def never_asked(exc: Exception) -> float | None:
    return None


async def deliver(
    attempt: Callable[[], Awaitable[T]],
    *,
    transient: Callable[[Exception], bool],
    asked_wait: Callable[[Exception], float | None] = never_asked,
    backoff: Backoff,
    what: str,
) -> T:
    """`attempt()` until it succeeds. `asked_wait(exc)` is the wait a platform asked for before
    the next try; otherwise `transient(exc)` decides between our backoff and raising now.

    `attempt` is called afresh each time: it must rebuild whatever a try consumes (uploads).
    Raises the last error, or TimeoutError when the deadline passes.
    """
    async with asyncio.timeout(backoff.deadline_s):
        for failures in range(1, backoff.attempts + 1):
            try:
                return await attempt()
            except Exception as exc:
                asked = asked_wait(exc)
                if asked is None and not transient(exc):
                    raise
                if failures == backoff.attempts or (asked or 0) > backoff.max_asked_s:
                    raise
                wait = backoff.wait(failures) if asked is None else asked
                log.warning(
                    "sending %s failed (%s: %s); try %d of %d in %.1f s",
                    what,
                    type(exc).__name__,
                    exc,
                    failures + 1,
                    backoff.attempts,
                    wait,
                )
                await asyncio.sleep(wait)
    raise AssertionError("unreachable: the last try returns or raises")

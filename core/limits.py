"""Per-user rate limiting: a sliding one-minute window kept in memory."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._events: defaultdict[str, deque[float]] = defaultdict(deque)
        self._told_until: dict[str, float] = {}

    def allow(self, who: str) -> bool:
        """Count one request of `who`; False when the last minute already had the limit."""
        if self.per_minute <= 0:
            return True
        now = self._clock()
        events = self._events[who]
        while events and now - events[0] >= 60.0:
            events.popleft()
        if len(events) >= self.per_minute:
            return False
        events.append(now)
        return True

    def first_refusal(self, who: str) -> bool:
        """True for the first refusal of a flood, so a burst gets one warning, not one each."""
        now = self._clock()
        if now < self._told_until.get(who, 0.0):
            return False
        self._told_until[who] = now + self.retry_after(who)
        return True

    def retry_after(self, who: str) -> float:
        events = self._events.get(who)
        if not events:
            return 0.0
        return max(0.0, 60.0 - (self._clock() - events[0]))

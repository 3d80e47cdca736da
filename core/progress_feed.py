"""A running job's progress, shown as its status message without flooding the platform."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

from core.jobs import Progress

# Edits closer together than this are dropped (the last step always shows).
MIN_SPACING_S = 1.0


class ProgressFeed:
    """`report` is the queue's progress callback: the queue calls it on the event loop
    (the one hop from a worker happens inside the queue), so it only schedules the edit.
    `settle` waits for the edits in flight, so none lands after the status is cleared."""

    def __init__(self, show: Callable[[str], Coroutine[Any, Any, None]], language: str) -> None:
        self._show = show
        self._language = language
        self._text = ""
        self._at = 0.0
        self._edits: set[asyncio.Task[None]] = set()

    def report(self, progress: Progress) -> None:
        text = progress.describe(self._language)
        now = time.monotonic()
        final = bool(progress.total) and progress.step == progress.total
        if text == self._text or (now - self._at < MIN_SPACING_S and not final and self._text):
            return
        self._text, self._at = text, now
        task = asyncio.get_running_loop().create_task(self._show(text))
        self._edits.add(task)  # a reference, so the task is not collected mid-edit
        task.add_done_callback(self._edits.discard)

    async def settle(self) -> None:
        if self._edits:
            await asyncio.gather(*self._edits, return_exceptions=True)

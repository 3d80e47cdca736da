"""The one status message of a turn ("⏳ Queued…", "🎨 Working… step 3/30"), kept cosmetic.

Platforms punish rapid edits of one message (Telegram's flood control answers them with waits
of minutes, and its rate limiter then halts every request of the bot), and a status that
fails must never fail or delay the job it reports on. So edits are spaced out, the latest text
is shown once the spacing allows, a wait the platform asks for is kept, and errors are logged
and dropped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from bot.retry import never_asked

log = logging.getLogger(__name__)

# At most one edit per status message this often: progress every few seconds is plenty,
# and it stays far below Telegram's and Discord's limits on editing one message.
EDIT_EVERY_S = 3.0
# Longest one status request may take, the libraries' own retries and flood waits included:
# the result waits for the status lock, so a stuck edit must not hold it back.
REQUEST_TIMEOUT_S = 10.0
# A job done within this long needs no status at all: posting, editing and deleting one
# would be three requests (and a flicker in the chat) for nothing. Under load those
# requests are most of what a bot sends, and Telegram limits a bot to ~30 a second.
POST_AFTER_S = 1.0


class StatusMessage:
    """Posts the status on the first text, edits it for later ones, deletes it on clear.

    `post`, `edit` and `delete` make the platform calls (the caller keeps the message they
    make); `asked_wait` reads the wait out of a platform's flood-control error.
    """

    def __init__(
        self,
        post: Callable[[str], Awaitable[None]],
        edit: Callable[[str], Awaitable[None]],
        delete: Callable[[], Awaitable[None]],
        *,
        asked_wait: Callable[[Exception], float | None] = never_asked,
        every_s: float = EDIT_EVERY_S,
        timeout_s: float = REQUEST_TIMEOUT_S,
        post_after_s: float | None = None,
    ) -> None:
        self._post, self._edit, self._delete = post, edit, delete
        self._asked_wait = asked_wait
        self.every_s = every_s
        self.timeout_s = timeout_s
        self.post_after_s = POST_AFTER_S if post_after_s is None else post_after_s
        self._asked = False  # show() was called once: the grace before the post has begun
        self._posted = False
        self._shown = ""  # what the platform shows
        self._wanted = ""  # the latest text asked for
        self._quiet_until = 0.0  # no request before this (time.monotonic)
        self._done = False
        # One request at a time keeps a single status message instead of two racing posts.
        self._lock = asyncio.Lock()
        self._later: asyncio.Task[None] | None = None

    async def show(self, text: str) -> None:
        # Progress from worker threads can arrive after the result: it must not resurrect it.
        if self._done:
            return
        if not self._asked:
            self._asked = True
            self._quiet_until = max(self._quiet_until, time.monotonic() + self.post_after_s)
        self._wanted = text
        async with self._lock:
            await self._catch_up()

    async def clear(self) -> None:
        self._done = True
        async with self._lock:
            if self._later is not None:
                # It is sleeping or waiting for the lock we hold: no request is cut off.
                self._later.cancel()
                self._later = None
            if self._posted:
                self._posted = False
                await self._request("delete the status message", self._delete())

    async def _catch_up(self) -> None:
        """Under the lock: show the latest text now, or when the next request is allowed."""
        if self._done or self._wanted == self._shown:
            return
        wait = self._quiet_until - time.monotonic()
        if wait > 0:
            if self._later is None:
                self._later = asyncio.create_task(self._catch_up_later(wait))
            return
        text, first = self._wanted, not self._posted
        call = self._post(text) if first else self._edit(text)
        if await self._request("post the status" if first else "edit the status", call):
            self._shown, self._posted = text, True
            if first:
                return  # the first edit may follow at once: "queued" → "working" is news
        # After an edit, and after a failure, the next request waits.
        self._quiet_until = max(self._quiet_until, time.monotonic() + self.every_s)

    async def _catch_up_later(self, wait: float) -> None:
        await asyncio.sleep(wait)
        async with self._lock:
            self._later = None
            await self._catch_up()

    async def _request(self, what: str, call: Awaitable[None]) -> bool:
        try:
            await asyncio.wait_for(call, self.timeout_s)
        except Exception as exc:
            asked = self._asked_wait(exc)
            if asked is None and isinstance(exc, TimeoutError):
                # Most likely a library sleeping out a flood wait we were not shown.
                asked = self.timeout_s
            if asked:
                self._quiet_until = max(self._quiet_until, time.monotonic() + asked)
            reason = str(exc) or f"no answer within {self.timeout_s:g} s"
            log.warning("could not %s: %s: %s", what, type(exc).__name__, reason)
            return False
        return True

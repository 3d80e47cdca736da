"""Writes to the one SQLite connection: whole transactions, a busy database waited out,
a full disk named as such.

Every coroutine of the process shares one aiosqlite connection, so a transaction is
only whole if no other coroutine commits in the middle of it: all writes take one
asyncio lock, and a transaction holds it from BEGIN to COMMIT. Another process holding
the database (a backup, an admin's sqlite3 shell) makes SQLite answer "database is
locked"; that is retried with backoff for `busy_wait_s` before the user is told.
"""

from __future__ import annotations

import asyncio
import contextvars
import errno
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import aiosqlite

from core.phrasebook import phrase

log = logging.getLogger(__name__)

T = TypeVar("T")

# SQLite's own wait per attempt (PRAGMA busy_timeout) is kept short so that this module's
# retries, which log and back off, decide how long a turn waits in all.
BUSY_TIMEOUT_MS = 1000


class StoreError(Exception):
    """The store cannot write now; `words` say so to the user (core.phrasebook)."""

    words = phrase("store_unavailable")


class StoreBusy(StoreError):
    words = phrase("store_busy")


class StoreFull(StoreError):
    words = phrase("store_full")


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def is_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower()


def as_store_error(exc: BaseException) -> StoreError | None:
    """The StoreError a low-level failure stands for, or None if it is something else."""
    if isinstance(exc, StoreError):
        return exc
    if is_full(exc):
        return StoreFull(str(exc))
    if is_busy(exc):
        return StoreBusy(str(exc))
    return None


_in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "dialogdraw_store_transaction", default=False
)


class Writes:
    def __init__(self, db: aiosqlite.Connection, busy_wait_s: float = 30.0) -> None:
        self.db = db
        self.busy_wait_s = busy_wait_s
        self._lock = asyncio.Lock()

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Cursor:
        """One statement, committed now unless it runs inside `transaction()`."""
        if _in_transaction.get():
            return await self._retrying(lambda: self.db.execute(sql, params))
        async with self.transaction():
            return await self._retrying(lambda: self.db.execute(sql, params))

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        async with self.transaction():
            await self._retrying(lambda: self.db.executemany(sql, rows))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """All writes inside commit together or not at all. Nested use joins the outer one."""
        if _in_transaction.get():
            yield
            return
        async with self._lock:
            token = _in_transaction.set(True)
            try:
                # IMMEDIATE takes the write lock at once, so a busy database is met (and
                # waited out) here, before any of the transaction's work is done.
                await self._retrying(lambda: self.db.execute("BEGIN IMMEDIATE"))
                try:
                    yield
                    await self._retrying(self.db.commit)
                except BaseException as exc:
                    await self._rollback()
                    error = as_store_error(exc)
                    if error is not None and error is not exc:
                        log.error("store write failed: %s", exc)
                        raise error from exc
                    raise
            finally:
                _in_transaction.reset(token)

    async def _rollback(self) -> None:
        try:
            await self.db.rollback()
        except sqlite3.Error:
            log.exception("rollback failed")

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.busy_wait_s
        delay = 0.05
        while True:
            try:
                return await call()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    error = as_store_error(exc)
                    if error is not None:
                        log.error("store write failed: %s", exc)
                        raise error from exc
                    raise
                if time.monotonic() + delay > deadline:
                    log.error("the database stayed locked for %.0f s: %s", self.busy_wait_s, exc)
                    raise StoreBusy(str(exc)) from exc
                log.warning("the database is locked (%s); retrying in %.2f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)

"""The store: one aiosqlite connection in WAL mode and its typed repositories, no SQL
outside core.store.

The Store opens and closes the database, applies the migrations and owns the one write
lock (core.store.writes); each kind of record has its repository, all on that connection
and lock, so `async with store.transaction():` spans writes of several of them.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from core.store.blobs import BlobStore
from core.store.chat_settings import ChatSettings
from core.store.conversations import Conversations
from core.store.decisions import Decisions
from core.store.feedback import FeedbackLog
from core.store.images import Images
from core.store.inbox import UpdateInbox
from core.store.jobs import JobTable
from core.store.messages import Messages
from core.store.migrate import MIGRATIONS_DIR, apply_migrations
from core.store.pairs import PreferencePairs
from core.store.query import fetch_one
from core.store.versions import ModelVersions
from core.store.writes import BUSY_TIMEOUT_MS, Writes


@dataclass(frozen=True)
class Stats:
    """What /stats reports."""

    conversations: int
    turns: int
    images: int
    feedback: int
    pairs: int
    # The active model version's name, "none" when none is recorded.
    model_version: str


class Store:
    def __init__(
        self, db: aiosqlite.Connection, blobs: BlobStore, busy_wait_s: float = 30.0
    ) -> None:
        self.db = db
        self.blobs = blobs
        # All writes go through here: whole transactions, a locked database waited out.
        self.writes = Writes(db, busy_wait_s)
        self.conversations = Conversations(db, self.writes)
        self.images = Images(db, self.writes, blobs)
        self.messages = Messages(db, self.writes, self.images)
        self.decisions = Decisions(db, self.writes)
        self.jobs = JobTable(db, self.writes, blobs)
        self.feedback = FeedbackLog(db, self.writes)
        self.pairs = PreferencePairs(db, self.writes)
        self.versions = ModelVersions(db, self.writes)
        self.inbox = UpdateInbox(db, self.writes)
        self.chat_settings = ChatSettings(db, self.writes)

    @classmethod
    async def open(
        cls,
        path: Path,
        blob_dir: Path,
        migrations: Path = MIGRATIONS_DIR,
        *,
        busy_wait_s: float = 30.0,
    ) -> Store:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path)
        db.row_factory = aiosqlite.Row
        await db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await apply_migrations(db, migrations)
        return cls(db, BlobStore(blob_dir), busy_wait_s)

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """Writes inside commit together: one answer's rows, never half of them."""
        return self.writes.transaction()

    async def close(self) -> None:
        await self.db.close()

    async def stats(self) -> Stats:
        active = await self.versions.active()
        return Stats(
            conversations=await self._count("SELECT COUNT(*) FROM conversations"),
            turns=await self._count(
                "SELECT COUNT(*) FROM messages WHERE role = 'user' AND kind = 'turn'"
            ),
            images=await self._count("SELECT COUNT(*) FROM images"),
            feedback=await self._count("SELECT COUNT(*) FROM feedback"),
            pairs=await self._count("SELECT COUNT(*) FROM preference_pairs"),
            model_version=active.name if active else "none",
        )

    async def _count(self, sql: str) -> int:
        row = await fetch_one(self.db, sql)
        return int(row[0])

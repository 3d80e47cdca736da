"""The jobs table: a job's life from queued to delivered, and the jobs a restart left behind."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import aiosqlite

from core.store.blobs import BlobStore
from core.store.repository import Repository, to_json
from core.store.writes import Writes, as_store_error

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True)
class JobRow:
    """A job with what it takes to finish and deliver it: the turn that asked for it."""

    id: int
    decision_id: int
    skill: str
    args: dict[str, Any]
    seed: int
    status: str
    owner: str | None
    task_id: str | None
    error: str | None
    result_image_id: int | None
    delivered: bool
    age_s: float
    # The content filter's score of the result (None: not checked) and the blob of a
    # result it refused (kept for the operator; never sent, never an image of the chat).
    safety_score: float | None
    withheld_blob: str | None
    # the turn
    message_id: int
    conversation_id: int
    user_id: int
    platform_user_id: str
    display_name: str
    platform: str
    chat_id: str
    thread_id: str
    platform_message_id: str | None

    @property
    def ended(self) -> bool:
        return self.status in ("done", "failed")

    @classmethod
    def from_row(cls, row: Any) -> JobRow:
        return cls(
            id=row["id"],
            decision_id=row["decision_id"],
            skill=row["skill"],
            args=json.loads(row["args_json"]),
            seed=row["seed"],
            status=row["status"],
            owner=row["owner"],
            task_id=row["task_id"],
            error=row["error"],
            result_image_id=row["result_image_id"],
            delivered=row["delivered_at"] is not None,
            age_s=float(row["age_s"] or 0.0),
            safety_score=row["safety_score"],
            withheld_blob=row["withheld_blob"],
            message_id=row["message_id"],
            conversation_id=row["conversation_id"],
            user_id=row["user_id"],
            platform_user_id=row["platform_user_id"],
            display_name=row["display_name"],
            platform=row["platform"],
            chat_id=row["chat_id"],
            thread_id=row["thread_id"],
            platform_message_id=row["platform_message_id"],
        )


_SELECT = (
    "SELECT j.*, d.message_id, m.conversation_id, m.user_id, m.platform_message_id,"
    " u.platform_user_id, u.display_name, c.platform, c.chat_id, c.thread_id,"
    " (julianday('now') - julianday(j.queued_at)) * 86400.0 AS age_s"
    " FROM jobs j JOIN decisions d ON d.id = j.decision_id"
    " JOIN messages m ON m.id = d.message_id"
    " JOIN users u ON u.id = m.user_id"
    " JOIN conversations c ON c.id = m.conversation_id"
)


class JobTable(Repository):
    def __init__(self, db: aiosqlite.Connection, writes: Writes, blobs: BlobStore) -> None:
        super().__init__(db, writes)
        self.blobs = blobs

    async def add(
        self,
        decision_id: int,
        skill: str,
        args: dict[str, Any],
        seed: int,
        *,
        owner: str,
        task_id: str,
    ) -> int:
        return await self._insert(
            "INSERT INTO jobs (decision_id, skill, args_json, seed, owner, task_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (decision_id, skill, to_json(args), seed, owner, task_id),
        )

    async def started(self, job_id: int, owner: str) -> None:
        """Running (again) under `owner`, the engine run that now follows it."""
        await self.writes.execute(
            f"UPDATE jobs SET status = 'running', owner = ?, attempts = attempts + 1,"
            f" started_at = {_NOW} WHERE id = ?",
            (owner, job_id),
        )

    async def finished(
        self, job_id: int, *, error: str | None = None, result_image_id: int | None = None
    ) -> None:
        """Its result is stored; it is not delivered until `delivered` says so."""
        await self.writes.execute(
            f"UPDATE jobs SET status = ?, error = ?, result_image_id = ?, finished_at = {_NOW}"
            " WHERE id = ?",
            ("failed" if error else "done", error, result_image_id, job_id),
        )

    async def delivered(self, job_id: int) -> None:
        await self.writes.execute(
            f"UPDATE jobs SET delivered_at = {_NOW} WHERE id = ? AND delivered_at IS NULL",
            (job_id,),
        )

    async def screened(
        self, job_id: int, score: float | None, *, withheld: bytes | None = None
    ) -> None:
        """The content filter's score of the job's result; `withheld`: the result it
        refused, kept in the blob store and named on the job row only."""
        sha = None
        if withheld is not None:
            try:
                sha = await asyncio.to_thread(self.blobs.put, withheld)
            except OSError as exc:
                error = as_store_error(exc)
                if error is None:
                    raise
                raise error from exc
        await self.writes.execute(
            "UPDATE jobs SET safety_score = ?, withheld_blob = ? WHERE id = ?",
            (score, sha, job_id),
        )

    async def withheld(self, job_id: int) -> bytes | None:
        """The bytes of a result the content filter refused, for an operator's look."""
        job = await self.get(job_id)
        if job is None or job.withheld_blob is None:
            return None
        return await asyncio.to_thread(self.blobs.get, job.withheld_blob)

    async def withheld_count(self, hours: float = 24.0) -> int:
        """Results the content filter refused lately (what /stats reports)."""
        row = await self._one(
            "SELECT COUNT(*) FROM jobs WHERE withheld_blob IS NOT NULL"
            " AND julianday('now') - julianday(queued_at) < ? / 24.0",
            (hours,),
        )
        return int(row[0])

    async def get(self, job_id: int) -> JobRow | None:
        rows = await self._all(_SELECT + " WHERE j.id = ?", (job_id,))
        return JobRow.from_row(rows[0]) if rows else None

    async def live_of_user(self, user_id: int, owner: str) -> int:
        """Jobs of the user that this engine run is still working on (not orphans)."""
        rows = await self._all(
            "SELECT COUNT(*) FROM jobs j JOIN decisions d ON d.id = j.decision_id"
            " JOIN messages m ON m.id = d.message_id WHERE m.user_id = ?"
            " AND j.status IN ('queued', 'running') AND j.owner = ?",
            (user_id, owner),
        )
        return int(rows[0][0])

    async def orphans(self, platform: str, owner: str) -> list[JobRow]:
        """Jobs of `platform` that no live run follows: never finished by an earlier run,
        or finished but never delivered."""
        rows = await self._all(
            _SELECT + " WHERE j.delivered_at IS NULL AND c.platform = ?"
            " AND (j.owner IS NULL OR j.owner != ?) ORDER BY j.id",
            (platform, owner),
        )
        return [JobRow.from_row(r) for r in rows]

    async def claim(self, job_id: int, owner: str) -> bool:
        """Take an orphan over; False when another run claimed it first."""
        cur = await self.writes.execute(
            "UPDATE jobs SET owner = ? WHERE id = ? AND delivered_at IS NULL"
            " AND (owner IS NULL OR owner != ?)",
            (owner, job_id, owner),
        )
        return cur.rowcount == 1

    async def recent_failures(self, hours: float = 24.0, limit: int = 5) -> list[tuple[str, int]]:
        """The most frequent operator-facing errors of failed jobs lately, with counts."""
        rows = await self._all(
            "SELECT error, COUNT(*) AS n FROM jobs WHERE status = 'failed'"
            " AND julianday('now') - julianday(queued_at) < ? / 24.0"
            " GROUP BY error ORDER BY n DESC LIMIT ?",
            (hours, limit),
        )
        return [(str(r["error"]), int(r["n"])) for r in rows]

"""What every repository shares: reads on the one connection, writes through `Writes`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import aiosqlite

from core.store.query import fetch_all, fetch_one
from core.store.writes import Writes


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


class Repository:
    """One kind of record. Reads go straight to the connection; every write goes through
    `writes`, so it takes the process's one write lock and joins an open transaction."""

    def __init__(self, db: aiosqlite.Connection, writes: Writes) -> None:
        self.db = db
        self.writes = writes

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return await fetch_one(self.db, sql, params)

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return await fetch_all(self.db, sql, params)

    async def _insert(self, sql: str, params: Sequence[Any]) -> int:
        cur = await self.writes.execute(sql, params)
        assert cur.lastrowid is not None
        return cur.lastrowid

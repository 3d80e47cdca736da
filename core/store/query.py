"""Reads on the shared connection (writes go through core.store.writes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiosqlite


async def fetch_one(db: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    async with db.execute(sql, params) as cur:
        return await cur.fetchone()


async def fetch_all(db: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    async with db.execute(sql, params) as cur:
        return list(await cur.fetchall())

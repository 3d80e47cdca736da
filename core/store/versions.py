"""Model versions of the intent model: every trained candidate is kept, one is active
(core.learning.versions holds the rules: rollback, profiles, the gate's history)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.store.repository import Repository, to_json


@dataclass(frozen=True)
class ModelVersionRow:
    id: int
    name: str
    base: str
    adapter_path: str | None
    # The version that was active when this one was trained.
    parent_id: int | None
    # What it was trained on (files, counts, config) and how it measured.
    data: dict[str, Any]
    metrics: dict[str, Any]
    active: bool
    # 'ready', or what the gate made of a candidate: 'promoted' / 'rejected'.
    status: str
    # core.intent.profile.IntentProfile as a dict; None for versions from before profiles.
    profile: dict[str, Any] | None
    created_at: str

    @classmethod
    def from_row(cls, row: Any) -> ModelVersionRow:
        return cls(
            id=row["id"],
            name=row["name"],
            base=row["base"],
            adapter_path=row["adapter_path"],
            parent_id=row["parent_id"],
            data=json.loads(row["data_json"] or "{}"),
            metrics=json.loads(row["metrics_json"] or "{}"),
            active=bool(row["active"]),
            status=row["status"],
            profile=json.loads(row["profile_json"]) if row["profile_json"] else None,
            created_at=row["created_at"],
        )


class ModelVersions(Repository):
    async def add(
        self,
        name: str,
        base: str,
        adapter_path: str | None,
        *,
        data: dict[str, Any] | None = None,
        metrics: dict[str, Any] | None = None,
        parent_id: int | None = None,
        profile: dict[str, Any] | None = None,
    ) -> int:
        """`profile`: what the adapter was trained for (core.intent.profile), or None."""
        return await self._insert(
            "INSERT INTO model_versions (name, base, adapter_path, data_json, metrics_json,"
            " parent_id, profile_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                base,
                adapter_path,
                to_json(data or {}),
                to_json(metrics or {}),
                parent_id,
                to_json(profile) if profile is not None else None,
            ),
        )

    async def activate(self, version_id: int) -> None:
        async with self.writes.transaction():
            await self.writes.execute("UPDATE model_versions SET active = 0 WHERE active = 1")
            await self.writes.execute(
                "UPDATE model_versions SET active = 1 WHERE id = ?", (version_id,)
            )

    async def active(self) -> ModelVersionRow | None:
        row = await self._one("SELECT * FROM model_versions WHERE active = 1")
        return ModelVersionRow.from_row(row) if row else None

    async def all(self) -> list[ModelVersionRow]:
        rows = await self._all("SELECT * FROM model_versions ORDER BY id")
        return [ModelVersionRow.from_row(r) for r in rows]

    async def get(self, version_id: int) -> ModelVersionRow | None:
        row = await self._one("SELECT * FROM model_versions WHERE id = ?", (version_id,))
        return ModelVersionRow.from_row(row) if row else None

    async def set_result(self, version_id: int, status: str, metrics: dict[str, Any]) -> None:
        await self.writes.execute(
            "UPDATE model_versions SET status = ?, metrics_json = ? WHERE id = ?",
            (status, to_json(metrics), version_id),
        )

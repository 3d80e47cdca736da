"""Preference pairs: derived from decisions and reactions (core.learning.pairs), kept with
the model version whose training first used them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from core.store.repository import Repository, to_json


class DerivedPair(Protocol):
    """A pair as the learning loop derives it (core.learning.pairs.Pair)."""

    @property
    def key(self) -> str: ...
    @property
    def context(self) -> list[dict[str, Any]]: ...
    @property
    def chosen(self) -> dict[str, Any]: ...
    @property
    def rejected(self) -> dict[str, Any]: ...
    @property
    def source(self) -> str: ...
    @property
    def weight(self) -> float: ...
    @property
    def decision_id(self) -> int | None: ...


@dataclass(frozen=True)
class PairRow:
    id: int
    # Pairs written before keys existed (migration 0003) are named "row-<id>".
    pair_key: str
    context: list[dict[str, Any]]
    chosen: dict[str, Any]
    rejected: dict[str, Any]
    source: str
    weight: float
    decision_id: int | None
    # The version whose training run first used the pair; None: a new pair.
    trained_version_id: int | None

    @classmethod
    def from_row(cls, row: Any) -> PairRow:
        return cls(
            id=row["id"],
            pair_key=row["pair_key"] or f"row-{row['id']}",
            context=json.loads(row["context_json"]),
            chosen=json.loads(row["chosen_json"]),
            rejected=json.loads(row["rejected_json"]),
            source=row["source"],
            weight=row["weight"],
            decision_id=row["decision_id"],
            trained_version_id=row["trained_version_id"],
        )


class PreferencePairs(Repository):
    async def replace_derived(self, pairs: Sequence[DerivedPair]) -> None:
        """Make the keyed pairs exactly `pairs`: withdrawn ones go, the rest are upserted
        (keeping which training run first used them)."""
        keys = [p.key for p in pairs]
        async with self.writes.transaction():
            placeholders = ",".join("?" * len(keys))
            await self.writes.execute(
                "DELETE FROM preference_pairs WHERE pair_key IS NOT NULL"
                + (f" AND pair_key NOT IN ({placeholders})" if keys else ""),
                keys,
            )
            await self.writes.executemany(
                "INSERT INTO preference_pairs (pair_key, context_json, chosen_json,"
                " rejected_json, source, weight, decision_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (pair_key) WHERE pair_key IS NOT NULL DO UPDATE SET"
                " context_json = excluded.context_json, chosen_json = excluded.chosen_json,"
                " rejected_json = excluded.rejected_json, source = excluded.source,"
                " weight = excluded.weight, decision_id = excluded.decision_id",
                [
                    (
                        p.key,
                        to_json(p.context),
                        to_json(p.chosen),
                        to_json(p.rejected),
                        p.source,
                        p.weight,
                        p.decision_id,
                    )
                    for p in pairs
                ],
            )

    async def all(self) -> list[PairRow]:
        rows = await self._all("SELECT * FROM preference_pairs ORDER BY id")
        return [PairRow.from_row(r) for r in rows]

    async def new_count(self) -> int:
        """Pairs no training run has used yet."""
        row = await self._one(
            "SELECT COUNT(*) FROM preference_pairs WHERE trained_version_id IS NULL"
        )
        return int(row[0])

    async def mark_trained(self, pair_ids: Sequence[int], version_id: int) -> None:
        await self.writes.executemany(
            "UPDATE preference_pairs SET trained_version_id = ?"
            " WHERE id = ? AND trained_version_id IS NULL",
            [(version_id, i) for i in pair_ids],
        )

"""Decisions: what the intent model (or a button, an alternative, a correction) made of a
turn, with the dialogue it read — the raw material of the learning loop."""

from __future__ import annotations

from typing import Any

from core.store.repository import Repository, to_json
from core.store.rows import DecisionRow


class Decisions(Repository):
    async def add(
        self,
        message_id: int,
        skill: str,
        args: dict[str, Any],
        *,
        raw: str = "",
        alternatives: list[dict[str, Any]] | None = None,
        context: list[dict[str, Any]] | None = None,
        model_version: str = "",
        latency_ms: float = 0.0,
        source: str = "model",
        valid: bool = True,
        problem: str | None = None,
        parent_decision_id: int | None = None,
    ) -> int:
        return await self._insert(
            "INSERT INTO decisions (message_id, skill, args_json, raw, alternatives_json,"
            " context_json, model_version, latency_ms, source, valid, problem,"
            " parent_decision_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                message_id,
                skill,
                to_json(args),
                raw,
                to_json(alternatives or []),
                to_json(context or []),
                model_version,
                latency_ms,
                source,
                int(valid),
                problem,
                parent_decision_id,
            ),
        )

    async def set_alternatives(self, decision_id: int, alternatives: list[dict[str, Any]]) -> None:
        await self.writes.execute(
            "UPDATE decisions SET alternatives_json = ? WHERE id = ?",
            (to_json(alternatives), decision_id),
        )

    async def get(self, decision_id: int) -> DecisionRow | None:
        row = await self._one("SELECT * FROM decisions WHERE id = ?", (decision_id,))
        return DecisionRow.from_row(row) if row else None

    async def with_parent(self, parent_decision_id: int) -> list[DecisionRow]:
        """The alternatives and corrections that replace a decision, oldest first."""
        rows = await self._all(
            "SELECT * FROM decisions WHERE parent_decision_id = ? ORDER BY id",
            (parent_decision_id,),
        )
        return [DecisionRow.from_row(r) for r in rows]

"""The reaction log (append-only: a removed emoji is a 'removed' row, nothing is deleted)
and the rows the learning loop derives its pairs from (core.learning.pairs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.store.repository import Repository
from core.store.rows import DecisionRow, MessageRow


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    message_id: int
    # None when the reacted-to answer carried no decision.
    decision_id: int | None
    user_id: int
    emoji: str
    polarity: int
    action: str  # 'added' or 'removed'
    created_at: str

    @classmethod
    def from_row(cls, row: Any) -> FeedbackRow:
        return cls(
            id=row["id"],
            message_id=row["message_id"],
            decision_id=row["decision_id"],
            user_id=row["user_id"],
            emoji=row["emoji"],
            polarity=row["polarity"],
            action=row["action"],
            created_at=row["created_at"],
        )


@dataclass(frozen=True)
class LearningRows:
    """Everything the pair rules read, each list in id order (the order things happened)."""

    # Decisions the model or a person made that carry the dialogue they read.
    decisions: list[DecisionRow]
    # The bot's answers that carry a decision.
    answers: list[MessageRow]
    # The users' turns (commands and notices left out).
    turns: list[MessageRow]
    feedback: list[FeedbackRow]


class FeedbackLog(Repository):
    async def add(
        self,
        message_id: int,
        decision_id: int | None,
        user_id: int,
        emoji: str,
        polarity: int,
        action: str,
    ) -> int:
        return await self._insert(
            "INSERT INTO feedback (message_id, decision_id, user_id, emoji, polarity, action)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (message_id, decision_id, user_id, emoji, polarity, action),
        )

    async def of_message(self, message_id: int, user_id: int) -> list[FeedbackRow]:
        rows = await self._all(
            "SELECT * FROM feedback WHERE message_id = ? AND user_id = ? ORDER BY id",
            (message_id, user_id),
        )
        return [FeedbackRow.from_row(r) for r in rows]

    async def of_decision(self, decision_id: int) -> list[FeedbackRow]:
        rows = await self._all(
            "SELECT * FROM feedback WHERE decision_id = ? ORDER BY id", (decision_id,)
        )
        return [FeedbackRow.from_row(r) for r in rows]

    async def learning_rows(self) -> LearningRows:
        """Decisions with the dialogue they read, answers, user turns and every reaction."""
        decisions = await self._all(
            "SELECT * FROM decisions WHERE source IN ('model', 'alternative', 'correction')"
            " AND context_json != '[]' ORDER BY id"
        )
        answers = await self._all(
            "SELECT * FROM messages WHERE role = 'assistant'"
            " AND kind = 'turn' AND decision_id IS NOT NULL ORDER BY id"
        )
        turns = await self._all(
            "SELECT * FROM messages WHERE role = 'user' AND kind = 'turn' ORDER BY id"
        )
        feedback = await self._all("SELECT * FROM feedback ORDER BY id")
        return LearningRows(
            decisions=[DecisionRow.from_row(r) for r in decisions],
            answers=[MessageRow.from_row(r) for r in answers],
            turns=[MessageRow.from_row(r) for r in turns],
            feedback=[FeedbackRow.from_row(r) for r in feedback],
        )

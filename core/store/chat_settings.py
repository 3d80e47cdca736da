"""Settings an admin gives one chat (its content filter level), overriding the global ones.

A chat is (platform, chat id): a forum topic or a Discord thread follows its chat, and
the settings outlive /reset, which only opens a new conversation.
"""

from __future__ import annotations

from typing import cast, get_args

from core.safety import SafetyLevel
from core.store.repository import Repository

_LEVELS = get_args(SafetyLevel)


class ChatSettings(Repository):
    async def safety(self, platform: str, chat_id: str) -> SafetyLevel | None:
        """The chat's own content filter level; None when it follows the global setting."""
        row = await self._one(
            "SELECT safety FROM chat_settings WHERE platform = ? AND chat_id = ?",
            (platform, chat_id),
        )
        if row is None or row["safety"] not in _LEVELS:
            return None
        return cast(SafetyLevel, row["safety"])

    async def set_safety(
        self, platform: str, chat_id: str, level: SafetyLevel | None, *, by: str = ""
    ) -> None:
        """Set the chat's level (None: follow the global setting again); `by` is who did."""
        await self.writes.execute(
            "INSERT INTO chat_settings (platform, chat_id, safety, updated_by) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (platform, chat_id) DO UPDATE SET safety = excluded.safety,"
            " updated_by = excluded.updated_by,"
            " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            (platform, chat_id, level, by),
        )

    async def with_own_safety(self) -> int:
        """How many chats have a level of their own (what /stats reports)."""
        row = await self._one("SELECT COUNT(*) FROM chat_settings WHERE safety IS NOT NULL")
        return int(row[0])

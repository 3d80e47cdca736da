"""Users and conversations: who writes, and which conversation a chat is in now."""

from __future__ import annotations

from core.messages import ConversationKey
from core.store.repository import Repository


class Conversations(Repository):
    async def ensure_user(
        self, platform: str, platform_user_id: str, display_name: str = ""
    ) -> int:
        await self.writes.execute(
            "INSERT INTO users (platform, platform_user_id, display_name) VALUES (?, ?, ?)"
            " ON CONFLICT (platform, platform_user_id) DO UPDATE SET display_name ="
            " CASE WHEN excluded.display_name != '' THEN excluded.display_name"
            " ELSE users.display_name END",
            (platform, platform_user_id, display_name),
        )
        row = await self._one(
            "SELECT id FROM users WHERE platform = ? AND platform_user_id = ?",
            (platform, platform_user_id),
        )
        return int(row["id"])

    async def open(self, key: ConversationKey) -> int:
        """The open conversation of this key, created on first use."""
        sql = (
            "SELECT id FROM conversations WHERE platform = ? AND chat_id = ? AND thread_id = ?"
            " AND closed_at IS NULL"
        )
        params = (key.platform, key.chat_id, key.thread_id)
        row = await self._one(sql, params)
        if row:
            return int(row["id"])
        # Looked up again inside the write transaction: two first messages of a chat
        # arriving together must open one conversation, not trip the unique index.
        async with self.writes.transaction():
            row = await self._one(sql, params)
            if row:
                return int(row["id"])
            return await self._insert(
                "INSERT INTO conversations (platform, chat_id, thread_id) VALUES (?, ?, ?)",
                params,
            )

    async def close(self, key: ConversationKey) -> None:
        """/reset: the next message on this key opens a new conversation."""
        await self.writes.execute(
            "UPDATE conversations SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE platform = ? AND chat_id = ? AND thread_id = ? AND closed_at IS NULL",
            (key.platform, key.chat_id, key.thread_id),
        )

    async def key(self, conversation_id: int) -> ConversationKey:
        row = await self._one(
            "SELECT platform, chat_id, thread_id FROM conversations WHERE id = ?",
            (conversation_id,),
        )
        return ConversationKey(row["platform"], row["chat_id"], row["thread_id"])

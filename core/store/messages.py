"""Messages of a conversation: the turns the intent model reads, commands and notices."""

from __future__ import annotations

import aiosqlite

from core.dialogue import DialogueMessage, ImageInfo
from core.store.images import Images
from core.store.repository import Repository
from core.store.rows import MessageRow
from core.store.writes import Writes


class Messages(Repository):
    def __init__(self, db: aiosqlite.Connection, writes: Writes, images: Images) -> None:
        super().__init__(db, writes)
        # The dialogue carries each turn's image refs.
        self.images = images

    async def add(
        self,
        conversation_id: int,
        role: str,
        text: str,
        *,
        user_id: int | None = None,
        kind: str = "turn",
        decision_id: int | None = None,
        platform_message_id: str | None = None,
    ) -> int:
        return await self._insert(
            "INSERT INTO messages (conversation_id, user_id, role, text, kind, decision_id,"
            " platform_message_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (conversation_id, user_id, role, text, kind, decision_id, platform_message_id),
        )

    async def set_platform_message_id(self, message_id: int, platform_message_id: str) -> None:
        await self.writes.execute(
            "UPDATE messages SET platform_message_id = ? WHERE id = ?",
            (platform_message_id, message_id),
        )

    async def set_text(self, message_id: int, text: str) -> None:
        await self.writes.execute("UPDATE messages SET text = ? WHERE id = ?", (text, message_id))

    async def get(self, message_id: int) -> MessageRow | None:
        row = await self._one("SELECT * FROM messages WHERE id = ?", (message_id,))
        return MessageRow.from_row(row) if row else None

    async def find_platform_message(
        self, platform: str, chat_id: str, platform_message_id: str
    ) -> MessageRow | None:
        """A message by its platform id, in any conversation (also closed ones) of the chat."""
        row = await self._one(
            "SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            " WHERE c.platform = ? AND c.chat_id = ? AND m.platform_message_id = ?"
            " ORDER BY m.id DESC LIMIT 1",
            (platform, chat_id, platform_message_id),
        )
        return MessageRow.from_row(row) if row else None

    async def of_conversation(self, conversation_id: int) -> list[MessageRow]:
        rows = await self._all(
            "SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        )
        return [MessageRow.from_row(r) for r in rows]

    async def last_answer(self, conversation_id: int) -> MessageRow | None:
        """The newest assistant message that carries a decision (what feedback is about)."""
        row = await self._one(
            "SELECT * FROM messages WHERE conversation_id = ? AND role = 'assistant'"
            " AND decision_id IS NOT NULL ORDER BY id DESC LIMIT 1",
            (conversation_id,),
        )
        return MessageRow.from_row(row) if row else None

    async def answer_of_decision(self, decision_id: int) -> MessageRow | None:
        """The newest answer the bot wrote for a decision (its result or its failure)."""
        row = await self._one(
            "SELECT * FROM messages WHERE role = 'assistant' AND decision_id = ?"
            " ORDER BY id DESC LIMIT 1",
            (decision_id,),
        )
        return MessageRow.from_row(row) if row else None

    async def dialogue(self, conversation_id: int) -> list[DialogueMessage]:
        """The conversation as the intent model sees it: turns with their image refs."""
        images: dict[int, list[ImageInfo]] = {}
        for img in await self.images.of_conversation(conversation_id):
            images.setdefault(img.message_id, []).append(
                ImageInfo(ref=img.ref, caption=img.caption)
            )
        turns: list[DialogueMessage] = []
        for m in await self.of_conversation(conversation_id):
            if m.kind != "turn":
                continue
            message = DialogueMessage(
                role="user" if m.role == "user" else "assistant",
                text=m.text,
                images=images.get(m.id, []),
            )
            previous = turns[-1] if turns else None
            if (
                previous is not None
                and message.role == "user"
                and previous.role == "user"
                and not previous.text
            ):
                # A photo sent first and the words typed after it are one request, as the
                # model learned them. Only a photo without words waits for its request:
                # every request with words was answered (by a result, a question or a
                # failure), so it never glues onto the next one.
                text = "\n".join(t for t in (previous.text, message.text) if t)
                message = DialogueMessage(
                    role="user", text=text, images=previous.images + message.images
                )
                turns[-1] = message
                continue
            turns.append(message)
        return turns

"""The store: one aiosqlite connection in WAL mode, typed methods, no SQL outside."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import aiosqlite

from core.dialogue import DialogueMessage, ImageInfo
from core.messages import ConversationKey
from core.store.blobs import BlobStore
from core.store.inbox import UpdateInbox
from core.store.jobs import JobTable
from core.store.migrate import MIGRATIONS_DIR, apply_migrations
from core.store.query import fetch_all, fetch_one
from core.store.rows import DecisionRow, ImageRow, MessageRow
from core.store.writes import BUSY_TIMEOUT_MS, Writes, as_store_error


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


class Store:
    def __init__(
        self, db: aiosqlite.Connection, blobs: BlobStore, busy_wait_s: float = 30.0
    ) -> None:
        self.db = db
        self.blobs = blobs
        # All writes go through here: whole transactions, a locked database waited out.
        self.writes = Writes(db, busy_wait_s)
        self.jobs = JobTable(db, self.writes)
        self.inbox = UpdateInbox(db, self.writes)

    @classmethod
    async def open(
        cls,
        path: Path,
        blob_dir: Path,
        migrations: Path = MIGRATIONS_DIR,
        *,
        busy_wait_s: float = 30.0,
    ) -> Store:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path)
        db.row_factory = aiosqlite.Row
        await db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await apply_migrations(db, migrations)
        return cls(db, BlobStore(blob_dir), busy_wait_s)

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """Writes inside commit together: one answer's rows, never half of them."""
        return self.writes.transaction()

    async def close(self) -> None:
        await self.db.close()

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return await fetch_one(self.db, sql, params)

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return await fetch_all(self.db, sql, params)

    async def _insert(self, sql: str, params: Sequence[Any]) -> int:
        cur = await self.writes.execute(sql, params)
        assert cur.lastrowid is not None
        return cur.lastrowid

    # users and conversations

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

    async def open_conversation(self, key: ConversationKey) -> int:
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

    async def close_conversation(self, key: ConversationKey) -> None:
        await self.writes.execute(
            "UPDATE conversations SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE platform = ? AND chat_id = ? AND thread_id = ? AND closed_at IS NULL",
            (key.platform, key.chat_id, key.thread_id),
        )

    async def conversation_key(self, conversation_id: int) -> ConversationKey:
        row = await self._one(
            "SELECT platform, chat_id, thread_id FROM conversations WHERE id = ?",
            (conversation_id,),
        )
        return ConversationKey(row["platform"], row["chat_id"], row["thread_id"])

    # messages

    async def add_message(
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

    async def set_message_text(self, message_id: int, text: str) -> None:
        await self.writes.execute("UPDATE messages SET text = ? WHERE id = ?", (text, message_id))

    async def message(self, message_id: int) -> MessageRow | None:
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

    async def messages(self, conversation_id: int) -> list[MessageRow]:
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
        for img in await self.images(conversation_id):
            images.setdefault(img.message_id, []).append(
                ImageInfo(ref=img.ref, caption=img.caption)
            )
        turns: list[DialogueMessage] = []
        for m in await self.messages(conversation_id):
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

    # images

    async def add_image(
        self,
        conversation_id: int,
        message_id: int,
        data: bytes,
        *,
        mime_type: str,
        width: int,
        height: int,
        caption: str,
        origin: str,
        parent_image_id: int | None = None,
        skill: str | None = None,
        args: dict[str, Any] | None = None,
        seed: int | None = None,
        model: str | None = None,
    ) -> ImageRow:
        try:
            sha = await asyncio.to_thread(self.blobs.put, data)
        except OSError as exc:
            error = as_store_error(exc)
            if error is None:
                raise
            raise error from exc
        # Image numbers (#N) are allocated read-then-insert: one transaction.
        async with self.writes.transaction():
            row = await self._one(
                "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM images WHERE conversation_id = ?",
                (conversation_id,),
            )
            image_id = await self._insert(
                "INSERT INTO images (conversation_id, number, message_id, sha256, mime_type,"
                " width, height, caption, origin, parent_image_id, skill, args_json, seed, model)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    row["n"],
                    message_id,
                    sha,
                    mime_type,
                    width,
                    height,
                    caption,
                    origin,
                    parent_image_id,
                    skill,
                    _json(args) if args is not None else None,
                    seed,
                    model,
                ),
            )
        image = await self.image(image_id)
        assert image is not None
        return image

    async def image(self, image_id: int) -> ImageRow | None:
        row = await self._one("SELECT * FROM images WHERE id = ?", (image_id,))
        return ImageRow.from_row(row) if row else None

    async def images(self, conversation_id: int) -> list[ImageRow]:
        rows = await self._all(
            "SELECT * FROM images WHERE conversation_id = ? ORDER BY number", (conversation_id,)
        )
        return [ImageRow.from_row(r) for r in rows]

    async def image_by_ref(self, conversation_id: int, ref: str) -> ImageRow | None:
        if not ref.startswith("#") or not ref[1:].isdigit():
            return None
        row = await self._one(
            "SELECT * FROM images WHERE conversation_id = ? AND number = ?",
            (conversation_id, int(ref[1:])),
        )
        return ImageRow.from_row(row) if row else None

    async def images_of_message(self, message_id: int) -> list[ImageRow]:
        rows = await self._all(
            "SELECT * FROM images WHERE message_id = ? ORDER BY number", (message_id,)
        )
        return [ImageRow.from_row(r) for r in rows]

    async def read_image(self, image: ImageRow) -> bytes:
        return await asyncio.to_thread(self.blobs.get, image.sha256)

    # decisions, jobs, feedback

    async def add_decision(
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
                _json(args),
                raw,
                _json(alternatives or []),
                _json(context or []),
                model_version,
                latency_ms,
                source,
                int(valid),
                problem,
                parent_decision_id,
            ),
        )

    async def set_decision_alternatives(
        self, decision_id: int, alternatives: list[dict[str, Any]]
    ) -> None:
        await self.writes.execute(
            "UPDATE decisions SET alternatives_json = ? WHERE id = ?",
            (_json(alternatives), decision_id),
        )

    async def decision(self, decision_id: int) -> DecisionRow | None:
        row = await self._one("SELECT * FROM decisions WHERE id = ?", (decision_id,))
        return DecisionRow.from_row(row) if row else None

    async def decisions_with_parent(self, parent_decision_id: int) -> list[DecisionRow]:
        rows = await self._all(
            "SELECT * FROM decisions WHERE parent_decision_id = ? ORDER BY id",
            (parent_decision_id,),
        )
        return [DecisionRow.from_row(r) for r in rows]

    async def job(self, job_id: int) -> dict[str, Any] | None:
        row = await self._one("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return dict(row) if row else None

    async def add_feedback(
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

    async def feedback_of_message(self, message_id: int, user_id: int) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT * FROM feedback WHERE message_id = ? AND user_id = ? ORDER BY id",
            (message_id, user_id),
        )
        return [dict(r) for r in rows]

    async def feedback_of_decision(self, decision_id: int) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT * FROM feedback WHERE decision_id = ? ORDER BY id", (decision_id,)
        )
        return [dict(r) for r in rows]

    # updates, stats, model versions

    async def stats(self) -> dict[str, Any]:
        counts: dict[str, Any] = {}
        for name, sql in {
            "conversations": "SELECT COUNT(*) FROM conversations",
            "turns": "SELECT COUNT(*) FROM messages WHERE role = 'user' AND kind = 'turn'",
            "images": "SELECT COUNT(*) FROM images",
            "feedback": "SELECT COUNT(*) FROM feedback",
            "pairs": "SELECT COUNT(*) FROM preference_pairs",
        }.items():
            row = await self._one(sql)
            counts[name] = int(row[0])
        active = await self.active_model_version()
        counts["model_version"] = active["name"] if active else "none"
        return counts

    async def add_model_version(
        self,
        name: str,
        base: str,
        adapter_path: str | None,
        *,
        data: dict[str, Any] | None = None,
        metrics: dict[str, Any] | None = None,
        parent_id: int | None = None,
    ) -> int:
        return await self._insert(
            "INSERT INTO model_versions (name, base, adapter_path, data_json, metrics_json,"
            " parent_id) VALUES (?, ?, ?, ?, ?, ?)",
            (name, base, adapter_path, _json(data or {}), _json(metrics or {}), parent_id),
        )

    async def activate_model_version(self, version_id: int) -> None:
        async with self.writes.transaction():
            await self.writes.execute("UPDATE model_versions SET active = 0 WHERE active = 1")
            await self.writes.execute(
                "UPDATE model_versions SET active = 1 WHERE id = ?", (version_id,)
            )

    async def active_model_version(self) -> dict[str, Any] | None:
        row = await self._one("SELECT * FROM model_versions WHERE active = 1")
        return dict(row) if row else None

    async def model_versions(self) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._all("SELECT * FROM model_versions ORDER BY id")]

    async def model_version(self, version_id: int) -> dict[str, Any] | None:
        row = await self._one("SELECT * FROM model_versions WHERE id = ?", (version_id,))
        return dict(row) if row else None

    async def set_model_version_result(
        self, version_id: int, status: str, metrics: dict[str, Any]
    ) -> None:
        await self.writes.execute(
            "UPDATE model_versions SET status = ?, metrics_json = ? WHERE id = ?",
            (status, _json(metrics), version_id),
        )

    # the learning loop's raw material (core.learning.pairs derives the pairs from it)

    async def learning_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Decisions with the dialogue they read, answers, user turns and every reaction."""
        decisions = await self._all(
            "SELECT * FROM decisions WHERE source IN ('model', 'alternative', 'correction')"
            " AND context_json != '[]' ORDER BY id"
        )
        answers = await self._all(
            "SELECT id, conversation_id, decision_id FROM messages WHERE role = 'assistant'"
            " AND kind = 'turn' AND decision_id IS NOT NULL ORDER BY id"
        )
        turns = await self._all(
            "SELECT id, conversation_id, user_id FROM messages WHERE role = 'user'"
            " AND kind = 'turn' ORDER BY id"
        )
        feedback = await self._all("SELECT * FROM feedback ORDER BY id")
        return {
            "decisions": [dict(r) for r in decisions],
            "answers": [dict(r) for r in answers],
            "turns": [dict(r) for r in turns],
            "feedback": [dict(r) for r in feedback],
        }

    async def replace_derived_pairs(self, pairs: Sequence[dict[str, Any]]) -> None:
        """Make the keyed pairs exactly `pairs`: withdrawn ones go, the rest are upserted
        (keeping which training run first used them)."""
        keys = [p["pair_key"] for p in pairs]
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
                        p["pair_key"],
                        _json(p["context"]),
                        _json(p["chosen"]),
                        _json(p["rejected"]),
                        p["source"],
                        p["weight"],
                        p["decision_id"],
                    )
                    for p in pairs
                ],
            )

    async def preference_pairs(self) -> list[dict[str, Any]]:
        rows = await self._all("SELECT * FROM preference_pairs ORDER BY id")
        return [
            {
                "id": r["id"],
                "pair_key": r["pair_key"] or f"row-{r['id']}",
                "context": json.loads(r["context_json"]),
                "chosen": json.loads(r["chosen_json"]),
                "rejected": json.loads(r["rejected_json"]),
                "source": r["source"],
                "weight": r["weight"],
                "decision_id": r["decision_id"],
                "trained_version_id": r["trained_version_id"],
            }
            for r in rows
        ]

    async def new_pair_count(self) -> int:
        row = await self._one(
            "SELECT COUNT(*) FROM preference_pairs WHERE trained_version_id IS NULL"
        )
        return int(row[0])

    async def mark_pairs_trained(self, pair_ids: Sequence[int], version_id: int) -> None:
        await self.writes.executemany(
            "UPDATE preference_pairs SET trained_version_id = ?"
            " WHERE id = ? AND trained_version_id IS NULL",
            [(version_id, i) for i in pair_ids],
        )

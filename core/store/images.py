"""Images of a conversation, numbered #1, #2, … in order; their bytes are content-addressed
blob files (core.store.blobs), the rows say where each came from."""

from __future__ import annotations

import asyncio
from typing import Any

import aiosqlite

from core.store.blobs import BlobStore
from core.store.repository import Repository, to_json
from core.store.rows import ImageRow
from core.store.writes import Writes, as_store_error


class Images(Repository):
    def __init__(self, db: aiosqlite.Connection, writes: Writes, blobs: BlobStore) -> None:
        super().__init__(db, writes)
        self.blobs = blobs

    async def add(
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
                    to_json(args) if args is not None else None,
                    seed,
                    model,
                ),
            )
        image = await self.get(image_id)
        assert image is not None
        return image

    async def get(self, image_id: int) -> ImageRow | None:
        row = await self._one("SELECT * FROM images WHERE id = ?", (image_id,))
        return ImageRow.from_row(row) if row else None

    async def of_conversation(self, conversation_id: int) -> list[ImageRow]:
        rows = await self._all(
            "SELECT * FROM images WHERE conversation_id = ? ORDER BY number", (conversation_id,)
        )
        return [ImageRow.from_row(r) for r in rows]

    async def by_ref(self, conversation_id: int, ref: str) -> ImageRow | None:
        """The image a ref ("#3") names in the conversation; None for anything else."""
        if not ref.startswith("#") or not ref[1:].isdigit():
            return None
        row = await self._one(
            "SELECT * FROM images WHERE conversation_id = ? AND number = ?",
            (conversation_id, int(ref[1:])),
        )
        return ImageRow.from_row(row) if row else None

    async def of_message(self, message_id: int) -> list[ImageRow]:
        rows = await self._all(
            "SELECT * FROM images WHERE message_id = ? ORDER BY number", (message_id,)
        )
        return [ImageRow.from_row(r) for r in rows]

    async def read(self, image: ImageRow) -> bytes:
        return await asyncio.to_thread(self.blobs.get, image.sha256)

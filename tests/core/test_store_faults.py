"""The store under a locked database (another process), a full disk, and half-done answers."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from core.engine import DialogueEngine
from core.messages import ConversationKey, IncomingMessage, Sender
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store, StoreBusy, StoreFull
from tests.doubles import FakeIntentModel, RecordingOutbound, pil_runner
from tests.faults.conftest import hold_lock

KEY = ConversationKey("test", "chat-1")


async def test_a_database_locked_by_another_process_is_waited_out(
    settings: Settings, store: Store
) -> None:
    engine = DialogueEngine(
        settings, store, FakeIntentModel(), LocalJobQueue(pil_runner, gpu_skill_ids())
    )
    out = RecordingOutbound()
    holder = hold_lock(settings.database_path, 2.5)
    started = time.monotonic()
    await engine.handle(IncomingMessage(KEY, Sender("alice"), "draw a cat"), out)
    assert time.monotonic() - started >= 2.0  # it waited rather than failing
    holder.wait(10)
    assert len(out.images) == 1 and out.texts == []
    conv = await store.conversations.open(KEY)
    assert next(m.text for m in await store.messages.of_conversation(conv)) == "draw a cat"
    await engine.queue.close()


async def test_a_database_locked_for_too_long_says_so_plainly(settings: Settings) -> None:
    store = await Store.open(settings.database_path, settings.blob_dir, busy_wait_s=1.0)
    engine = DialogueEngine(
        settings, store, FakeIntentModel(), LocalJobQueue(pil_runner, gpu_skill_ids())
    )
    out = RecordingOutbound()
    holder = hold_lock(settings.database_path, 4)
    await engine.handle(IncomingMessage(KEY, Sender("alice"), "draw a cat"), out)
    assert out.texts == [str(StoreBusy.words)]
    holder.wait(10)
    await engine.handle(IncomingMessage(KEY, Sender("alice"), "draw a cat"), out)
    assert len(out.images) == 1  # once free, everything works again
    await engine.queue.close()
    await store.close()


async def test_a_full_database_gives_a_clear_message_and_keeps_what_was_stored(
    settings: Settings, store: Store
) -> None:
    engine = DialogueEngine(
        settings, store, FakeIntentModel(), LocalJobQueue(pil_runner, gpu_skill_ids())
    )
    out = RecordingOutbound()
    await engine.handle(IncomingMessage(KEY, Sender("alice"), "draw a cat"), out)
    # SQLite's own "database or disk is full", from a page limit just above what is used.
    async with store.db.execute("PRAGMA page_count") as cur:
        row = await cur.fetchone()
    assert row is not None
    await store.db.execute(f"PRAGMA max_page_count = {row[0] + 1}")
    long_text = "draw " + "a very detailed cat " * 400
    await engine.handle(IncomingMessage(KEY, Sender("alice"), long_text), out)
    assert out.texts[-1] == str(StoreFull.words)
    conv = await store.conversations.open(KEY)
    images = await store.images.of_conversation(conv)
    assert len(images) == 1 and await store.images.read(images[0])
    async with store.db.execute("PRAGMA integrity_check") as cur:
        assert (await cur.fetchone())[0] == "ok"
    await engine.queue.close()


async def test_an_answer_is_written_whole_or_not_at_all(settings: Settings, store: Store) -> None:
    conv = await store.conversations.open(KEY)
    user = await store.conversations.ensure_user("test", "alice")
    message = await store.messages.add(conv, "user", "draw", user_id=user)
    with pytest.raises(RuntimeError):
        async with store.transaction():
            await store.messages.add(conv, "assistant", "half an answer")
            raise RuntimeError("killed between two rows")
    assert [m.id for m in await store.messages.of_conversation(conv)] == [message]


async def test_a_full_blob_folder_is_a_full_store(settings: Settings, store: Store) -> None:
    """ENOSPC from the image files is the same plain StoreFull, and leaves no partial file."""

    def full(data: bytes) -> str:
        raise OSError(28, "No space left on device")

    store.blobs.put = full  # type: ignore[method-assign]
    conv = await store.conversations.open(KEY)
    message = await store.messages.add(conv, "user", "x")
    with pytest.raises(StoreFull):
        await store.images.add(
            conv,
            message,
            b"png",
            mime_type="image/png",
            width=1,
            height=1,
            caption="",
            origin="upload",
        )


def test_the_migration_keeps_old_jobs_delivered(tmp_path: Path) -> None:
    """Jobs that ended before migration 0004 must not be delivered again."""
    import asyncio

    from core.store.migrate import MIGRATIONS_DIR

    db_path = tmp_path / "old.sqlite3"
    old = tmp_path / "old-migrations"
    old.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("000[1-3]_*.sql")):
        (old / path.name).write_text(path.read_text())

    async def prepare() -> None:
        s = await Store.open(db_path, tmp_path / "blobs", old)
        conv = await s.conversations.open(KEY)
        user = await s.conversations.ensure_user("test", "alice")
        message = await s.messages.add(conv, "user", "draw", user_id=user)
        decision = await s.decisions.add(message, "text_to_image", {"prompt": "x"})
        await s.writes.execute(
            "INSERT INTO jobs (decision_id, skill, args_json, seed, status, finished_at)"
            " VALUES (?, 'text_to_image', '{}', 1, 'done', '2026-01-01T00:00:00Z')",
            (decision,),
        )
        await s.close()
        s = await Store.open(db_path, tmp_path / "blobs")
        assert await s.jobs.orphans("test", "new-run") == []
        await s.close()

    asyncio.run(prepare())
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT delivered_at FROM jobs").fetchone()[0] is not None

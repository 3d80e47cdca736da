from __future__ import annotations

from pathlib import Path

import aiosqlite

from core.store.migrate import apply_migrations, migration_files

EXPECTED_TABLES = {
    "users",
    "conversations",
    "messages",
    "images",
    "decisions",
    "jobs",
    "feedback",
    "preference_pairs",
    "model_versions",
    "processed_updates",
    "chat_settings",
    "schema_migrations",
}


async def _tables(db: aiosqlite.Connection) -> dict[str, list[str]]:
    async with db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
        names = [r[0] for r in await cur.fetchall()]
    tables = {}
    for name in names:
        async with db.execute(f"PRAGMA table_info({name})") as cur:
            tables[name] = [r[1] for r in await cur.fetchall()]
    return tables


async def test_migrates_an_empty_database_to_the_full_schema(tmp_path: Path) -> None:
    async with aiosqlite.connect(tmp_path / "db.sqlite3") as db:
        applied = await apply_migrations(db)
        assert applied == [v for v, _, _ in migration_files()]
        tables = await _tables(db)
    assert set(tables) >= EXPECTED_TABLES
    assert {
        "number",
        "sha256",
        "caption",
        "origin",
        "parent_image_id",
        "skill",
        "args_json",
        "seed",
    } <= set(tables["images"])
    assert {"skill", "args_json", "raw", "model_version", "latency_ms"} <= set(tables["decisions"])
    assert {"status", "attempts", "error", "queued_at", "finished_at"} <= set(tables["jobs"])
    assert {"safety_score", "withheld_blob"} <= set(tables["jobs"])
    assert {"platform", "chat_id", "safety"} <= set(tables["chat_settings"])
    assert {"platform_message_id", "role", "text"} <= set(tables["messages"])
    assert {"context_json", "chosen_json", "rejected_json", "source"} <= set(
        tables["preference_pairs"]
    )


async def test_applying_twice_changes_nothing(tmp_path: Path) -> None:
    async with aiosqlite.connect(tmp_path / "db.sqlite3") as db:
        await apply_migrations(db)
        before = await _tables(db)
        assert await apply_migrations(db) == []
        assert await _tables(db) == before
        async with db.execute("SELECT COUNT(*) FROM schema_migrations") as cur:
            row = await cur.fetchone()
    assert row is not None and row[0] == len(migration_files())

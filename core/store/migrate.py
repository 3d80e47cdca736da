"""Numbered migrations (migrations/NNNN_name.sql) applied in order and recorded."""

from __future__ import annotations

import re
from pathlib import Path

import aiosqlite

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def migration_files(folder: Path = MIGRATIONS_DIR) -> list[tuple[int, str, Path]]:
    found = []
    for path in folder.glob("*.sql"):
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path))
    if not found:
        raise FileNotFoundError(f"No migrations found in {folder}")
    return sorted(found)


async def apply_migrations(db: aiosqlite.Connection, folder: Path = MIGRATIONS_DIR) -> list[int]:
    """Apply the migrations not yet recorded; return the versions applied now."""
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
    )
    async with db.execute("SELECT version FROM schema_migrations") as cur:
        done = {row[0] for row in await cur.fetchall()}
    applied = []
    for version, name, path in migration_files(folder):
        if version in done:
            continue
        script = path.read_text(encoding="utf-8")
        # One transaction per migration: a failing one leaves no half-applied schema.
        await db.executescript(
            "BEGIN;\n"
            + script
            + f"\nINSERT INTO schema_migrations (version, name) VALUES ({version}, '{name}');\n"
            + "COMMIT;"
        )
        applied.append(version)
    return applied

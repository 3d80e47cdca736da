"""SQLite (aiosqlite) storage: the system of record for conversations and learning data."""

from core.store.blobs import BlobStore
from core.store.jobs import JobRow
from core.store.migrate import MIGRATIONS_DIR, apply_migrations
from core.store.rows import DecisionRow, ImageRow, MessageRow
from core.store.store import Store
from core.store.writes import StoreBusy, StoreError, StoreFull

__all__ = [
    "MIGRATIONS_DIR",
    "BlobStore",
    "DecisionRow",
    "ImageRow",
    "JobRow",
    "MessageRow",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreFull",
    "apply_migrations",
]

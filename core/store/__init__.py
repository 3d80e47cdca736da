"""SQLite (aiosqlite) storage: the system of record for conversations and learning data."""

from core.store.blobs import BlobStore
from core.store.feedback import FeedbackRow, LearningRows
from core.store.jobs import JobRow
from core.store.migrate import MIGRATIONS_DIR, apply_migrations
from core.store.pairs import DerivedPair, PairRow
from core.store.rows import DecisionRow, ImageRow, MessageRow
from core.store.store import Stats, Store
from core.store.versions import ModelVersionRow
from core.store.writes import StoreBusy, StoreError, StoreFull

__all__ = [
    "MIGRATIONS_DIR",
    "BlobStore",
    "DecisionRow",
    "DerivedPair",
    "FeedbackRow",
    "ImageRow",
    "JobRow",
    "LearningRows",
    "MessageRow",
    "ModelVersionRow",
    "PairRow",
    "Stats",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreFull",
    "apply_migrations",
]

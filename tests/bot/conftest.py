"""The adapters' tests read every status message, so statuses post at once here; the grace
that spares fast jobs a status has its own test (tests/bot/test_status.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _statuses_post_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.status.POST_AFTER_S", 0.0)

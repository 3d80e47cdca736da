"""The content filter at work: which level a chat has, and a picture's screening.

core/safety.py says what the levels mean; this module applies them to a chat: its own
level (an admin's /safety, core.store.chat_settings) or else the global setting, the
check run in a thread, and a check that fails counted as a refusal: a picture that was
not checked is not sent.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from core.messages import ConversationKey
from core.safety import THRESHOLDS, SafetyCheck, SafetyCheckFailed, SafetyLevel, judge
from core.settings import Settings
from core.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Screening:
    """A checked picture: allowed or not, its score (None when the check failed) and,
    for a refusal, the operator's reading of why (kept in the jobs table, /stats)."""

    allowed: bool
    score: float | None
    level: SafetyLevel
    reason: str = ""


class ContentFilter:
    def __init__(self, settings: Settings, store: Store, check: SafetyCheck | None) -> None:
        self.settings = settings
        self.store = store
        # None: no model on this host (the composition root logged why); nothing is checked.
        self.check = check

    async def level(self, key: ConversationKey) -> SafetyLevel:
        """The chat's own level, else the global one. A forum topic follows its chat."""
        own = await self.store.chat_settings.safety(key.platform, key.chat_id)
        return own or self.settings.safety

    async def screen(self, key: ConversationKey, image: bytes) -> Screening | None:
        """Judge a picture for the chat `key`; None when nothing is checked there (its
        level is off, or there is no check)."""
        if self.check is None:
            return None
        level = await self.level(key)
        if level == "off":
            return None
        try:
            score = await asyncio.to_thread(self.check.score, image)
        except SafetyCheckFailed as exc:
            log.error("content filter could not check a picture; refused: %s", exc)
            return Screening(False, None, level, f"content filter failed ({level}): {exc}")
        except Exception as exc:
            log.exception("content filter crashed on a picture; refused")
            return Screening(False, None, level, f"content filter failed ({level}): {exc!r}")
        verdict = judge(score, level)
        if verdict.allowed:
            return Screening(True, score, level)
        reason = f"content filter {score:.2f} ≥ {THRESHOLDS[level]} ({level})"
        return Screening(False, score, level, reason)

    async def status(self) -> str:
        """One line for admins (/stats, /safety): what is checked, and what was refused."""
        if self.check is None:
            return (
                "Content filter: OFF on this host — its model is not installed"
                " (run `make setup`); chats' levels are not applied."
            )
        own = await self.store.chat_settings.with_own_safety()
        withheld = await self.store.jobs.withheld_count()
        uploads = "results and uploads" if self.settings.safety_uploads else "results"
        return (
            f"Content filter: {self.settings.safety} by default ({uploads}),"
            f" {own} chat(s) with their own level; {withheld} result(s) withheld in 24 h."
        )

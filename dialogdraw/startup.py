"""What `make run` says once at start: which skills work here, and how to enable the rest."""

from __future__ import annotations

import logging

from core.settings import Settings
from pipelines.models_inventory import SkillModels, inventory

log = logging.getLogger(__name__)

PULL_ALL = "HF_HUB_OFFLINE=0 .venv/bin/dialogdraw models pull --all"


def skills_line(rows: list[SkillModels]) -> str:
    ready = sorted(row.skill for row in rows if row.present)
    missing = len(rows) - len(ready)
    line = f"{len(ready)} of {len(rows)} skills work here: {', '.join(ready)}."
    if missing:
        line += f" The other {missing} need models; to fetch them run: {PULL_ALL}"
    return line


def startup_line(settings: Settings) -> str | None:
    """The line, or None when the inventory can't be read (the chat starts anyway)."""
    from dialogdraw.cmd_models import device_for

    try:
        return skills_line(inventory(settings.models, device_for(None, settings)))
    except Exception:  # a broken cache or an odd setting must not stop the chat
        log.warning("could not list which skills have their models", exc_info=True)
        return None

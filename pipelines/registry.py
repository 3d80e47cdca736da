"""Skill id → implementation: the dotted paths the catalog declares, imported on first use.

Importing by path keeps torch and diffusers out of any process that only looks at
the mapping (the bot sends jobs by skill id and never imports a pipeline), and a
skill whose module or dependency is missing fails alone with a clear message instead
of breaking every other skill at import time.

`chat` declares none: the engine answers it with the intent model's own LM.
"""

from __future__ import annotations

import importlib
import logging

from core.catalog import CATALOG
from core.jobs import NOT_SET_UP, SkillError
from pipelines.base import Skill

log = logging.getLogger(__name__)


def implementations() -> dict[str, str]:
    """Skill id -> "module:function", as the catalog declares them now."""
    return {s.id: s.implementation for s in CATALOG.values() if s.implementation}


# Keyed by the dotted path, so a catalog entry pointed elsewhere loads its new target.
# No lock: Python's import lock already serialises a module's first import, and a
# global one here would make a quick add_text wait behind a slow diffusers import.
_loaded: dict[str, Skill] = {}


def load_skill(skill_id: str) -> Skill:
    """The callable for `skill_id`, importing its module the first time."""
    target = implementations().get(skill_id)
    if target is None:
        raise SkillError(f"I can't do '{skill_id}' with pictures yet.")
    if target in _loaded:
        return _loaded[target]
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise _not_installed(skill_id, module_name, exc) from exc
    skill = getattr(module, attr, None)
    if not callable(skill):
        raise SkillError(NOT_SET_UP, f"{target} is not a callable skill.")
    _loaded[target] = skill
    return skill


def _not_installed(skill_id: str, module_name: str, exc: ModuleNotFoundError) -> SkillError:
    missing = exc.name or ""
    log.error("skill %s: cannot import %s (missing %s)", skill_id, module_name, missing)
    if module_name == missing or module_name.startswith(missing + "."):
        return SkillError(NOT_SET_UP, f"The {skill_id} skill's module is missing.")
    return SkillError(
        NOT_SET_UP,
        f"The {skill_id} skill needs the Python package '{missing.split('.')[0]}',"
        " which is not installed on this worker.",
    )

"""Skill id → implementation, as a plain mapping of dotted paths imported on first use.

Importing by path keeps torch and diffusers out of any process that only looks at
the mapping (the bot sends jobs by skill id and never imports a pipeline), and a
skill whose module or dependency is missing fails alone with a clear message instead
of breaking every other skill at import time.

`chat` has no entry: the engine answers it with the intent model's own LM.
"""

from __future__ import annotations

import importlib
import logging

from core.jobs import NOT_SET_UP_MESSAGE, SkillError
from pipelines.base import Skill

log = logging.getLogger(__name__)

_DIFFUSION = (
    "text_to_image",
    "image_variation",
    "instruct_edit",
    "change_background",
    "replace_object",
    "remove_object",
    "to_anime",
    "style_transfer",
    "sketch_to_image",
    "pose_to_image",
    "outpaint",
    "colorize",
    "style_reference",
    "qr_art",
)
_PLAIN = (
    "add_text",
    "adjust",
    "line_art",
    "remove_background",
    "make_sticker",
    "upscale",
    "describe_image",
)

SKILL_IMPLEMENTATIONS: dict[str, str] = {
    **{skill: f"pipelines.diffusion.{skill}:run" for skill in _DIFFUSION},
    **{skill: f"pipelines.skills.{skill}:run" for skill in _PLAIN},
}

# No lock: Python's import lock already serialises a module's first import, and a
# global one here would make a quick add_text wait behind a slow diffusers import.
_loaded: dict[str, Skill] = {}


def load_skill(skill_id: str) -> Skill:
    """The callable for `skill_id`, importing its module the first time."""
    if skill_id in _loaded:
        return _loaded[skill_id]
    target = SKILL_IMPLEMENTATIONS.get(skill_id)
    if target is None:
        raise SkillError(f"I can't do '{skill_id}' with pictures yet.")
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise _not_installed(skill_id, module_name, exc) from exc
    skill = getattr(module, attr, None)
    if not callable(skill):
        raise SkillError(NOT_SET_UP_MESSAGE, f"{target} is not a callable skill.")
    _loaded[skill_id] = skill
    return skill


def _not_installed(skill_id: str, module_name: str, exc: ModuleNotFoundError) -> SkillError:
    missing = exc.name or ""
    log.error("skill %s: cannot import %s (missing %s)", skill_id, module_name, missing)
    if module_name == missing or module_name.startswith(missing + "."):
        return SkillError(NOT_SET_UP_MESSAGE, f"The {skill_id} skill's module is missing.")
    return SkillError(
        NOT_SET_UP_MESSAGE,
        f"The {skill_id} skill needs the Python package '{missing.split('.')[0]}',"
        " which is not installed on this worker.",
    )

"""Building the intent model from settings (called by the composition root and the CLI)."""

from __future__ import annotations

import logging
from pathlib import Path

from core.intent.loading import (
    ModelUnavailable,
    check_adapter_folder,
    load_base_model,
    pick_device,
)
from core.intent.model import TransformersIntentModel
from core.settings import Settings

log = logging.getLogger(__name__)

# Where the project's own trained adapter ships (written by the training issue).
SHIPPED_ADAPTER_DIR = Path(__file__).resolve().parent / "adapter"
DEFAULT_ADAPTER = "default"


def resolve_adapter(setting: str | None, shipped: Path = SHIPPED_ADAPTER_DIR) -> Path | None:
    """The adapter folder to load, or None for the bare base model.

    A missing shipped adapter is normal before the first training run, so it only logs;
    a folder the user named explicitly must exist.
    """
    if not setting:
        return None
    if setting == DEFAULT_ADAPTER:
        if (shipped / "adapter_config.json").is_file():
            return shipped
        log.info("No shipped intent adapter at %s yet: running the base model alone", shipped)
        return None
    path = Path(setting)
    if not path.exists():
        raise ModelUnavailable(f"The intent adapter folder {path} does not exist.")
    check_adapter_folder(path)
    return path


def build_intent_model(
    settings: Settings, model: str | None = None, adapter: str | None = None
) -> TransformersIntentModel:
    """The intent model of `settings`; `model`/`adapter` override the settings (CLI flags)."""
    # The adapter first: a wrong folder should fail before seconds of model loading.
    folder = resolve_adapter(adapter if adapter is not None else settings.intent_adapter)
    device = pick_device(settings.models.device)
    loaded = load_base_model(model or settings.intent_model, settings.cache_dir, device)
    intent = TransformersIntentModel(loaded)
    if folder is not None:
        version = DEFAULT_ADAPTER if folder == SHIPPED_ADAPTER_DIR else folder.name
        intent.use_adapter(folder, version)
    return intent

"""Building the intent model from settings (called by the composition root and the CLI)."""

from __future__ import annotations

import logging
from pathlib import Path

import torch

from core.intent.loading import (
    ModelUnavailable,
    check_adapter_folder,
    load_base_model,
    pick_device,
)
from core.intent.model import TransformersIntentModel
from core.intent.profile import check_adapter
from core.intent.weights import inference_dtype
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
    # The adapter first: a wrong folder, or one trained on another base, should fail
    # before seconds of model loading (use_adapter checks again, and warns).
    folder = resolve_adapter(adapter if adapter is not None else settings.intent_adapter)
    base = model or settings.intent_model
    if folder is not None:
        check_adapter(folder, base, warn=False)
    device = pick_device(settings.models.device)
    # The master stays float32 whatever runs: adapters are merged (and trained) in float32.
    loaded = load_base_model(base, settings.cache_dir, device, torch.float32)
    intent = TransformersIntentModel(
        loaded,
        dtype=inference_dtype(settings.intent_dtype, device),
        max_batch=settings.intent_batch,
        batch_window_s=settings.intent_batch_window_ms / 1000,
    )
    if folder is not None:
        version = DEFAULT_ADAPTER if folder == SHIPPED_ADAPTER_DIR else folder.name
        intent.use_adapter(folder, version)
    return intent

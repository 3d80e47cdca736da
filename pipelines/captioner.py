"""Captions for uploads: one short sentence from the describe_image VLM.

The engine stores each upload with a caption, and the intent model reads it in the
dialogue ("#1: a dog on a beach") — without one it only knows "an image the user
uploaded" and cannot tell which of several pictures "the dog" means. The model is the
one describe_image uses (`models.vqa`), loaded through the same function and, given
the worker's model cache, the same copy.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from core.engine import Captioner
from core.jobs import ModelMissingError
from core.settings import Settings
from core.text import clean_text
from pipelines.images import DEFAULT_MAX_PIXELS, decode_image
from pipelines.model_cache import ModelCache
from pipelines.skills.describe_image import CAPTION_QUESTION, VisionLanguageModel, cached_vlm

log = logging.getLogger(__name__)

# One sentence is 10-25 tokens; the cap stops a rambling model, and every token is a
# forward pass the user waits for before the bot reads their message.
MAX_NEW_TOKENS = 32
MAX_CHARS = 200
# The VLM is small next to the diffusion models; its own budget when no cache is shared.
CACHE_BUDGET = 2 * 1024**3


def vlm_present(model_id: str) -> bool:
    """Whether the VLM's files are here (a folder, or the Hugging Face cache), without
    touching the network."""
    folder = Path(model_id).expanduser()
    if folder.is_dir():
        return (folder / "config.json").is_file()
    if model_id.startswith((".", "/", "~")) or model_id.count("/") > 1:
        return False  # a missing folder, not a hub id
    from huggingface_hub import try_to_load_from_cache

    return isinstance(try_to_load_from_cache(model_id, "config.json"), str)


def one_tile(vlm: VisionLanguageModel) -> dict[str, Any]:
    """Processor options for a single image tile. SmolVLM (Idefics3) rescales the longest
    side up to 2048 px and cuts 512 px tiles, 17 × 64 image tokens; a caption needs the
    gist, and one tile is 64 tokens. Other VLM families keep their own sizing."""
    limit = getattr(vlm.processor.image_processor, "max_image_size", None)
    if isinstance(limit, dict) and "longest_edge" in limit:
        return {"size": {"longest_edge": limit["longest_edge"]}}
    return {}


class VlmCaptioner:
    """A `core.engine.Captioner`: upload bytes → one short sentence.

    Raises ModelMissingError the first time when the model cannot be loaded (the engine
    logs it and keeps the generic caption); after that it returns "" without trying again.
    """

    def __init__(
        self,
        model_id: str,
        device: str = "cpu",
        cache: ModelCache | None = None,
        max_pixels: int = DEFAULT_MAX_PIXELS,
    ) -> None:
        self.model_id = model_id
        self.device = device
        self.cache = cache or ModelCache(CACHE_BUDGET)
        self.max_pixels = max_pixels
        self._failed = False
        # One caption at a time: two generate calls at once on a small CPU are each
        # slower than one after the other.
        self._lock = threading.Lock()

    def __call__(self, data: bytes) -> str:
        if self._failed:
            return ""
        image = decode_image(data, self.max_pixels)
        with self._lock:
            try:
                vlm = cached_vlm(self.cache, self.model_id, self.device)
            except ModelMissingError:
                self._failed = True
                raise
            text = vlm.answer(
                image, CAPTION_QUESTION, max_new_tokens=MAX_NEW_TOKENS, images_kwargs=one_tile(vlm)
            )
        return tidy(text)


def tidy(text: str) -> str:
    """One line, no invisible characters, at most MAX_CHARS (cut at a word)."""
    line = " ".join(clean_text(text).split())
    if len(line) <= MAX_CHARS:
        return line
    return line[:MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def build_captioner(settings: Settings, cache: ModelCache | None = None) -> Captioner | None:
    """The upload captioner, or None when the VLM's weights are not on this machine (the
    engine then keeps its generic caption). Loads nothing: the model comes on first use."""
    model_id = settings.models.vqa
    if not vlm_present(model_id):
        log.info("no captions for uploads: the VQA model %s is not available here", model_id)
        return None
    from pipelines.device import resolve_device

    device = resolve_device(settings.models.device)
    return VlmCaptioner(model_id, device, cache, max_pixels=settings.max_image_pixels)

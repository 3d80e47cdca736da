"""line_art: a colouring page — clean black outlines on white, no model needed.

Plain Canny on a photo gives hairy texture lines; an edge-preserving blur first keeps
object outlines and drops fur, grass and JPEG noise, and tiny leftover specks are
removed so the page is something a child can colour.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from core.catalog import LineArtArgs, SkillArgs
from pipelines.base import SkillContext, SkillOutput
from pipelines.images import flatten

LOADS = ()

# Canny thresholds around the median brightness, with floors so that flat synthetic
# pictures (median 0 or 255) still get their outlines and no noise.
LOW_FLOOR, HIGH_FLOOR = 30, 90


def line_art(image: Image.Image) -> Image.Image:
    gray = cv2.cvtColor(np.asarray(flatten(image)), cv2.COLOR_RGB2GRAY)
    longest = max(gray.shape)
    # Smoothing and line weight scale with the picture, so a 4000 px photo and a
    # 512 px drawing give the same look.
    scale = max(1.0, longest / 768)
    diameter = int(5 + 4 * scale) | 1
    smooth = cv2.bilateralFilter(gray, diameter, 60, 60)
    median = float(np.median(smooth))
    low = max(LOW_FLOOR, int(0.66 * median))
    high = max(HIGH_FLOOR, int(1.33 * median))
    edges = cv2.Canny(smooth, low, high, L2gradient=True)
    edges = _drop_specks(edges, min_pixels=int(12 * scale * scale))
    thickness = max(1, round(scale * 1.5))
    if thickness > 1:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (thickness, thickness))
        edges = cv2.dilate(edges, kernel)
    page = 255 - edges
    return Image.fromarray(page).convert("RGB")


def _drop_specks(edges: np.ndarray, min_pixels: int) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(edges, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_pixels
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def run(args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    assert isinstance(args, LineArtArgs)
    return SkillOutput(image=line_art(images["image"]), model="opencv-canny")

"""Masks for inpainting: the subject of a photo, or the thing a text names.

White (255) marks pixels the inpainting model repaints, black keeps them.

The subject mask comes from the u2netp salient-object model of
`remove_background` (pipelines.segmentation) when its weights are installed, and
otherwise from OpenCV's GrabCut seeded with the central rectangle: a classical
algorithm that needs no weights, so change_background works on every worker.
Text-prompted masks use CLIPSeg.
"""

from __future__ import annotations

import cv2
import numpy as np
import torch
from PIL import Image, ImageFilter

from core.jobs import ModelMissingError, SkillError
from core.phrasebook import phrase
from pipelines.base import SkillContext
from pipelines.diffusion.loading import load_model

# The share of each side left outside GrabCut's "probably the subject" rectangle.
_MARGIN = 0.08
# CLIPSeg probability above which a pixel belongs to the named thing.
_CLIPSEG_THRESHOLD = 0.4


def subject_mask(image: Image.Image, ctx: SkillContext) -> Image.Image:
    """L-mode mask, 255 on the main subject: u2netp if installed, else GrabCut."""
    try:
        from pipelines.segmentation import segmenter

        soft = segmenter(ctx).mask(image)
    except (ImportError, ModelMissingError):
        return grabcut_mask(image)
    binary = soft.point(lambda v: 255 if v >= 128 else 0)
    return binary if binary.getbbox() is not None else grabcut_mask(image)


def grabcut_mask(image: Image.Image) -> Image.Image:
    """L-mode mask, 255 on the main subject, found by GrabCut from the central rectangle."""
    rgb = np.asarray(image.convert("RGB"))
    height, width = rgb.shape[:2]
    rect = (
        int(width * _MARGIN),
        int(height * _MARGIN),
        max(1, int(width * (1 - 2 * _MARGIN))),
        max(1, int(height * (1 - 2 * _MARGIN))),
    )
    mask = np.zeros((height, width), np.uint8)
    background = np.zeros((1, 65), np.float64)
    foreground = np.zeros((1, 65), np.float64)
    try:
        cv2.grabCut(
            cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR),
            mask,
            rect,
            background,
            foreground,
            5,
            cv2.GC_INIT_WITH_RECT,
        )
    except cv2.error as exc:  # a flat single-colour picture gives GrabCut nothing to model
        raise SkillError(phrase("no_subject_here")) from exc
    subject = np.isin(mask, (cv2.GC_FGD, cv2.GC_PR_FGD))
    if not subject.any():
        raise SkillError(phrase("no_subject"))
    return Image.fromarray((subject * 255).astype(np.uint8), "L")


def text_mask(image: Image.Image, target: str, ctx: SkillContext) -> Image.Image:
    """L-mode mask, 255 where CLIPSeg sees `target`, grown a little to cover its edges."""
    from transformers import CLIPSegForImageSegmentation, CLIPSegProcessor

    model = load_model(ctx, "clipseg", CLIPSegForImageSegmentation)
    processor = load_model(ctx, "clipseg", CLIPSegProcessor)
    inputs = processor(
        text=[target], images=[image.convert("RGB")], padding="max_length", return_tensors="pt"
    )
    with torch.inference_mode():
        logits = model(**{k: v.to(ctx.device) for k, v in inputs.items()}).logits
    probs = torch.sigmoid(logits.float()).reshape(logits.shape[-2:]).cpu().numpy()
    heat = Image.fromarray((probs * 255).astype(np.uint8), "L").resize(
        image.size, Image.Resampling.BILINEAR
    )
    mask = heat.point(lambda v: 255 if v >= _CLIPSEG_THRESHOLD * 255 else 0)
    if mask.getbbox() is None:
        raise SkillError(phrase("not_found_in_picture", target=target))
    return grow(mask, max(3, min(image.size) // 32))


def grow(mask: Image.Image, pixels: int) -> Image.Image:
    """Dilate a mask: inpainting an object's exact outline leaves a ghost of its edge."""
    size = 2 * pixels + 1
    return mask.filter(ImageFilter.MaxFilter(size))


def shrink(mask: Image.Image, pixels: int) -> Image.Image:
    size = 2 * pixels + 1
    return mask.filter(ImageFilter.MinFilter(size))


def invert(mask: Image.Image) -> Image.Image:
    return mask.point(lambda v: 255 - v)


def paste_kept(original: Image.Image, generated: Image.Image, repaint: Image.Image) -> Image.Image:
    """Put the original pixels back outside the repainted area, with a soft seam.

    Inpainting re-encodes the whole picture through the VAE, which blurs the parts
    it was told to keep; the user expects those untouched.
    """
    generated = generated.convert("RGB").resize(original.size, Image.Resampling.LANCZOS)
    soft = repaint.resize(original.size).filter(ImageFilter.GaussianBlur(2))
    return Image.composite(generated, original.convert("RGB"), soft)

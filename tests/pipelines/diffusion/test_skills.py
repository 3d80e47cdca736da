"""Every diffusion skill through its real loading and calling code on tiny models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw

from core import catalog as c
from core.jobs import ModelMissingError, SkillError
from pipelines.base import SkillContext
from pipelines.diffusion import (
    change_background,
    colorize,
    image_variation,
    instruct_edit,
    outpaint,
    pose_to_image,
    qr_art,
    remove_object,
    replace_object,
    sketch_to_image,
    style_reference,
    style_transfer,
    text_to_image,
    to_anime,
)

Calls = list[tuple[str, dict[str, Any]]]


def only_call(calls: Calls) -> tuple[str, dict[str, Any]]:
    assert len(calls) == 1
    return calls[0]


def test_text_to_image_passes_prompts_and_reports_progress(ctx: SkillContext, calls: Calls) -> None:
    seen: list[str] = []
    ctx.progress = lambda p: seen.append(p.describe())
    out = text_to_image.run(
        c.TextToImageArgs(prompt="a cat", negative_prompt="people", aspect="portrait"), {}, ctx
    )
    assert out.image is not None and out.image.size == (48, 64)
    name, kwargs = only_call(calls)
    assert name == "StableDiffusionXLPipeline"
    assert (kwargs["prompt"], kwargs["negative_prompt"]) == ("a cat", "people")
    assert kwargs["num_inference_steps"] == 2
    assert seen[-1] == "🎨 Working… step 2/2"
    assert out.model == ctx.models.text_to_image


def test_same_seed_same_image(make_ctx: Callable[..., SkillContext]) -> None:
    args = c.TextToImageArgs(prompt="a lighthouse", aspect="landscape")
    first = text_to_image.run(args, {}, make_ctx(seed=7)).image
    again = text_to_image.run(args, {}, make_ctx(seed=7)).image
    other = text_to_image.run(args, {}, make_ctx(seed=8)).image
    assert first is not None and again is not None and other is not None
    assert first.size == (64, 48)
    assert first.tobytes() == again.tobytes()
    assert first.tobytes() != other.tobytes()


def test_text_to_image_runs_an_sd_folder_and_the_edit_skills_keep_sdxl(
    make_ctx: Callable[..., SkillContext], tiny_sd: Path, calls: Calls, photo: Image.Image
) -> None:
    # The CPU default, SD-Turbo, is SD 2.1: one text encoder, StableDiffusionPipeline.
    ctx = make_ctx(text_to_image=str(tiny_sd))
    out = text_to_image.run(c.TextToImageArgs(prompt="a cat", aspect="landscape"), {}, ctx)
    assert out.image is not None and out.image.size == (64, 48)
    assert out.model == str(tiny_sd)
    name, kwargs = only_call(calls)
    assert name == "StableDiffusionPipeline"
    assert kwargs["prompt"] == "a cat" and kwargs["num_inference_steps"] == 2

    calls.clear()
    variation = image_variation.run(c.ImageVariationArgs(image="#1"), {"image": photo}, ctx)
    assert variation.model == ctx.models.sdxl_base != str(tiny_sd)
    assert only_call(calls)[0] == "StableDiffusionXLImg2ImgPipeline"


def test_image_variation_strength_and_step_guard(
    ctx: SkillContext, calls: Calls, photo: Image.Image
) -> None:
    wide = photo.resize((96, 64))
    out = image_variation.run(
        c.ImageVariationArgs(image="#1", strength="subtle"), {"image": wide}, ctx
    )
    assert out.image is not None and out.image.size == (64, 40)
    name, kwargs = only_call(calls)
    assert name == "StableDiffusionXLImg2ImgPipeline"
    assert kwargs["strength"] == 0.3
    # 2 steps x 0.3 would denoise 0 steps and crash diffusers: at least one must run.
    assert int(kwargs["num_inference_steps"] * 0.3) >= 1


def test_instruct_edit(ctx: SkillContext, calls: Calls, photo: Image.Image) -> None:
    out = instruct_edit.run(
        c.InstructEditArgs(image="#1", instruction="make it snow"), {"image": photo}, ctx
    )
    assert out.image is not None and out.image.size == (64, 64)
    name, kwargs = only_call(calls)
    assert name == "StableDiffusionInstructPix2PixPipeline"
    assert kwargs["prompt"] == "make it snow"


def test_change_background_keeps_the_subject(
    ctx: SkillContext, calls: Calls, photo: Image.Image
) -> None:
    out = change_background.run(
        c.ChangeBackgroundArgs(image="#1", background="a beach"), {"image": photo}, ctx
    )
    assert out.image is not None and out.image.size == (64, 64)
    name, kwargs = only_call(calls)
    assert name == "StableDiffusionXLInpaintPipeline"
    assert "a beach" in kwargs["prompt"]
    mask = np.asarray(kwargs["mask_image"])
    assert mask[32, 32] == 0 and mask[2, 2] == 255  # subject kept, corner repainted
    assert out.image.getpixel((32, 32)) == photo.getpixel((32, 32))


def test_replace_object_masks_by_text(ctx: SkillContext, calls: Calls, photo: Image.Image) -> None:
    out = replace_object.run(
        c.ReplaceObjectArgs(image="#1", target="the red disc", replacement="a sunflower"),
        {"image": photo},
        ctx,
    )
    assert out.image is not None and out.image.size == (64, 64)
    _, kwargs = only_call(calls)
    assert "a sunflower" in kwargs["prompt"]
    assert kwargs["negative_prompt"] == "the red disc"
    assert np.asarray(kwargs["mask_image"]).max() == 255


def test_remove_object_prompts_the_surroundings(
    ctx: SkillContext, calls: Calls, photo: Image.Image
) -> None:
    out = remove_object.run(
        c.RemoveObjectArgs(image="#1", target="red disc"), {"image": photo}, ctx
    )
    assert out.image is not None and out.image.size == (64, 64)
    _, kwargs = only_call(calls)
    assert "red disc" not in kwargs["prompt"]
    assert "red disc" in kwargs["negative_prompt"]


def test_to_anime_uses_the_anime_checkpoint(
    ctx: SkillContext, calls: Calls, photo: Image.Image
) -> None:
    out = to_anime.run(c.ToAnimeArgs(image="#1"), {"image": photo}, ctx)
    assert out.image is not None and out.image.size == (64, 64)
    assert out.model == ctx.models.anime
    _, kwargs = only_call(calls)
    assert "anime" in kwargs["prompt"]


def test_style_transfer_prompts_the_style(
    ctx: SkillContext, calls: Calls, photo: Image.Image
) -> None:
    out = style_transfer.run(
        c.StyleTransferArgs(image="#1", style="Van Gogh"), {"image": photo}, ctx
    )
    assert out.image is not None and out.image.size == (64, 64)
    _, kwargs = only_call(calls)
    assert "Van Gogh" in kwargs["prompt"]


def test_colorize_adds_colour_and_keeps_lightness(ctx: SkillContext, photo: Image.Image) -> None:
    gray = photo.convert("L")
    out = colorize.run(c.ColorizeArgs(image="#1"), {"image": gray}, ctx)
    assert out.image is not None and out.image.mode == "RGB" and out.image.size == (64, 64)
    r, g, b = (np.asarray(ch, dtype=int) for ch in out.image.split())
    assert (np.abs(r - g) + np.abs(g - b)).max() > 10
    lightness = np.asarray(out.image.convert("L"), dtype=int)
    assert np.abs(lightness - np.asarray(gray, dtype=int)).mean() < 12


def test_sketch_to_image_conditions_on_white_strokes(ctx: SkillContext, calls: Calls) -> None:
    sketch = Image.new("RGB", (64, 64), "white")
    ImageDraw.Draw(sketch).ellipse((10, 10, 54, 54), outline="black", width=2)
    out = sketch_to_image.run(
        c.SketchToImageArgs(image="#1", prompt="a red ball"), {"image": sketch}, ctx
    )
    assert out.image is not None and out.image.size == (64, 64)
    name, kwargs = only_call(calls)
    assert name == "StableDiffusionXLControlNetPipeline"
    control = np.asarray(kwargs["image"].convert("L"))
    assert control[32, 32] == 0 and control[32, 10] == 255  # black ground, white stroke


def _pose_map() -> Image.Image:
    pose = Image.new("RGB", (64, 64), "black")
    draw = ImageDraw.Draw(pose)
    draw.line((32, 10, 32, 40), fill=(255, 0, 85), width=3)
    draw.line((32, 40, 20, 60), fill=(0, 255, 0), width=3)
    draw.line((32, 20, 50, 30), fill=(0, 85, 255), width=3)
    return pose


def test_pose_to_image_uses_a_pose_map_as_given(ctx: SkillContext, calls: Calls) -> None:
    pose = _pose_map()
    out = pose_to_image.run(
        c.PoseToImageArgs(image="#1", prompt="an astronaut"), {"image": pose}, ctx
    )
    assert out.image is not None and out.image.size == (64, 64)
    _, kwargs = only_call(calls)
    assert ImageChops.difference(kwargs["image"], pose).getbbox() is None


def test_pose_from_a_photo_needs_the_estimator(ctx: SkillContext, photo: Image.Image) -> None:
    assert not pose_to_image.looks_like_pose_map(photo)
    with pytest.raises(ModelMissingError, match="Annotators"):
        pose_to_image.run(c.PoseToImageArgs(image="#1", prompt="x"), {"image": photo}, ctx)


@pytest.mark.parametrize(
    ("direction", "size"),
    [
        ("left", (80, 64)),
        ("right", (80, 64)),
        ("up", (64, 80)),
        ("down", (64, 80)),
        ("all", (96, 96)),
    ],
)
def test_outpaint_grows_in_the_direction(
    ctx: SkillContext, calls: Calls, photo: Image.Image, direction: str, size: tuple[int, int]
) -> None:
    out = outpaint.run(
        c.OutpaintArgs(image="#1", direction=direction),  # type: ignore[arg-type]
        {"image": photo},
        ctx,
    )
    assert out.image is not None and out.image.size == size
    _, kwargs = only_call(calls)
    mask = np.asarray(kwargs["mask_image"])
    assert mask.shape == (size[1], size[0])
    left = 16 if direction in ("left", "all") else 0
    top = 16 if direction in ("up", "all") else 0
    assert mask[top + 32, left + 32] == 0  # the original's centre is kept
    kept = out.image.crop((left + 8, top + 8, left + 56, top + 56))
    assert ImageChops.difference(kept, photo.crop((8, 8, 56, 56))).getbbox() is None


def test_style_reference_feeds_the_style_image(
    ctx: SkillContext, calls: Calls, photo: Image.Image
) -> None:
    style = Image.new("RGB", (40, 40), (250, 200, 0))
    out = style_reference.run(
        c.StyleReferenceArgs(image="#1", style_image="#2"),
        {"image": photo, "style_image": style},
        ctx,
    )
    assert out.image is not None and out.image.size == (64, 64)
    _, kwargs = only_call(calls)
    assert kwargs["ip_adapter_image"].getpixel((0, 0)) == (250, 200, 0)


def test_qr_code_decodes_before_the_art(ctx: SkillContext, calls: Calls) -> None:
    content = "https://example.org/dialogdraw"
    assert qr_art.decode(qr_art.qr_code(content)) == content
    out = qr_art.run(c.QrArtArgs(content=content, prompt="a forest"), {}, ctx)
    assert out.image is not None and out.image.size == (64, 64)
    name, kwargs = only_call(calls)
    assert name == "StableDiffusionControlNetPipeline"
    assert kwargs["prompt"] == "a forest"
    control = kwargs["image"]
    # The control image is the verified code, scaled with nearest so modules stay sharp.
    assert set(np.unique(np.asarray(control.convert("L")))) <= {0, 255}
    assert out.extra["qr_content"] == content and "scannable" in out.extra


def test_qr_refuses_content_too_long_for_a_code(ctx: SkillContext) -> None:
    with pytest.raises(SkillError, match="too much text"):
        qr_art.run(c.QrArtArgs(content="x" * 2000, prompt="art"), {}, ctx)


def test_grabcut_finds_the_subject_without_weights(photo: Image.Image) -> None:
    from pipelines.diffusion.masks import grabcut_mask

    mask = np.asarray(grabcut_mask(photo))
    assert mask[32, 32] == 255 and mask[2, 2] == 0 and mask[60, 60] == 0

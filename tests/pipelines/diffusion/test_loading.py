"""Loading: offline failures, caching, sharing, device defaults."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PIL import Image

from core.catalog import RemoveObjectArgs, TextToImageArgs
from core.jobs import ModelMissingError
from core.settings import ModelSettings
from pipelines.base import SkillContext
from pipelines.diffusion import img2img, remove_object, text_to_image
from pipelines.diffusion.loading import SD_TURBO, SDXL_BASE, SDXL_TURBO, model_id, plan
from pipelines.model_cache import ModelCache


@pytest.mark.parametrize("missing", ["/no/such/folder", "someone/not-downloaded-model"])
def test_missing_model_fails_fast_naming_it(
    make_ctx: Callable[..., SkillContext], missing: str
) -> None:
    ctx = make_ctx(text_to_image=missing, cache=ModelCache(10**9))
    started = time.perf_counter()
    with pytest.raises(ModelMissingError) as err:
        text_to_image.run(TextToImageArgs(prompt="a cat"), {}, ctx)
    assert time.perf_counter() - started < 5
    assert err.value.model == missing
    assert err.value.detail is not None  # the operator's words: which model, which setting
    assert missing in err.value.detail
    assert "DIALOGDRAW_MODELS__TEXT_TO_IMAGE" in err.value.detail
    assert missing not in err.value.user_message  # the chat user's: plain
    assert "DIALOGDRAW" not in err.value.user_message


def test_missing_clipseg_names_its_setting(
    make_ctx: Callable[..., SkillContext], photo: Image.Image
) -> None:
    ctx = make_ctx(clipseg="/no/clipseg", cache=ModelCache(10**9))
    with pytest.raises(ModelMissingError, match="DIALOGDRAW_MODELS__CLIPSEG"):
        remove_object.run(RemoveObjectArgs(image="#1", target="disc"), {"image": photo}, ctx)


def test_models_load_once_per_worker(make_ctx: Callable[..., SkillContext]) -> None:
    cache = ModelCache(10**9)
    ctx = make_ctx(cache=cache)
    text_to_image.run(TextToImageArgs(prompt="a"), {}, ctx)
    first = cache.keys()
    base = cache.peek(first[0])
    text_to_image.run(TextToImageArgs(prompt="b"), {}, ctx)
    assert cache.keys() == first
    assert cache.peek(first[0]) is base


def test_img2img_shares_the_base_weights(make_ctx: Callable[..., SkillContext]) -> None:
    from diffusers import StableDiffusionXLImg2ImgPipeline

    from pipelines.diffusion.loading import derive

    ctx = make_ctx(cache=ModelCache(10**9))
    base = img2img.base_pipeline(ctx)
    sibling = derive(base, StableDiffusionXLImg2ImgPipeline)
    assert sibling.unet is base.unet and sibling.vae is base.vae


def test_auto_model_and_defaults_follow_the_device() -> None:
    cache = ModelCache(1)
    cpu = SkillContext(models=ModelSettings(), cache=cache, device="cpu", seed=0)
    gpu = SkillContext(models=ModelSettings(), cache=cache, device="cuda", seed=0)
    # On a CPU the small one-step SD-Turbo draws; the edit skills keep the SDXL family
    # (their ControlNets and IP-Adapter are SDXL ones). On CUDA both are SDXL base.
    assert model_id(cpu, "text_to_image") == SD_TURBO
    assert model_id(cpu, "sdxl_base") == SDXL_TURBO
    assert model_id(gpu, "text_to_image") == model_id(gpu, "sdxl_base") == SDXL_BASE
    assert plan(cpu, model_id(cpu, "text_to_image")).steps <= 4
    cpu_plan = plan(cpu, model_id(cpu, "text_to_image"))
    assert (cpu_plan.steps, cpu_plan.size, cpu_plan.guidance_scale) == (1, 512, 0.0)
    assert plan(cpu, model_id(cpu, "sdxl_base")).steps == 1
    assert plan(gpu, SDXL_TURBO).steps == 4  # steps are cheap on a GPU
    gpu_plan = plan(gpu, model_id(gpu, "text_to_image"))
    assert (gpu_plan.steps, gpu_plan.size) == (30, 1024)
    override = SkillContext(
        models=ModelSettings(steps=2, size=64), cache=cache, device="cuda", seed=0
    )
    assert plan(override, "x").steps == 2 and plan(override, "x").size == 64


def test_text_to_image_and_sdxl_base_naming_one_model_share_one_copy(
    make_ctx: Callable[..., SkillContext],
) -> None:
    # As on CUDA, where both settings are SDXL base: same class, model and device.
    cache = ModelCache(10**9)
    ctx = make_ctx(cache=cache)
    assert ctx.models.text_to_image == ctx.models.sdxl_base
    text_to_image.run(TextToImageArgs(prompt="a"), {}, ctx)
    assert img2img.base_pipeline(ctx) is cache.peek(cache.keys()[0])
    assert len(cache.keys()) == 1


def test_missing_sdxl_base_names_its_setting(
    make_ctx: Callable[..., SkillContext], photo: Image.Image
) -> None:
    from core.catalog import ImageVariationArgs
    from pipelines.diffusion import image_variation

    ctx = make_ctx(sdxl_base="/no/sdxl", cache=ModelCache(10**9))
    with pytest.raises(ModelMissingError, match="DIALOGDRAW_MODELS__SDXL_BASE"):
        image_variation.run(ImageVariationArgs(image="#1"), {"image": photo}, ctx)

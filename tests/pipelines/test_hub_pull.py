"""`dialogdraw models` and `models pull` against a local fake hub, then loading by hub id.

The fake hub serves tiny random models that carry the clutter real repos carry (a
.bin duplicate, an fp16 variant, a single-file checkpoint, ONNX and Flax exports),
so the tests can see that a pull fetches only what the loaders read.
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import huggingface_hub.constants as hub_constants
import pytest
import torch
import typer
from huggingface_hub.utils import (
    are_progress_bars_disabled,
    disable_progress_bars,
    enable_progress_bars,
)
from typer.testing import CliRunner

from core.catalog import SKILLS, TextToImageArgs
from core.settings import ModelSettings
from dialogdraw import cmd_models
from pipelines import hub
from pipelines.base import SkillContext
from pipelines.model_cache import ModelCache
from pipelines.models_inventory import PACKAGE, declared_loads
from tests.pipelines.fake_hub import FakeHub, serving
from tests.tiny_models import build_clipseg, build_ip_adapter, build_sd, build_sdxl

SDXL = "tiny-org/tiny-sdxl"
CLIPSEG = "tiny-org/tiny-clipseg"
IP_ADAPTER = "tiny-org/tiny-ip-adapter"
UNET = "unet/diffusion_pytorch_model.safetensors"
# What a real SDXL repo carries besides the diffusers weights, none of it read here.
CLUTTER = {
    "unet/diffusion_pytorch_model.bin": b"pickle duplicate" * 64,
    "text_encoder/flax_model.msgpack": b"flax" * 64,
    "vae_decoder/config.json": b"{}",
    "vae_decoder/model.onnx": b"onnx" * 64,
    "sd_xl_tiny.safetensors": b"single-file checkpoint" * 64,
    "README.md": b"# tiny",
}


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repos")
    torch.manual_seed(0)
    pipe = build_sdxl(root / "sdxl")
    # The fp16 variant that real SDXL repos have next to the full-precision weights.
    pipe.unet.to(torch.float16).save_pretrained(root / "sdxl" / "unet", variant="fp16")
    build_clipseg(root / "clipseg")
    build_ip_adapter(pipe.unet, root / "ip-adapter")
    build_sd(root / "sd")
    return root


@pytest.fixture
def fake_hub(repos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    fake = FakeHub()
    fake.add_folder(SDXL, repos / "sdxl", **CLUTTER)
    fake.add_folder(CLIPSEG, repos / "clipseg", **{"pytorch_model.bin": b"duplicate" * 64})
    # h94/IP-Adapter holds many adapters; style_reference reads one.
    others = (
        "sdxl_models/ip-adapter_sdxl.bin",
        "sdxl_models/ip-adapter-plus_sdxl_vit-h.safetensors",
    )
    fake.add_folder(IP_ADAPTER, repos / "ip-adapter", **{p: b"other" * 64 for p in others})
    with serving(fake):
        monkeypatch.setenv("HF_ENDPOINT", fake.url)
        monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
        # Loaders that look ids up through huggingface_hub itself (load_ip_adapter) read this.
        monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
        monkeypatch.delenv("HF_TOKEN", raising=False)
        # The test session runs offline (tests/conftest.py); a pull is the one exception.
        monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", False)
        # Small chunks, so a connection dropped half-way has written some of the file.
        monkeypatch.setattr(hub_constants, "DOWNLOAD_CHUNK_SIZE", 16 * 1024)
        # A skill loaded earlier in this process switched huggingface_hub's bars off
        # (loading.quiet_logs); `models pull` runs in a process of its own, with them on.
        quiet = are_progress_bars_disabled()
        enable_progress_bars()
        yield fake
        if quiet:
            disable_progress_bars()


def _cli() -> typer.Typer:
    app = typer.Typer()
    cmd_models.register(app)
    return app


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(_cli(), ["models", *args], terminal_width=200)
    return result.exit_code, result.stdout, result.stderr


def _settings(monkeypatch: pytest.MonkeyPatch, **models: str) -> None:
    for name, value in models.items():
        monkeypatch.setenv(f"DIALOGDRAW_MODELS__{name.upper()}", value)


def test_pull_fetches_only_the_files_the_pipeline_loads(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settings(monkeypatch, text_to_image=SDXL)

    code, out, err = _run("pull", "text_to_image", "--device", "cpu")

    assert code == 0, out + err
    fetched = set(fake_hub.downloads())
    repo = fake_hub.repos[SDXL].files
    wanted = {
        p
        for p in repo
        if p == "model_index.json"
        or (
            p.split("/")[0] in {"unet", "vae", "scheduler", "text_encoder", "text_encoder_2"}
            and p.endswith((".json", "diffusion_pytorch_model.safetensors", "model.safetensors"))
        )
        or p.split("/")[0] in {"tokenizer", "tokenizer_2"}
    }
    snapshot = hub.snapshot_folder(SDXL)
    assert snapshot is not None
    # Identical files (tokenizer_2 is tokenizer's copy) share one blob, fetched once.
    assert {
        p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()
    } == wanted
    assert fetched <= wanted
    assert not fetched & set(CLUTTER)
    assert "unet/diffusion_pytorch_model.fp16.safetensors" not in fetched
    # The size is said before anything is fetched, and huggingface_hub's bars show progress.
    total = sum(len(repo[p]) for p in wanted)
    assert f"Total to download for cpu: {cmd_models.human(total)}" in out
    assert "Fetching" in err and "100%" in err


def test_pull_on_cuda_takes_the_fp16_variant_and_falls_back(fake_hub: FakeHub) -> None:
    files = fake_hub.repos[SDXL].files
    index = json.loads(files["model_index.json"])

    cuda = hub.select_files(files, device="cuda", model_index=index)

    assert "unet/diffusion_pytorch_model.fp16.safetensors" in cuda
    assert UNET not in cuda
    # Components without an fp16 file keep their only weights.
    assert "vae/diffusion_pytorch_model.safetensors" in cuda
    assert not set(cuda) & set(CLUTTER)
    # The SD1.x loaders pass safety_checker=None: its weights are not fetched.
    sd15 = {**index, "safety_checker": ["stable_diffusion", "StableDiffusionSafetyChecker"]}
    checker = {"safety_checker/config.json", "safety_checker/model.safetensors"}
    assert not set(hub.select_files([*files, *checker], device="cpu", model_index=sd15)) & checker


def test_pull_resumes_a_dropped_download_and_a_rerun_fetches_nothing(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settings(monkeypatch, text_to_image=SDXL)
    fake_hub.break_once.add(UNET)

    code, out, err = _run("pull", "text_to_image", "--device", "cpu")

    assert code == 0, out + err
    ranges = [r for method, path, r in fake_hub.requests if method == "GET" and path == UNET]
    assert ranges[0] is None and ranges[1] is not None and ranges[1].startswith("bytes=")
    assert int(ranges[1].removeprefix("bytes=").rstrip("-")) > 0  # resumed, not restarted
    cached = hub.snapshot_folder(SDXL)
    assert cached is not None
    original = fake_hub.repos[SDXL].files[UNET]
    assert (
        hashlib.sha256((cached / UNET).read_bytes()).digest() == hashlib.sha256(original).digest()
    )

    fake_hub.requests.clear()
    code, out, err = _run("pull", "text_to_image", "--device", "cpu")
    assert code == 0, out + err
    assert fake_hub.downloads() == []
    assert "already here" in out


def test_pull_refuses_offline_mode_with_the_line_to_run(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)

    code, _out, err = _run("pull", "--all", "--device", "cpu")

    assert code == 2
    assert "HF_HUB_OFFLINE=0 dialogdraw models pull" in err
    assert fake_hub.requests == []


def test_pull_says_how_to_log_in_for_a_gated_model(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_hub.repos[SDXL].gated = True
    _settings(monkeypatch, text_to_image=SDXL)

    code, _out, err = _run("pull", "text_to_image", "--device", "cpu")

    assert code == 1
    said = " ".join(err.split())
    assert "gated" in said and "huggingface-cli login" in said and "HF_TOKEN" in said
    assert f"https://huggingface.co/{SDXL}" in said


def test_pull_without_network_says_so_once(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    monkeypatch.setenv("HF_ENDPOINT", closed)
    _settings(monkeypatch, text_to_image=SDXL, clipseg=CLIPSEG)

    code, _out, err = _run("pull", "remove_object", "text_to_image", "--device", "cpu")

    assert code == 1
    assert err.count("Cannot reach") == 1 and closed in err


def test_pulled_hub_ids_load_offline_and_models_json_says_present(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diffusers import StableDiffusionXLPipeline
    from transformers import CLIPSegForImageSegmentation, CLIPSegProcessor

    from pipelines.diffusion import text_to_image
    from pipelines.diffusion.loading import load_model, load_pipeline

    _settings(monkeypatch, text_to_image=SDXL, clipseg=CLIPSEG, inpaint="someone/not-pulled")
    code, before, _ = _run("--json", "--device", "cpu")
    assert code == 0
    assert {e["skill"]: e["present"] for e in json.loads(before)}["text_to_image"] is False

    code, out, err = _run("pull", "text_to_image", "clipseg", "--device", "cpu")
    assert code == 0, out + err

    # Workers run offline and know only the ids: no folder setting per model.
    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    models = ModelSettings(text_to_image=SDXL, clipseg=CLIPSEG, steps=1, size=64)
    ctx = SkillContext(models=models, cache=ModelCache(10**9), device="cpu", seed=0)
    pipe = load_pipeline(ctx, "text_to_image", StableDiffusionXLPipeline)
    assert pipe.unet.dtype == torch.float32
    result = text_to_image.run(TextToImageArgs(prompt="a cat"), {}, ctx)
    assert result.image is not None and result.model == SDXL
    assert load_model(ctx, "clipseg", CLIPSegForImageSegmentation) is not None
    assert load_model(ctx, "clipseg", CLIPSegProcessor) is not None

    code, after, _ = _run("--json", "--device", "cpu")
    entries = {e["skill"]: e for e in json.loads(after)}
    assert len(entries) == len(SKILLS) == 22
    assert entries["text_to_image"]["present"] is True
    assert entries["text_to_image"]["models"] == [SDXL]
    assert entries["text_to_image"]["size_bytes"] > 0
    # remove_object needs inpaint too, which was not pulled.
    assert entries["remove_object"]["models"] == ["someone/not-pulled", CLIPSEG]
    assert entries["remove_object"]["present"] is False
    assert entries["chat"] == entries["chat"] | {"models": [], "present": True}


def test_models_json_lists_the_auto_models_per_device(fake_hub: FakeHub) -> None:
    code, out, _ = _run("--json", "--device", "cpu")
    assert code == 0
    cpu = {e["skill"]: e for e in json.loads(out)}
    # text_to_image draws with the small SD-Turbo; the edit skills stay SDXL (SDXL-Turbo).
    assert cpu["text_to_image"]["models"] == [hub.SD_TURBO]
    assert cpu["text_to_image"]["needs"][0]["suits"] == "cpu, cuda"
    assert 4 < cpu["text_to_image"]["memory_gib"] < 6  # SD 2.x: ~1.3 B parameters in fp32
    assert cpu["image_variation"]["models"] == [hub.SDXL_TURBO]
    assert cpu["image_variation"]["needs"][0]["setting"] == "sdxl_base"
    assert cpu["sketch_to_image"]["models"][1] == hub.SDXL_TURBO
    assert cpu["style_reference"]["models"][0] == hub.SDXL_TURBO

    code, out, _ = _run("--json", "--device", "cuda")
    cuda = {e["skill"]: e for e in json.loads(out)}
    assert cuda["text_to_image"]["models"] == cuda["image_variation"]["models"] == [hub.SDXL_BASE]


def test_pulled_sd_turbo_draws_by_auto_on_cpu(
    fake_hub: FakeHub, repos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diffusers import StableDiffusionPipeline

    from pipelines.diffusion import text_to_image

    # The tiny SD stands in for stabilityai/sd-turbo; text_to_image is left at "auto".
    fake_hub.add_folder(hub.SD_TURBO, repos / "sd", **{"sd_turbo.safetensors": b"single" * 64})
    code, out, err = _run("pull", "text_to_image", "--device", "cpu")
    assert code == 0, out + err
    assert "sd_turbo.safetensors" not in fake_hub.downloads()
    assert not any(p.startswith("text_encoder_2/") for p in fake_hub.downloads())

    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    ctx = SkillContext(models=ModelSettings(size=64), cache=ModelCache(10**9), device="cpu", seed=0)
    result = text_to_image.run(TextToImageArgs(prompt="a cat"), {}, ctx)
    assert result.image is not None and result.model == hub.SD_TURBO
    (key,) = ctx.cache.keys()
    assert isinstance(ctx.cache.peek(key), StableDiffusionPipeline)
    code, out, _ = _run("--json", "--device", "cpu")
    assert {e["skill"]: e["present"] for e in json.loads(out)}["text_to_image"] is True


def test_hub_declarations_name_real_settings_and_cover_every_model_setting() -> None:
    used: set[str] = set()
    for spec in SKILLS:
        for entry in declared_loads(spec.implementation):
            assert entry.startswith(PACKAGE) or entry in ModelSettings.model_fields, entry
            used.add(entry)
    # Every model a setting names is loaded by some skill; upscaler picks among shipped ones.
    settings = set(ModelSettings.model_fields) - {"device", "steps", "size", "upscaler"}
    assert settings <= used


def test_hub_weights_pulled_for_cuda_load_where_only_fp16_is_cached(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diffusers import StableDiffusionXLPipeline

    from pipelines.diffusion.loading import load_pipeline

    _settings(monkeypatch, text_to_image=SDXL)
    code, out, err = _run("pull", "text_to_image", "--device", "cuda")
    assert code == 0, out + err
    assert "unet/diffusion_pytorch_model.fp16.safetensors" in fake_hub.downloads()
    assert UNET not in fake_hub.downloads()

    # diffusers reads fp16 files only when asked for the variant: the loader asks.
    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    models = ModelSettings(text_to_image=SDXL, steps=1, size=64)
    ctx = SkillContext(models=models, cache=ModelCache(10**9), device="cpu", seed=0)
    pipe = load_pipeline(ctx, "text_to_image", StableDiffusionXLPipeline)
    assert pipe.unet.dtype == torch.float32


def test_pull_takes_only_the_ip_adapter_style_reference_loads(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from core.catalog import StyleReferenceArgs
    from pipelines.diffusion import style_reference

    _settings(monkeypatch, text_to_image=SDXL, sdxl_base=SDXL, ip_adapter=IP_ADAPTER)
    code, out, err = _run("pull", "style_reference", "--device", "cpu")
    assert code == 0, out + err
    snapshot = hub.snapshot_folder(IP_ADAPTER)
    assert snapshot is not None
    assert sorted(
        p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()
    ) == [
        "sdxl_models/image_encoder/config.json",
        "sdxl_models/image_encoder/model.safetensors",
        "sdxl_models/ip-adapter_sdxl.safetensors",
    ]

    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    models = ModelSettings(
        text_to_image=SDXL, sdxl_base=SDXL, ip_adapter=IP_ADAPTER, steps=2, size=64
    )
    ctx = SkillContext(models=models, cache=ModelCache(10**9), device="cpu", seed=0)
    picture = Image.new("RGB", (64, 64), "red")
    result = style_reference.run(
        StyleReferenceArgs(image="#1", style_image="#2"),
        {"image": picture, "style_image": picture},
        ctx,
    )
    assert result.image is not None and result.model == f"{SDXL} + {IP_ADAPTER}"


def test_pulled_vqa_model_loads_by_hub_id(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pipelines.skills.describe_image import load_vlm
    from tests.pipelines.tiny_vlm import build_tiny_vlm

    vqa = "tiny-org/tiny-smolvlm"
    fake_hub.add_folder(vqa, build_tiny_vlm(tmp_path / "vlm"), **{"onnx/model.onnx": b"o" * 64})
    _settings(monkeypatch, vqa=vqa)
    code, out, err = _run("pull", "describe_image", "--device", "cpu")
    assert code == 0, out + err
    assert "onnx/model.onnx" not in fake_hub.downloads()

    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    assert load_vlm(vqa, "cpu").name == vqa

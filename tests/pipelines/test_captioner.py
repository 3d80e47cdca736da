"""The upload captioner: a sentence from the local VLM, nothing when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.engine import Captioner, DialogueEngine
from core.jobs import ModelMissingError
from core.messages import Attachment, ConversationKey, IncomingMessage, Sender
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import ModelSettings, Settings
from core.store import Store
from pipelines.captioner import MAX_CHARS, VlmCaptioner, build_captioner, tidy, vlm_present
from pipelines.model_cache import ModelCache
from pipelines.skills.describe_image import load_vlm
from tests.doubles import FakeIntentModel, RecordingOutbound, pil_runner, png
from tests.pipelines.skill_jobs import encode, photo
from tests.pipelines.tiny_vlm import build_tiny_vlm
from tests.safety_doubles import FixedCaptioner

KEY = ConversationKey("test", "chat-1")


@pytest.fixture(scope="module")
def tiny_vlm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_vlm(tmp_path_factory.mktemp("vlm") / "tiny-smolvlm")


def settings_for(vqa: str) -> Settings:
    return Settings(models=ModelSettings(device="cpu", vqa=vqa))


def test_an_upload_gets_a_one_line_caption(tiny_vlm: Path) -> None:
    captioner = build_captioner(settings_for(str(tiny_vlm)))
    assert captioner is not None

    text = captioner(encode(photo(1024, 768).convert("RGBA")))

    assert isinstance(text, str) and text
    assert "\n" not in text and len(text) <= MAX_CHARS + 1


def test_the_describe_image_models_copy_is_shared(tiny_vlm: Path) -> None:
    cache = ModelCache(2**30)
    captioner = build_captioner(settings_for(str(tiny_vlm)), cache)
    assert captioner is not None

    captioner(encode(photo()))

    assert cache.peek(f"vqa:{tiny_vlm}:cpu") is not None  # the key describe_image reads


def test_one_tile_is_asked_of_a_smolvlm_processor(tiny_vlm: Path) -> None:
    from pipelines.captioner import one_tile

    vlm = load_vlm(str(tiny_vlm), "cpu")
    processor = vlm.processor.image_processor
    processor.do_image_splitting = True  # as SmolVLM's own processor: 4×4 tiles + 1
    processor.size = {"longest_edge": 128}
    prompt = vlm.prompt("x")

    default = vlm.processor(text=prompt, images=[photo(1024, 768)], return_tensors="pt")
    single = vlm.processor(
        text=prompt, images=[photo(1024, 768)], return_tensors="pt", **one_tile(vlm)
    )

    assert default["pixel_values"].shape[1] > 1
    assert single["pixel_values"].shape[1] == 1


@pytest.mark.parametrize("vqa", ["no-such-org/no-such-vlm", "/nonexistent/folder/vlm"])
def test_no_captioner_without_the_weights(vqa: str) -> None:
    assert not vlm_present(vqa)
    assert build_captioner(settings_for(vqa)) is None


def test_a_folder_without_a_model_is_not_a_model(tmp_path: Path) -> None:
    assert build_captioner(settings_for(str(tmp_path))) is None


def test_a_model_that_fails_to_load_is_tried_once(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")  # looks present, does not load
    captioner = VlmCaptioner(str(tmp_path))

    with pytest.raises(ModelMissingError):
        captioner(encode(photo()))
    assert captioner(encode(photo())) == ""  # the engine keeps its generic caption


def test_tidy_keeps_one_short_line() -> None:
    assert tidy("  A dog\non a\u200b beach. ") == "A dog on a beach."
    long = tidy("word " * 100)
    assert len(long) <= MAX_CHARS + 1 and long.endswith("…")


def test_the_double_is_a_captioner() -> None:
    captioner: Captioner = FixedCaptioner("a cat")

    assert captioner(b"x") == "a cat"


async def test_the_caption_reaches_the_dialogue_the_intent_model_reads(
    settings: Settings, store: Store, intent: FakeIntentModel
) -> None:
    captioner = FixedCaptioner("a red disc on a blue gradient")
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    engine = DialogueEngine(settings, store, intent, queue, captioner=captioner)
    upload = Attachment(png(), "image/png", "disc.png")

    out = RecordingOutbound()

    await engine.handle(IncomingMessage(KEY, Sender("alice"), "make it anime", (upload,)), out)

    assert captioner.seen == [png()] and len(out.images) == 1
    [image] = intent.requests[-1].messages[-1].images
    assert (image.ref, image.caption) == ("#1", "a red disc on a blue gradient")
    await queue.close()


@pytest.mark.parametrize("queue_kind", ["local", "celery"])
async def test_running_engine_builds_no_captioner_without_the_vlm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, queue_kind: str
) -> None:
    import pipelines.captioner
    from dialogdraw.app import running_engine

    built: list[Captioner | None] = []

    def recording(settings: Settings, cache: ModelCache | None = None) -> Captioner | None:
        built.append(build_captioner(settings, cache))
        return built[-1]

    monkeypatch.setattr(pipelines.captioner, "build_captioner", recording)
    settings = Settings(
        data_dir=tmp_path / "data",
        queue=queue_kind,
        models=ModelSettings(device="cpu", vqa=str(tmp_path / "no-vlm-here")),
    )
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())

    async with running_engine(settings, intent=FakeIntentModel(), queue=queue) as engine:
        assert engine.captioner is None
    # With Celery the bot host does not even look for the VLM.
    assert built == ([None] if queue_kind == "local" else [])

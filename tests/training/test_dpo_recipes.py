"""DPO's settings and the LoRA layers come from the base family; DPO checks and writes profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from core.intent.profile import (
    AdapterMismatch,
    prompt_fingerprint,
    read_profile,
    trained_profile,
    write_profile,
)
from core.settings import Settings
from tests.learning.conftest import make_rows, smollm2_tokenizer, tiny_model_dir
from training.config import load_config
from training.dpo import dpo_arguments, dpo_recipe, load_policy, train_dpo
from training.dpo_config import DPOTrainConfig
from training.recipes import (
    ATTENTION_LAYERS,
    DEFAULT_FAMILY,
    LLAMA_LINEAR_LAYERS,
    RECIPES,
    DPORecipe,
    base_family,
    lora_targets,
)

__all__ = ["smollm2_tokenizer", "tiny_model_dir"]  # fixtures of the intent tests
SHIPPED = Path(__file__).resolve().parents[2] / "training" / "configs" / "dpo-smollm2.yaml"


def test_the_shipped_config_trains_smollm2_as_before(tmp_path: Path) -> None:
    config = load_config(DPOTrainConfig, SHIPPED, output_dir=str(tmp_path / "dpo"))

    args = dpo_arguments(config, torch.device("cpu"))

    # The values the YAML carried before the family table: conservative DPO, NLL anchor.
    assert dpo_recipe(config) == DPORecipe(
        beta=0.5,
        loss_type="sigmoid",
        label_noise=0.1,
        sft_weight=1.0,
        learning_rate=1e-4,
        epochs=2.0,
    )
    assert (args.beta, args.learning_rate, args.num_train_epochs) == (0.5, 1e-4, 2.0)
    assert (args.loss_type, args.loss_weights) == (["sigmoid", "sft"], [1.0, 1.0])
    assert args.label_smoothing == 0.1 and args.per_device_train_batch_size == 4


def test_a_value_set_in_the_config_wins_over_the_family() -> None:
    config = DPOTrainConfig(base_model="smollm2", beta=0.2, epochs=1.0)

    recipe = dpo_recipe(config)

    assert (recipe.beta, recipe.epochs) == (0.2, 1.0)
    assert recipe.learning_rate == RECIPES["smollm2"].dpo.learning_rate


def test_families_of_bases(tiny_model_dir: Path) -> None:
    assert base_family("smollm2") == "smollm2"
    assert base_family("HuggingFaceTB/SmolLM2-360M-Instruct") == "smollm2"
    assert base_family("Qwen/Qwen2.5-0.5B-Instruct") == DEFAULT_FAMILY
    assert base_family(str(tiny_model_dir)) == DEFAULT_FAMILY
    # The other family's DPO settings for another base, whatever the YAML is named.
    other = load_config(DPOTrainConfig, SHIPPED, base_model="google/gemma-3-270m-it")
    assert dpo_recipe(other) == RECIPES[DEFAULT_FAMILY].dpo


def test_one_table_of_lora_layers_for_sft_and_dpo() -> None:
    assert lora_targets("smollm2") == list(LLAMA_LINEAR_LAYERS)
    assert lora_targets("google/gemma-3-270m-it") == list(LLAMA_LINEAR_LAYERS)
    assert lora_targets("smollm2", ["q_proj"]) == ["q_proj"]


def test_dpo_refuses_a_start_adapter_of_another_base_before_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = tmp_path / "gemma-adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text("{}", encoding="utf-8")
    write_profile(adapter, trained_profile("google/gemma-3-270m-it", ["q_proj"]))

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the base model was loaded")

    monkeypatch.setattr("training.dpo.load_base_model", no_loading)
    config = DPOTrainConfig(base_model="smollm2", start_adapter=str(adapter))
    with pytest.raises(AdapterMismatch, match="google/gemma-3-270m-it"):
        load_policy(config, Settings(data_dir=tmp_path))


def test_a_dpo_run_writes_the_adapters_profile(tiny_model_dir: Path, tmp_path: Path) -> None:
    config = DPOTrainConfig(
        base_model=str(tiny_model_dir),
        output_dir=str(tmp_path / "adapter"),
        epochs=1,
        batch_size=4,
        threads=1,
    )

    result = train_dpo(config, make_rows(4), Settings(data_dir=tmp_path))

    profile = read_profile(result.adapter_dir)
    assert profile is not None and (tmp_path / "adapter" / "intent_profile.json").is_file()
    assert profile.base_model == str(tiny_model_dir.resolve())
    assert profile.prompt_fingerprint == prompt_fingerprint()
    # A fresh DPO LoRA trains the attention projections only.
    assert profile.target_modules == tuple(sorted(ATTENTION_LAYERS))

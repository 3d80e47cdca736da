"""SFT: a tiny run lowers the loss, saves a loadable adapter and resumes; examples; config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch
import yaml
from transformers import LlamaConfig, LlamaForCausalLM

import training.sft as sft_module
from core.catalog import CATALOG
from core.dialogue import Dialogue, PredictionRequest
from core.intent.factory import build_intent_model
from core.intent.profile import (
    IntentProfile,
    prompt_fingerprint,
    read_profile,
    trained_profile,
    write_profile,
)
from core.intent.prompt import intent_prompt, render_target
from core.settings import Settings
from tests.core.intent.conftest import smollm2_tokenizer
from training.config import SFTConfig, load_config
from training.examples import IGNORE, TurnTokenizer, tokenized_turns, turns
from training.recipes import LLAMA_LINEAR_LAYERS
from training.sft import SFTResult, train_sft, write_model_card
from training.synth import synthesize
from training.synth.splits import to_jsonl

INIT_RANGE = 0.3
__all__ = ["smollm2_tokenizer"]  # the intent tests' fixture: SmolLM2's real tokenizer


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, smollm2_tokenizer: Any) -> Path:
    """A tiny random llama with SmolLM2's tokenizer, initialised wide: with the usual 0.02
    its logits are all but flat, and a few LoRA steps could hardly move the loss."""
    folder = tmp_path_factory.mktemp("tiny-llama-sft")
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(smollm2_tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=4096,
        initializer_range=INIT_RANGE,
        eos_token_id=smollm2_tokenizer.eos_token_id,
        bos_token_id=smollm2_tokenizer.bos_token_id,
        tie_word_embeddings=True,
    )
    LlamaForCausalLM(config).save_pretrained(folder)
    smollm2_tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def dialogues() -> list[Dialogue]:
    return synthesize(8, seed=0)


@pytest.fixture
def train_file(tmp_path: Path, dialogues: list[Dialogue]) -> Path:
    path = tmp_path / "sft.jsonl"
    path.write_text(to_jsonl(dialogues), encoding="utf-8")
    return path


def _config(model: Path, train_file: Path, out: Path, **kw: Any) -> SFTConfig:
    values: dict[str, Any] = {
        "base_model": str(model),
        "train_file": str(train_file),
        "output_dir": str(out),
        "max_examples": 16,
        "batch_size": 4,
        "learning_rate": 0.05,
        "warmup_ratio": 0.0,
        "epochs": 3.0,
        "logging_steps": 1,
        "save_steps": 4,
        "eval_examples": 0,
        "threads": 1,  # the machine's other cores belong to other work
        **kw,
    }
    return SFTConfig(**values)


def test_tiny_sft_lowers_the_loss_and_saves_a_loadable_adapter(
    tiny_model_dir: Path, train_file: Path, tmp_path: Path, settings: Settings
) -> None:
    config = _config(tiny_model_dir, train_file, tmp_path / "adapter")

    result = train_sft(config, settings, resume=False)

    assert result.examples == 16
    assert result.steps == 12  # 16 turns / 4 a step x 3 epochs
    assert result.first_loss is not None and result.last_loss is not None
    assert result.last_loss < result.first_loss * 0.8
    assert (result.adapter_dir / "adapter_config.json").is_file()
    # Its profile: the tiny base, today's prompt, and (a base of the default family:
    # "all-linear") every linear layer peft found in the llama.
    assert read_profile(result.adapter_dir) == IntentProfile(
        str(tiny_model_dir.resolve()), prompt_fingerprint(), tuple(sorted(LLAMA_LINEAR_LAYERS))
    )
    intent = build_intent_model(
        settings, model=str(tiny_model_dir), adapter=str(result.adapter_dir)
    )
    intent.max_text_chars = 24  # a random model writes every string to the limit
    request = PredictionRequest.model_validate(
        {"id": "x/1", "messages": [{"role": "user", "text": "draw a cat on a sofa"}]}
    )
    decision = intent.predict(request).best
    assert decision.skill in CATALOG
    assert set(CATALOG[decision.skill].required_args) <= set(decision.args)


def test_training_resumes_from_its_last_checkpoint(
    tiny_model_dir: Path,
    train_file: Path,
    tmp_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "adapter"
    first = train_sft(_config(tiny_model_dir, train_file, out, epochs=1.0, save_steps=2), settings)
    assert first.steps == 4
    assert (out / "checkpoints" / "checkpoint-4").is_dir()
    found: list[str | None] = []
    real = sft_module.get_last_checkpoint

    def spy(folder: str) -> str | None:
        found.append(real(folder))
        return found[-1]

    monkeypatch.setattr(sft_module, "get_last_checkpoint", spy)

    second = train_sft(_config(tiny_model_dir, train_file, out, epochs=2.0, save_steps=2), settings)

    assert found == [str(out / "checkpoints" / "checkpoint-4")]
    assert second.steps == 8  # continued at step 5, not restarted
    assert (out / "checkpoints" / "checkpoint-8").is_dir()


def test_a_continuation_trains_its_earlier_stage_first_and_reads_new_turns(
    tiny_model_dir: Path, train_file: Path, tmp_path: Path, settings: Settings
) -> None:
    stage_one = _config(tiny_model_dir, train_file, tmp_path / "one", max_examples=8, epochs=1.0)
    first_yaml = tmp_path / "one.yaml"
    first_yaml.write_text(yaml.safe_dump(stage_one.__dict__), encoding="utf-8")
    stage_two = _config(
        tiny_model_dir,
        train_file,
        tmp_path / "two",
        max_examples=8,
        epochs=1.0,
        continue_from=str(first_yaml),
    )

    result = train_sft(stage_two, settings, resume=False)

    assert (tmp_path / "one" / "adapter_config.json").is_file()  # trained on the way
    assert result.examples == 8
    first_loss = result.first_loss
    assert first_loss is not None
    fresh = train_sft(
        _config(tiny_model_dir, train_file, tmp_path / "fresh", max_examples=8, epochs=1.0),
        settings,
        resume=False,
    )
    assert fresh.first_loss is not None
    # Stage two starts from stage one's weights, so it starts lower than a fresh adapter.
    assert first_loss < fresh.first_loss


def test_a_third_stage_skips_the_turns_of_both_earlier_stages(tmp_path: Path) -> None:
    def stage(name: str, max_examples: int | None, earlier: Path | None) -> Path:
        config = _config(
            tmp_path / "model",
            tmp_path / "train.jsonl",
            tmp_path / name,
            max_examples=max_examples,
            continue_from=str(earlier) if earlier else None,
        )
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(config.__dict__), encoding="utf-8")
        return path

    two = stage("two", 5, stage("one", 3, None))
    three = load_config(SFTConfig, stage("three", None, two))

    assert sft_module.turns_seen(load_config(SFTConfig, two), three) == 3 + 5
    # Another shuffle (seed) is another order: nothing can be skipped.
    assert sft_module.turns_seen(load_config(SFTConfig, two), _reseeded(three)) == 0


def _reseeded(config: SFTConfig) -> SFTConfig:
    return SFTConfig(**{**config.__dict__, "seed": config.seed + 1})


def test_a_continuation_skips_the_turns_its_earlier_stage_read(smollm2_tokenizer: Any) -> None:
    tokenize = TurnTokenizer(smollm2_tokenizer)
    dialogues = synthesize(6, seed=1)
    everything, _ = tokenized_turns(dialogues, tokenize, max_length=400, max_examples=None, seed=3)
    rest, _ = tokenized_turns(
        dialogues, tokenize, max_length=400, max_examples=None, seed=3, skip=4
    )
    assert rest == everything[4:]


# ---- examples: what the loss sees ----


def test_labels_cover_the_answer_and_its_end_only(smollm2_tokenizer: Any) -> None:
    tokenize = TurnTokenizer(smollm2_tokenizer)
    # The last turn of a longer dialogue: earlier answers are in its history, untrained.
    dialogue = next(d for d in synthesize(20, seed=1) if len(d.turns) >= 3)
    request, skill, args = list(turns([dialogue]))[-1]

    example = tokenize(request, skill, args)

    answer = smollm2_tokenizer.encode(render_target(skill, args), add_special_tokens=False)
    answer.append(smollm2_tokenizer.eos_token_id)
    assert [label for label in example.labels if label != IGNORE] == answer
    assert example.input_ids[-len(answer) :] == answer
    # The system prompt comes from the cache: cached prefix + example body is the whole
    # inference prompt, token for token.
    prompt = smollm2_tokenizer.encode(
        intent_prompt(smollm2_tokenizer, request.messages), add_special_tokens=False
    )
    assert tokenize.prefix_ids + example.input_ids[: -len(answer)] == prompt
    assert len(tokenize.prefix_ids) > 100


def test_every_turn_of_a_dialogue_is_an_example(
    smollm2_tokenizer: Any, dialogues: list[Dialogue]
) -> None:
    tokenize = TurnTokenizer(smollm2_tokenizer)

    examples, too_long = tokenized_turns(
        dialogues, tokenize, max_length=10_000, max_examples=None, seed=0
    )

    assert len(examples) == sum(len(d.turns) for d in dialogues)
    assert too_long == 0
    short, dropped = tokenized_turns(dialogues, tokenize, max_length=60, max_examples=None, seed=0)
    assert all(len(e.input_ids) <= 60 for e in short)
    assert len(short) + dropped == len(examples)


def test_a_template_that_merges_across_the_prefix_is_refused(smollm2_tokenizer: Any) -> None:
    # As if the chat template joined the last system-prompt token with the next one: the
    # cached prefix would then not be what the model sees, so training must stop.
    tokenize = TurnTokenizer(smollm2_tokenizer)
    tokenize.prefix_ids = [*tokenize.prefix_ids[:-1], tokenize.prefix_ids[-1] + 1]
    request, skill, args = next(turns(synthesize(1, seed=0)))

    with pytest.raises(ValueError, match="system prompt boundary"):
        tokenize(request, skill, args)


# ---- config ----


def test_load_config_reads_yaml_then_overrides(tmp_path: Path) -> None:
    path = tmp_path / "sft.yaml"
    path.write_text(yaml.safe_dump({"epochs": 2.5, "lora_r": 4, "batch_size": 2}))

    config = load_config(SFTConfig, path, epochs=0.5, max_examples=None)

    assert (config.epochs, config.lora_r, config.batch_size) == (0.5, 4, 2)
    assert config.max_examples is None  # None overrides mean "not given", not "clear it"
    assert load_config(SFTConfig, None).learning_rate == SFTConfig().learning_rate


def test_load_config_refuses_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "sft.yaml"
    path.write_text("epochs: 1\nlearning_rat: 0.1\n")

    with pytest.raises(ValueError, match="learning_rat"):
        load_config(SFTConfig, path)
    with pytest.raises(ValueError, match="bogus"):
        load_config(SFTConfig, None, bogus=1)


def test_the_shipped_configs_load_and_chain_to_stage_one() -> None:
    configs = Path(__file__).resolve().parents[2] / "training" / "configs"

    for path in sorted(configs.glob("sft-*.yaml")):
        config = load_config(SFTConfig, path)
        base = config.base_model
        assert base in ("smollm2", "gemma3"), path
        seen = {path.name}
        while config.continue_from:  # every stage leads back to stage one, without loops
            earlier = configs.parents[1] / config.continue_from
            assert earlier.is_file() and earlier.name not in seen, path
            seen.add(earlier.name)
            config = load_config(SFTConfig, earlier)
            assert config.base_model == base, (path, earlier)  # one base along a chain
        assert config.max_examples, f"{path}: stage one reads a fixed number of turns"


def test_the_model_card_and_run_record_carry_the_profile(tmp_path: Path) -> None:
    write_profile(tmp_path, trained_profile("smollm2", ["v_proj", "q_proj"]))
    result = SFTResult(tmp_path, 16, 0, 4, 0.5, 1.0, 0.2, 60.0)

    card = write_model_card(result, SFTConfig(), {"train_loss": 0.5}, "dialogdraw train sft")

    text = card.read_text(encoding="utf-8")
    assert f"fingerprint `{prompt_fingerprint()}`" in text and "`q_proj`, `v_proj`" in text
    run = json.loads((tmp_path / "training_run.json").read_text(encoding="utf-8"))
    assert run["profile"]["base_model"] == "smollm2"

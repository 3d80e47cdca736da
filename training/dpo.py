"""Stage two of the paper: DPO of the intent adapter on preference pairs.

Starts from the active adapter (trainable), which is also the reference; the system
prompt is read by the base model through the prefix cache, as in SFT and inference
(see training.prefix_dpo for why this is not trl's DPOTrainer). β, the loss, the rate
and the epochs a config leaves unset are the base family's (training.recipes).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import TrainerCallback
from trl import DPOConfig

from core.intent.loading import load_base_model, pick_device
from core.intent.profile import check_adapter
from core.settings import Settings
from training.dpo_config import DPOTrainConfig
from training.preference_batches import (
    PairCollator,
    PairTokenizer,
    TokenizedPair,
    preference_accuracy,
    score_pairs,
    tokenize_pairs,
)
from training.prefix_cache import prefix_key_values
from training.prefix_dpo import PrefixDPOTrainer
from training.recipes import ATTENTION_LAYERS, DPORecipe, recipe_for
from training.sft import save_adapter, use_bf16

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


@dataclass
class DPOResult:
    adapter_dir: Path
    pairs: int
    skipped_too_long: int
    steps: int
    train_loss: float
    before: dict[str, float]
    after: dict[str, float]
    seconds: float


class _ProgressCallback(TrainerCallback):
    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **kwargs: Any) -> None:
        if logs and "loss" in logs:
            self.progress(f"step {state.global_step}/{state.max_steps}, loss {logs['loss']:.4f}")


def load_policy(config: DPOTrainConfig, settings: Settings) -> tuple[Any, Any, torch.device]:
    """The base model with the starting adapter made trainable (or a fresh LoRA)."""
    device = pick_device(settings.models.device)
    if config.start_adapter:
        # Before seconds of loading: DPO on another base's adapter would train noise.
        check_adapter(Path(config.start_adapter), config.base_model)
    loaded = load_base_model(config.base_model, settings.cache_dir, device)
    if config.start_adapter:
        model = PeftModel.from_pretrained(loaded.model, config.start_adapter, is_trainable=True)
    else:
        model = get_peft_model(
            loaded.model,
            LoraConfig(
                r=config.lora_r,
                lora_alpha=config.lora_alpha,
                target_modules=list(ATTENTION_LAYERS),
                task_type="CAUSAL_LM",
            ),
        )
    return model.to(device), loaded.tokenizer, device


def dpo_recipe(config: DPOTrainConfig) -> DPORecipe:
    """The DPO settings of this run: the config's own, else its base family's."""
    family = recipe_for(config.base_model).dpo
    given = {
        f.name: getattr(config, f.name)
        for f in dataclasses.fields(DPORecipe)
        if getattr(config, f.name) is not None
    }
    return dataclasses.replace(family, **given)


def train_dpo(
    config: DPOTrainConfig,
    rows: Sequence[dict[str, Any]],
    settings: Settings,
    progress: Progress = log.info,
) -> DPOResult:
    torch.manual_seed(config.seed)
    model, tokenizer, device = load_policy(config, settings)
    if device.type == "cpu":
        torch.set_num_threads(config.threads)
    pair_tokenizer = PairTokenizer(tokenizer)
    pairs, too_long = tokenize_pairs(rows, pair_tokenizer, config.max_length)
    if not pairs:
        raise ValueError("no preference pairs to train on")
    kv = prefix_key_values(model, pair_tokenizer.prefix_ids)
    # The starting adapter is the reference: its scores, once, before any update.
    reference = score_pairs(model, kv, pairs, pair_tokenizer.pad, config.batch_size)
    for pair, (chosen, rejected) in zip(pairs, reference, strict=True):
        pair.ref_chosen, pair.ref_rejected = chosen, rejected
    before = preference_accuracy(reference)
    progress(f"{len(pairs)} pairs; before: accuracy {before['accuracy']:.2f}")
    output_dir = Path(config.output_dir)
    trainer = PrefixDPOTrainer(
        model=model,
        args=dpo_arguments(config, device),
        train_dataset=[dataclasses.asdict(p) for p in pairs],
        data_collator=PairCollator(pair_tokenizer.pad),
        prefix_kv=kv,
        callbacks=[_ProgressCallback(progress)],
    )
    started = time.perf_counter()
    output = trainer.train()
    seconds = time.perf_counter() - started
    after = preference_accuracy(score_pairs(model, kv, pairs, pair_tokenizer.pad))
    save_adapter(model, tokenizer, output_dir, config.base_model)
    return DPOResult(
        adapter_dir=output_dir,
        pairs=len(pairs),
        skipped_too_long=too_long,
        steps=output.global_step,
        train_loss=float(output.training_loss),
        before=before,
        after=after,
        seconds=seconds,
    )


def dpo_arguments(config: DPOTrainConfig, device: torch.device) -> DPOConfig:
    recipe = dpo_recipe(config)
    sft = recipe.sft_weight > 0
    return DPOConfig(
        output_dir=str(Path(config.output_dir) / "checkpoints"),
        beta=recipe.beta,
        loss_type=[recipe.loss_type] + (["sft"] if sft else []),
        loss_weights=[1.0] + ([recipe.sft_weight] if sft else []),
        label_smoothing=recipe.label_noise,
        learning_rate=recipe.learning_rate,
        num_train_epochs=recipe.epochs,
        per_device_train_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        lr_scheduler_type="constant",
        logging_steps=config.logging_steps,
        save_strategy="no",
        # DPOConfig turns it on by default; it drops the past cache the prefix lives in.
        gradient_checkpointing=False,
        report_to=[],
        remove_unused_columns=False,
        dataloader_num_workers=0,
        seed=config.seed,
        use_cpu=device.type == "cpu",
        bf16=use_bf16(device),
    )


def score_adapter_pairs(
    model: Any, tokenizer: Any, rows: Sequence[dict[str, Any]], max_length: int
) -> dict[str, float]:
    """Preference accuracy of a loaded model (adapter active) on preference rows."""
    pair_tokenizer = PairTokenizer(tokenizer)
    pairs: list[TokenizedPair] = tokenize_pairs(rows, pair_tokenizer, max_length)[0]
    kv = prefix_key_values(model, pair_tokenizer.prefix_ids)
    return preference_accuracy(score_pairs(model, kv, pairs, pair_tokenizer.pad))

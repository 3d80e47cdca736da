"""Stage one of the paper: LoRA supervised fine-tuning on DrawnConvos(SFT)."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import TrainingArguments
from transformers.trainer_utils import get_last_checkpoint

from core.intent.loading import load_base_model, pick_device
from core.intent.profile import (
    IntentProfile,
    check_adapter,
    read_profile,
    trained_profile,
    write_profile,
)
from core.settings import Settings
from training.config import SFTConfig, load_config
from training.examples import TokenizedTurn, TurnTokenizer, read_dialogues, tokenized_turns
from training.prefix_cache import prefix_key_values
from training.prefix_trainer import PrefixCacheTrainer, TurnCollator
from training.recipes import lora_targets

log = logging.getLogger(__name__)


@dataclass
class SFTResult:
    adapter_dir: Path
    examples: int
    skipped_too_long: int
    steps: int
    train_loss: float
    first_loss: float | None
    last_loss: float | None
    seconds: float


def train_sft(config: SFTConfig, settings: Settings, resume: bool = True) -> SFTResult:
    earlier = earlier_stage(config, settings, resume)
    torch.manual_seed(config.seed)
    device = pick_device(settings.models.device)
    # Without bf16 the base is read in float32 also on a GPU: the adapter then learns on
    # the same weights the CPU serves it with.
    dtype = None if config.bf16 else torch.float32
    loaded = load_base_model(config.base_model, settings.cache_dir, device, dtype)
    if device.type == "cpu":
        # After loading: inference tunes threads down to one; big training matmuls want all.
        torch.set_num_threads(config.threads)
    tokenizer = loaded.tokenizer
    turn_tokenizer = TurnTokenizer(tokenizer)
    examples, too_long = training_turns(config, turn_tokenizer, earlier)
    if earlier is not None:
        log.info("starting from the adapter of %s", earlier.output_dir)
        model = PeftModel.from_pretrained(loaded.model, earlier.output_dir, is_trainable=True)
    else:
        model = new_lora(loaded.model, config)
    output_dir = Path(config.output_dir)
    trainer = PrefixCacheTrainer(
        model=model,
        args=training_arguments(config, device),
        train_dataset=[dataclasses.asdict(e) for e in examples],
        data_collator=TurnCollator(int(tokenizer.pad_token_id or turn_tokenizer.eos)),
        prefix_kv=prefix_key_values(model, turn_tokenizer.prefix_ids),
    )
    checkpoints = output_dir / "checkpoints"
    checkpoint = get_last_checkpoint(str(checkpoints)) if resume and checkpoints.is_dir() else None
    started = time.perf_counter()
    output = trainer.train(resume_from_checkpoint=checkpoint)
    seconds = time.perf_counter() - started
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    save_adapter(model, tokenizer, output_dir, config.base_model)
    return SFTResult(
        adapter_dir=output_dir,
        examples=len(examples),
        skipped_too_long=too_long,
        steps=output.global_step,
        train_loss=float(output.training_loss),
        first_loss=losses[0] if losses else None,
        last_loss=losses[-1] if losses else None,
        seconds=seconds,
    )


def training_turns(
    config: SFTConfig, turn_tokenizer: TurnTokenizer, earlier: SFTConfig | None
) -> tuple[list[TokenizedTurn], int]:
    """The turns this run trains on (those of earlier stages skipped), and how many were
    too long."""
    examples, too_long = tokenized_turns(
        read_dialogues(Path(config.train_file)),
        turn_tokenizer,
        max_length=config.max_length,
        max_examples=config.max_examples,
        seed=config.seed,
        skip=turns_seen(earlier, config) if earlier else 0,
    )
    if not examples:
        raise ValueError(f"no training turns in {config.train_file}")
    log.info("%d training turns (%d too long, skipped)", len(examples), too_long)
    return examples, too_long


def training_arguments(config: SFTConfig, device: torch.device) -> TrainingArguments:
    return TrainingArguments(
        output_dir=str(Path(config.output_dir) / "checkpoints"),
        per_device_train_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        num_train_epochs=config.epochs,
        learning_rate=config.learning_rate,
        lr_scheduler_type="cosine",
        warmup_steps=config.warmup_ratio,  # a float below 1 is a share of all steps
        logging_steps=config.logging_steps,
        save_steps=config.save_steps,
        save_total_limit=2,
        report_to=[],
        remove_unused_columns=False,
        dataloader_num_workers=0,
        seed=config.seed,
        use_cpu=device.type == "cpu",
        bf16=config.bf16 and use_bf16(device),
        # Turns differ a lot in length: batching similar ones wastes less on padding.
        train_sampling_strategy="group_by_length",
    )


def new_lora(model: Any, config: SFTConfig) -> Any:
    return get_peft_model(
        model,
        LoraConfig(
            r=config.lora_r,
            lora_alpha=config.lora_alpha,
            lora_dropout=config.lora_dropout,
            target_modules=lora_targets(config.base_model, config.target_modules),
            task_type="CAUSAL_LM",
        ),
    )


def save_adapter(model: Any, tokenizer: Any, folder: Path, base_model: str) -> None:
    """The adapter, its tokenizer and its profile (what loading checks it against); SFT
    and DPO save alike."""
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    # After "all-linear" peft holds the layers it found, so this is what was trained.
    targets = model.peft_config[model.active_adapter].target_modules
    write_profile(folder, trained_profile(base_model, targets))


def earlier_stage(config: SFTConfig, settings: Settings, resume: bool) -> SFTConfig | None:
    """The run this one continues, trained first if its adapter is not there yet, so one
    command reproduces the whole chain."""
    if not config.continue_from:
        return None
    earlier = load_config(SFTConfig, Path(config.continue_from))
    if earlier.base_model != config.base_model:
        raise ValueError(f"{config.continue_from} trains another base model")
    if not (Path(earlier.output_dir) / "adapter_config.json").is_file():
        log.info("training the earlier stage %s first", config.continue_from)
        train_sft(earlier, settings, resume=resume)
    # Its config may have been edited since its adapter was trained: the profile says.
    check_adapter(Path(earlier.output_dir), config.base_model)
    return earlier


def turns_seen(earlier: SFTConfig, config: SFTConfig) -> int:
    """How many turns of this run's shuffled order the earlier stages already trained on:
    the earlier run's own turns plus those its own earlier stages read, down the chain."""
    same_order = (earlier.train_file, earlier.seed, earlier.max_length) == (
        config.train_file,
        config.seed,
        config.max_length,
    )
    if not same_order:
        return 0
    before = 0
    if earlier.continue_from:
        before = turns_seen(load_config(SFTConfig, Path(earlier.continue_from)), earlier)
    return before + (earlier.max_examples or 0)


def use_bf16(device: torch.device) -> bool:
    """bf16 autocast where the hardware has it (CUDA, or CPUs with AVX512-BF16/AMX, where
    it measured 1.5x faster than float32 here); the adapter is saved in float32."""
    if device.type == "cuda":
        return bool(torch.cuda.is_bf16_supported())
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def write_model_card(
    result: SFTResult, config: SFTConfig, metrics: dict[str, Any], command: str
) -> Path:
    card = result.adapter_dir / "README.md"
    profile = read_profile(result.adapter_dir)
    lines = [
        "# DialogDraw intent adapter (LoRA, SFT)",
        "",
        f"- base model: `{config.base_model}`",
        f"- data: `{config.train_file}` (DrawnConvos, data seed {config.data_seed}), "
        f"{result.examples} turns ({result.skipped_too_long} longer than {config.max_length} "
        "tokens left out)",
        f"- command: `{command}`",
        f"- training: {result.steps} steps in {result.seconds / 60:.1f} min, "
        f"loss {result.first_loss} → {result.last_loss} (mean {result.train_loss:.4f})",
        f"- device: {'cuda' if torch.cuda.is_available() else 'cpu'}",
        *profile_lines(profile),
        "",
        "## Config",
        "",
        "```json",
        json.dumps(dataclasses.asdict(config), indent=2),
        "```",
        "",
        "## Metrics",
        "",
        "```json",
        json.dumps(metrics, indent=2),
        "```",
    ]
    card.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (result.adapter_dir / "training_run.json").write_text(
        json.dumps(
            {
                "config": dataclasses.asdict(config),
                "metrics": metrics,
                "command": command,
                "seconds": result.seconds,
                "steps": result.steps,
                "examples": result.examples,
                "profile": profile.to_dict() if profile else None,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return card


def profile_lines(profile: IntentProfile | None) -> list[str]:
    """The model card's line on what the adapter is for (intent_profile.json)."""
    if profile is None:
        return []
    return [
        f"- profile (`intent_profile.json`): base `{profile.base_model}`, prompt and "
        f"grammar fingerprint `{profile.prompt_fingerprint}`, LoRA on "
        + ", ".join(f"`{m}`" for m in profile.target_modules)
    ]

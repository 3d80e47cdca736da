"""Training configurations: dataclasses with help on every field, loaded from YAML."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

C = TypeVar("C")


def load_config(cls: type[C], path: Path | None, **overrides: Any) -> C:
    """A config from a YAML file (unknown keys are an error), then explicit overrides."""
    data: dict[str, Any] = {}
    if path is not None:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data.update({k: v for k, v in overrides.items() if v is not None})
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"unknown {cls.__name__} keys: {', '.join(unknown)}")
    return cls(**data)


@dataclass
class SFTConfig:
    base_model: str = field(
        default="smollm2",
        metadata={"help": "'smollm2' (the offline default), a hub id or a local folder"},
    )
    train_file: str = field(
        default="data/drawnconvos/drawnconvos-sft.jsonl",
        metadata={"help": "DrawnConvos(SFT) dialogues; `dialogdraw data synth` writes them"},
    )
    data_seed: int = field(default=0, metadata={"help": "the seed the data was made with"})
    max_examples: int | None = field(
        default=None, metadata={"help": "train on at most this many turns (None: all)"}
    )
    output_dir: str = field(default="data/adapters/sft", metadata={"help": "adapter folder"})
    epochs: float = field(default=1.0, metadata={"help": "passes over the examples"})
    learning_rate: float = field(default=1e-3, metadata={"help": "peak learning rate (LoRA)"})
    warmup_ratio: float = field(default=0.03, metadata={"help": "share of steps warming up"})
    batch_size: int = field(default=8, metadata={"help": "turns per step"})
    grad_accum: int = field(default=1, metadata={"help": "steps accumulated per update"})
    max_length: int = field(
        default=320, metadata={"help": "dialogue + answer tokens after the system prompt"}
    )
    lora_r: int = field(default=8, metadata={"help": "LoRA rank"})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA scaling numerator"})
    lora_dropout: float = field(default=0.0, metadata={"help": "LoRA dropout"})
    target_modules: list[str] | None = field(
        default=None,
        metadata={"help": "linear layers that get LoRA (None: the base family's)"},
    )
    seed: int = field(default=0, metadata={"help": "training seed (shuffling, init)"})
    save_steps: int = field(default=200, metadata={"help": "checkpoint every N steps"})
    logging_steps: int = field(default=10, metadata={"help": "log the loss every N steps"})
    eval_examples: int = field(
        default=200, metadata={"help": "held-out TEST turns evaluated after training (0: none)"}
    )
    eval_file: str = field(
        default="data/drawnconvos/drawnconvos-test.jsonl",
        metadata={"help": "dialogues for the evaluation after training"},
    )
    threads: int = field(default=2, metadata={"help": "torch CPU threads"})
    bf16: bool = field(
        default=True,
        metadata={
            "help": "on a GPU with bf16, train in bf16; false trains in float32 everywhere, "
            "the precision the CPU serves the adapter in"
        },
    )
    continue_from: str | None = field(
        default=None,
        metadata={
            "help": "config of an earlier run whose adapter this run starts from (trained "
            "first when its adapter is missing); its turns are skipped, so this run reads new ones"
        },
    )

"""The DPO stage's configuration (YAML: training/configs/dpo-smollm2.yaml).

The optimisation settings (β, loss, label noise, SFT weight, learning rate, epochs) are
None unless a file or the command line sets them: then they are the base model family's
(training.recipes.RECIPES), so one YAML serves every base.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DPOTrainConfig:
    base_model: str = field(
        default="smollm2", metadata={"help": "the base model the adapters belong to"}
    )
    start_adapter: str | None = field(
        default=None,
        metadata={"help": "adapter to start from and to use as reference (the active one)"},
    )
    pairs_file: str = field(
        default="data/learning/pairs.jsonl",
        metadata={"help": "pairs exported by `dialogdraw data pairs` (trl preference rows)"},
    )
    output_dir: str = field(default="data/adapters/dpo", metadata={"help": "candidate folder"})
    beta: float | None = field(
        default=None, metadata={"help": "DPO temperature β (None: the base family's)"}
    )
    loss_type: str | None = field(
        default=None,
        metadata={
            "help": "'sigmoid' (DPO) or 'robust' (rDPO, for noisy chat labels); None: the "
            "base family's"
        },
    )
    label_noise: float | None = field(
        default=None,
        metadata={
            "help": "assumed share ε of flipped labels, in [0, 0.5): rDPO's ε for 'robust', "
            "label smoothing (cDPO) for 'sigmoid'; None: the base family's"
        },
    )
    sft_weight: float | None = field(
        default=None,
        metadata={
            "help": "weight of the chosen answers' NLL added to the preference loss "
            "(trl loss_type [..., 'sft'] with loss_weights; 0: none; None: the base family's)"
        },
    )
    offline_file: str | None = field(
        default="data/drawnconvos/drawnconvos-hf.jsonl",
        metadata={"help": "DrawnConvos(HF): offline pairs (gold over a look-alike) mixed in"},
    )
    offline_dialogues: int = field(
        default=2000,
        metadata={"help": "offline pairs come from this many first HF dialogues only"},
    )
    offline_pairs: int = field(
        default=0, metadata={"help": "offline pairs mixed into training (0: chat pairs only)"}
    )
    offline_weight: float = field(
        default=0.5, metadata={"help": "an offline pair's weight (chat pairs carry theirs)"}
    )
    learning_rate: float | None = field(
        default=None, metadata={"help": "peak learning rate (LoRA); None: the base family's"}
    )
    epochs: float | None = field(
        default=None, metadata={"help": "passes over the pairs; None: the base family's"}
    )
    batch_size: int = field(default=4, metadata={"help": "pairs per step"})
    grad_accum: int = field(default=1, metadata={"help": "steps accumulated per update"})
    max_length: int = field(
        default=384, metadata={"help": "dialogue + answer tokens after the system prompt"}
    )
    lora_r: int = field(default=8, metadata={"help": "LoRA rank, when no start adapter"})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA scaling, when no start adapter"})
    held_out_share: float = field(
        default=0.2, metadata={"help": "share of chat pairs kept out of training for the gate"}
    )
    eval_file: str | None = field(
        default="data/drawnconvos/drawnconvos-test.jsonl",
        metadata={"help": "DrawnConvos(TEST) for the gate's ISA (None or missing: skipped)"},
    )
    eval_examples: int = field(default=200, metadata={"help": "TEST turns sampled by the gate"})
    natural_files: list[str] = field(
        default_factory=lambda: [
            "training/data/natural.jsonl",
            "../shared/data/dev-dialogues.jsonl",
        ],
        metadata={"help": "natural test sets the gate scores too (missing ones are skipped)"},
    )
    max_isa_drop: float = field(
        default=0.005,
        metadata={
            "help": "largest ISA drop that still promotes, on all gate turns pooled and on "
            "each set (where a set allows at least one turn)"
        },
    )
    seed: int = field(default=0, metadata={"help": "training and sampling seed"})
    threads: int = field(default=2, metadata={"help": "torch CPU threads"})
    logging_steps: int = field(default=5, metadata={"help": "log the loss every N steps"})

"""Training recipes per base-model family: the LoRA layers (SFT and DPO) and DPO's settings.

One plain mapping from a family to its recipe. A configuration value left unset (None)
is the family's; one set in a YAML file or on the command line wins. Only SmolLM2 has
been measured; any other base gets the default family until someone measures it and
adds its family here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.intent.names import SMOLLM2
from core.intent.profile import base_model_id

DEFAULT_FAMILY = "default"

# A DPO run without a start adapter (offline experiments, tests) trains a fresh LoRA on
# the attention projections only, as it always has: a small, quick preference probe.
ATTENTION_LAYERS = ("q_proj", "k_proj", "v_proj", "o_proj")

LLAMA_LINEAR_LAYERS = (
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj",
)


@dataclass(frozen=True)
class DPORecipe:
    beta: float = field(metadata={"help": "DPO temperature β"})
    loss_type: str = field(
        metadata={"help": "'sigmoid' (DPO) or 'robust' (rDPO, for noisy chat labels)"}
    )
    label_noise: float = field(
        metadata={
            "help": "assumed share ε of flipped labels, in [0, 0.5): rDPO's ε for 'robust', "
            "label smoothing (cDPO) for 'sigmoid'"
        }
    )
    sft_weight: float = field(
        metadata={"help": "weight of the chosen answers' NLL added to the preference loss"}
    )
    learning_rate: float = field(metadata={"help": "peak learning rate (LoRA)"})
    epochs: float = field(metadata={"help": "passes over the pairs"})


@dataclass(frozen=True)
class FamilyRecipe:
    target_modules: tuple[str, ...] | str = field(
        metadata={
            "help": "layers that get LoRA in SFT (a fresh DPO LoRA takes ATTENTION_LAYERS); "
            "'all-linear' lets peft find every linear layer but the output head"
        }
    )
    dpo: DPORecipe = field(metadata={"help": "DPO settings a config leaves unset"})


RECIPES: dict[str, FamilyRecipe] = {
    # The chat pairs are few (tens) and noisy: conservative DPO (label smoothing, whose
    # loss stops at a margin of β·log(9) past the reference), the chosen answers' NLL as
    # an anchor. Measured on SmolLM2-135M: DPO at 2e-4 for 3 epochs on 17 pairs dropped
    # TEST ISA 0.93 → 0.69; rDPO (unbounded) at β 0.1 with this mix still cost 2.7 points.
    SMOLLM2: FamilyRecipe(
        target_modules=LLAMA_LINEAR_LAYERS,
        dpo=DPORecipe(
            beta=0.5,
            loss_type="sigmoid",
            label_noise=0.1,
            sft_weight=1.0,
            learning_rate=1e-4,
            epochs=2.0,
        ),
    ),
    # Unmeasured: common DPO starting values, which the gate judges like any other (a
    # candidate that loses ISA is kept but not promoted). The Llama-style layer names
    # every project base so far uses; a base that names them otherwise sets its own.
    DEFAULT_FAMILY: FamilyRecipe(
        target_modules=LLAMA_LINEAR_LAYERS,
        dpo=DPORecipe(
            beta=0.1,
            loss_type="robust",
            label_noise=0.1,
            sft_weight=0.0,
            learning_rate=2e-4,
            epochs=3.0,
        ),
    ),
}


def base_family(base_model: str) -> str:
    """The family of a base model: SmolLM2 in any size or form, else the default."""
    base = base_model_id(base_model)
    if base == SMOLLM2 or Path(base).name.lower().startswith(SMOLLM2):
        return SMOLLM2
    return DEFAULT_FAMILY


def recipe_for(base_model: str) -> FamilyRecipe:
    return RECIPES[base_family(base_model)]


def lora_targets(base_model: str, configured: list[str] | None = None) -> list[str] | str:
    """The LoRA layers of a new adapter: the configured ones, else the family's."""
    if configured:
        return list(configured)
    targets = recipe_for(base_model).target_modules
    return targets if isinstance(targets, str) else list(targets)

"""DPO on top of the prefix cache: a small Trainer instead of trl's DPOTrainer.

trl's DPOTrainer tokenizes prompt + completion and runs the whole sequence through the
policy (and reference). Ours must read the ~800-token system prompt with the adapter
disabled, exactly as inference (core.intent.model) and SFT (training.prefix_trainer) do,
or the candidate would be trained on inputs it never sees at run time; DPOTrainer has
no public hook for that. So this Trainer computes the loss itself, while trl's public
DPOConfig carries the hyper-parameters (beta, loss_type, label_smoothing) with its own
validation. Reference log-probabilities are computed once, before training, with the
same prefix cache and the starting adapter (the active model), so no second copy of the
model is held.

Losses, with Δ = β[(log π(c) − log π_ref(c)) − (log π(r) − log π_ref(r))]:
- sigmoid (Rafailov et al. 2023): −log σ(Δ);
- robust (rDPO, Chowdhury et al. 2024): [−(1−ε) log σ(Δ) + ε log σ(−Δ)] / (1−2ε), an
  unbiased loss when a share ε of the labels is flipped, which chat reactions are. It is
  unbounded below (its slope tends to −ε/(1−2ε)), so it keeps pushing margins apart;
- sigmoid with ε > 0 (cDPO, conservative DPO): −(1−ε) log σ(Δ) − ε log σ(−Δ), also for
  noisy labels, with its minimum at Δ = log((1−ε)/ε): each pair's margin moves at most
  that far from the reference's, which is what keeps a few dozen pairs from dragging the
  whole model along (measured: rDPO at β 0.1 grew the pairs' mean margin from 17 to 53
  nats and cost 2.7 points of TEST ISA).
- sft (as in trl, where loss_type=["sigmoid", "sft"] with loss_weights is MPO/RPO): the
  chosen answer's mean token negative log-likelihood. Added to a preference loss it keeps
  the chosen answers likely in absolute terms; DPO alone on a few dozen pairs can lower
  both answers and drift (measured here: TEST ISA 0.93 → 0.69 after 17 pairs).
Each pair's loss is weighted by its source weight (core.learning.pairs.WEIGHTS).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from transformers import Trainer
from trl import DPOConfig

from training.examples import IGNORE
from training.preference_batches import KV, sequence_logprobs


def dpo_losses(delta: torch.Tensor, loss_type: str, epsilon: float) -> torch.Tensor:
    """Per-pair loss from Δ (already scaled by β)."""
    if loss_type == "robust":
        return (-(1 - epsilon) * F.logsigmoid(delta) + epsilon * F.logsigmoid(-delta)) / (
            1 - 2 * epsilon
        )
    if loss_type == "sigmoid":
        # label_smoothing > 0 is cDPO (conservative DPO), as in trl.
        return -(1 - epsilon) * F.logsigmoid(delta) - epsilon * F.logsigmoid(-delta)
    raise ValueError(f"unsupported DPO loss {loss_type!r} (use 'sigmoid' or 'robust')")


class PrefixDPOTrainer(Trainer):
    args: DPOConfig

    def __init__(self, *args: Any, prefix_kv: KV, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefix_kv = prefix_kv
        loss_types = self.args.loss_type
        self.loss_names = list(loss_types) if isinstance(loss_types, list) else [str(loss_types)]
        weights = self.args.loss_weights or [1.0] * len(self.loss_names)
        if len(weights) != len(self.loss_names):
            raise ValueError("loss_weights needs one weight per loss type")
        self.loss_weights = [float(w) for w in weights]

    def compute_loss(
        self,
        model: Any,
        inputs: dict[str, torch.Tensor],
        return_outputs: bool = False,
        num_items_in_batch: Any = None,
    ) -> Any:
        scores = sequence_logprobs(model, self.prefix_kv, inputs)
        n = inputs["weight"].shape[0]
        chosen, rejected = scores[:n], scores[n:]
        delta = self.args.beta * (
            (chosen - inputs["ref_chosen"]) - (rejected - inputs["ref_rejected"])
        )
        losses = torch.zeros_like(delta)
        for name, weight in zip(self.loss_names, self.loss_weights, strict=True):
            if name == "sft":
                tokens = (inputs["labels"][:n, 1:] != IGNORE).sum(dim=1).clamp(min=1)
                losses = losses + weight * (-chosen / tokens)
            else:
                losses = losses + weight * dpo_losses(delta, name, float(self.args.label_smoothing))
        pair_weight = inputs["weight"]
        loss = (losses * pair_weight).sum() / pair_weight.sum().clamp(min=1e-8)
        return (loss, {"delta": delta}) if return_outputs else loss

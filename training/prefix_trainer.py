"""A transformers Trainer that reads the fixed system prompt from a cache.

Every training turn starts with the same ~800-token catalog. Its keys and values are
computed once by the base model (adapter off) and given to every batch as the past;
gradients flow only through the dialogue and the answer. Inference does the same
(core.intent.model reads the system prompt with the adapter off), so training and
inference see identical inputs, and a step costs about a sixth of a full-prompt step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from transformers import Trainer

from training.examples import IGNORE, TokenizedTurn
from training.prefix_cache import cache_after_prefix


class TurnCollator:
    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, batch: Sequence[TokenizedTurn | dict[str, Any]]) -> dict[str, torch.Tensor]:
        items = [b if isinstance(b, dict) else b.__dict__ for b in batch]
        width = max(len(i["input_ids"]) for i in items)
        ids, labels, mask = [], [], []
        for item in items:
            pad = width - len(item["input_ids"])
            ids.append(item["input_ids"] + [self.pad_id] * pad)
            labels.append(item["labels"] + [IGNORE] * pad)
            mask.append([1] * len(item["input_ids"]) + [0] * pad)
        return {
            "input_ids": torch.tensor(ids),
            "labels": torch.tensor(labels),
            "attention_mask": torch.tensor(mask),
        }


class PrefixCacheTrainer(Trainer):
    def __init__(
        self, *args: Any, prefix_kv: list[tuple[torch.Tensor, torch.Tensor]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.prefix_kv = prefix_kv

    def compute_loss(
        self,
        model: Any,
        inputs: dict[str, torch.Tensor],
        return_outputs: bool = False,
        num_items_in_batch: Any = None,
    ) -> Any:
        ids = inputs["input_ids"]
        batch, length = ids.shape
        prefix = self.prefix_kv[0][0].shape[2]
        cache = cache_after_prefix(self.prefix_kv, batch, ids.device)
        ones = torch.ones(batch, prefix, dtype=inputs["attention_mask"].dtype, device=ids.device)
        positions = torch.arange(prefix, prefix + length, device=ids.device).expand(batch, length)
        # The decoder alone, then the output layer only where an answer token is predicted:
        # answers are ~15% of a turn's tokens, and the 49k-wide vocabulary projection (and
        # its float32 softmax) on every position was a third of the step.
        hidden = (
            model.get_base_model()
            .get_decoder()(
                input_ids=ids,
                attention_mask=torch.cat([ones, inputs["attention_mask"]], dim=1),
                position_ids=positions,
                cache=cache,
                use_cache=True,
            )
            .last_hidden_state
        )
        loss = answer_loss(model.get_output_embeddings(), hidden, inputs["labels"])
        return (loss, {"loss": loss}) if return_outputs else loss


def answer_loss(head: Any, hidden: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Mean next-token cross-entropy over the labelled positions only."""
    targets = labels[:, 1:]
    keep = targets != IGNORE
    logits = head(hidden[:, :-1][keep]).float()
    return torch.nn.functional.cross_entropy(logits, targets[keep])

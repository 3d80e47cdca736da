"""Preference rows → token ids after the shared system prompt, and their log-probabilities.

Every row's prompt starts with the intent system prompt, whose keys/values the base model
computes once with the adapter off (as in SFT and in inference). A batch holds the
chosen answers of its pairs, then the rejected ones, each after its dialogue; labels
cover only the answer, so a row's score is log p(answer | system prompt, dialogue).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch

from core.intent.prompt import intent_prompt_prefix, intent_system_prompt, render_chat
from training.examples import IGNORE
from training.prefix_cache import KV, cache_after_prefix


@dataclass
class TokenizedPair:
    id: str
    body: list[int]
    chosen: list[int]
    rejected: list[int]
    weight: float
    ref_chosen: float = 0.0
    ref_rejected: float = 0.0


class PairTokenizer:
    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.prefix_ids: list[int] = tokenizer.encode(
            intent_prompt_prefix(tokenizer), add_special_tokens=False
        )
        self.eos = int(tokenizer.eos_token_id)
        self.pad = int(tokenizer.pad_token_id if tokenizer.pad_token_id is not None else self.eos)

    def __call__(self, row: dict[str, Any]) -> TokenizedPair:
        prompt = row["prompt"]
        if prompt[0]["role"] != "system" or prompt[0]["content"] != intent_system_prompt():
            # Exported against another catalog: the model would never see this prompt.
            raise ValueError(f"pair {row.get('id')} has a different system prompt")
        # render_chat escapes the dialogue as inference does (the exported rows only
        # escape the template markers every tokenizer shares).
        ids = self.tokenizer.encode(render_chat(self.tokenizer, prompt), add_special_tokens=False)
        n = len(self.prefix_ids)
        if ids[:n] != self.prefix_ids:
            raise ValueError("the chat template merges tokens across the system prompt boundary")
        return TokenizedPair(
            id=str(row.get("id", "")),
            body=ids[n:],
            chosen=self._answer(row["chosen"]),
            rejected=self._answer(row["rejected"]),
            weight=float(row.get("weight", 1.0)),
        )

    def _answer(self, messages: list[dict[str, str]]) -> list[int]:
        ids: list[int] = self.tokenizer.encode(messages[-1]["content"], add_special_tokens=False)
        return [*ids, self.eos]


def tokenize_pairs(
    rows: Sequence[dict[str, Any]], tokenizer: PairTokenizer, max_length: int
) -> tuple[list[TokenizedPair], int]:
    """The pairs within the length budget, and how many were too long (dropped, not cut)."""
    out, too_long = [], 0
    for row in rows:
        pair = tokenizer(row)
        if len(pair.body) + max(len(pair.chosen), len(pair.rejected)) > max_length:
            too_long += 1
            continue
        out.append(pair)
    return out, too_long


class PairCollator:
    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, batch: Sequence[TokenizedPair | dict[str, Any]]) -> dict[str, torch.Tensor]:
        items = [b if isinstance(b, dict) else b.__dict__ for b in batch]
        seqs = [(i["body"], i["chosen"]) for i in items] + [
            (i["body"], i["rejected"]) for i in items
        ]
        width = max(len(b) + len(a) for b, a in seqs)
        ids, labels, mask = [], [], []
        for body, answer in seqs:
            pad = width - len(body) - len(answer)
            ids.append(body + answer + [self.pad_id] * pad)
            labels.append([IGNORE] * len(body) + answer + [IGNORE] * pad)
            mask.append([1] * (len(body) + len(answer)) + [0] * pad)
        return {
            "input_ids": torch.tensor(ids),
            "labels": torch.tensor(labels),
            "attention_mask": torch.tensor(mask),
            "ref_chosen": torch.tensor([float(i["ref_chosen"]) for i in items]),
            "ref_rejected": torch.tensor([float(i["ref_rejected"]) for i in items]),
            "weight": torch.tensor([float(i["weight"]) for i in items]),
        }


def sequence_logprobs(model: Any, kv: KV, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    """Sum of the label tokens' log-probabilities per row, after the cached system prompt."""
    ids = batch["input_ids"]
    rows, length = ids.shape
    prefix = kv[0][0].shape[2]
    cache = cache_after_prefix(kv, rows, ids.device)
    mask = batch["attention_mask"]
    ones = torch.ones(rows, prefix, dtype=mask.dtype, device=ids.device)
    positions = torch.arange(prefix, prefix + length, device=ids.device).expand(rows, length)
    logits = model(
        input_ids=ids,
        attention_mask=torch.cat([ones, mask], dim=1),
        position_ids=positions,
        cache=cache,
        use_cache=True,
    ).logits.float()
    labels = batch["labels"][:, 1:]
    logps = torch.log_softmax(logits[:, :-1], dim=-1)
    picked = torch.gather(logps, 2, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return (picked * (labels != IGNORE)).sum(dim=1)


@torch.no_grad()
def score_pairs(
    model: Any, kv: KV, pairs: Sequence[TokenizedPair], pad_id: int, batch_size: int = 8
) -> list[tuple[float, float]]:
    """(log p(chosen), log p(rejected)) of each pair under the model as it is now."""
    was_training = model.training
    model.eval()
    collate = PairCollator(pad_id)
    device = next(model.parameters()).device
    out: list[tuple[float, float]] = []
    for start in range(0, len(pairs), batch_size):
        chunk = pairs[start : start + batch_size]
        batch = {k: v.to(device) for k, v in collate(chunk).items()}
        scores = sequence_logprobs(model, kv, batch).tolist()
        n = len(chunk)
        out += list(zip(scores[:n], scores[n:], strict=True))
    model.train(was_training)
    return out


def preference_accuracy(scores: Sequence[tuple[float, float]]) -> dict[str, float]:
    """Share of pairs whose chosen answer is more likely, the mean margin and the mean
    log-probability of the chosen answers (nats)."""
    if not scores:
        return {"n": 0, "accuracy": 0.0, "margin": 0.0, "chosen": 0.0}
    wins = sum(1 for c, r in scores if c > r)
    return {
        "n": len(scores),
        "accuracy": round(wins / len(scores), 4),
        "margin": round(sum(c - r for c, r in scores) / len(scores), 4),
        "chosen": round(sum(c for c, _ in scores) / len(scores), 4),
    }

"""Shared pieces of the learning-loop tests: the tiny random llama and pair rows."""

from __future__ import annotations

from typing import Any

from core.learning.export import preference_row
from core.learning.pairs import pair_key
from tests.core.intent.conftest import smollm2_tokenizer, tiny_model_dir

__all__ = ["make_rows", "smollm2_tokenizer", "tiny_model_dir"]


def make_rows(n: int) -> list[dict[str, Any]]:
    """n preference rows: 'make it anime' means to_anime, not a grayscale adjust."""
    rows = []
    for i in range(n):
        context = [
            {"role": "user", "text": f"draw cat {i}", "images": []},
            {"role": "assistant", "text": "", "images": [{"ref": "#1", "caption": f"cat {i}"}]},
            {"role": "user", "text": "make it anime", "images": []},
        ]
        chosen = {"skill": "to_anime", "args": {"image": "#1"}}
        rejected = {"skill": "adjust", "args": {"image": "#1", "operation": "grayscale"}}
        rows.append(
            preference_row(
                {
                    "pair_key": pair_key(context, chosen, rejected),
                    "context": context,
                    "chosen": chosen,
                    "rejected": rejected,
                    "weight": 1.0,
                    "source": "alternative",
                }
            )
        )
    return rows

"""A tiny random Gemma 3 config: sliding-window layers alternating with full ones."""

from __future__ import annotations

from typing import Any

from transformers import Gemma3TextConfig

WINDOW = 8


def tiny_gemma_config(vocab_size: int, **overrides: Any) -> Gemma3TextConfig:
    settings: dict[str, Any] = {
        "vocab_size": vocab_size,
        "hidden_size": 32,
        "intermediate_size": 64,
        "num_hidden_layers": 4,
        "num_attention_heads": 2,
        "num_key_value_heads": 1,
        "head_dim": 16,
        "query_pre_attn_scalar": 16,
        "layer_types": ["sliding_attention", "full_attention"] * 2,
        "sliding_window": WINDOW,
        "max_position_embeddings": 4096,
        # Larger random weights than Gemma's 0.02: attention then depends on what each
        # query sees, so a window applied wrongly shows in the logits.
        "initializer_range": 0.5,
    }
    return Gemma3TextConfig(**{**settings, **overrides})

"""Models for the intent tests: the real SmolLM2 (once a session) and a tiny random llama.

The tiny model shares SmolLM2's tokenizer, so prompts, chat template and grammar run
exactly as in production, while each forward pass takes a millisecond.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

from core.intent.loading import (
    SMOLLM2,
    SMOLLM2_GGUF,
    LoadedModel,
    load_base_model,
    smollm2_folder,
)
from core.intent.model import TransformersIntentModel


@pytest.fixture(scope="session")
def smollm2_tokenizer():
    return AutoTokenizer.from_pretrained(smollm2_folder(), gguf_file=SMOLLM2_GGUF)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, smollm2_tokenizer) -> Path:
    folder = tmp_path_factory.mktemp("tiny-llama")
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(smollm2_tokenizer),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=4096,
        eos_token_id=smollm2_tokenizer.eos_token_id,
        bos_token_id=smollm2_tokenizer.bos_token_id,
        tie_word_embeddings=True,
    )
    LlamaForCausalLM(config).save_pretrained(folder)
    smollm2_tokenizer.save_pretrained(folder)
    return folder


def load_tiny(folder: Path, tmp: Path) -> LoadedModel:
    return load_base_model(str(folder), tmp / "cache", torch.device("cpu"))


@pytest.fixture
def tiny_intent(tiny_model_dir: Path, tmp_path: Path) -> TransformersIntentModel:
    # Short texts: a random model never closes a string early, so it writes the maximum.
    return TransformersIntentModel(load_tiny(tiny_model_dir, tmp_path), max_text_chars=24)


@pytest.fixture(scope="session")
def smollm2_intent(smollm2_cache: Path) -> TransformersIntentModel:
    return TransformersIntentModel(load_base_model(SMOLLM2, smollm2_cache, torch.device("cpu")))

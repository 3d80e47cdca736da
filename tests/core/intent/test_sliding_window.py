"""A base with sliding-window layers (Gemma 3's kind), on a tiny random Gemma3ForCausalLM.

Its window (8 tokens) is a small part of every prompt (the system prompt alone is some
800), so the shared cache is cropped and rebuilt far past it, and every call, alone or
batched, has keys that its sliding layers must not see.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import torch
from transformers import AutoModelForCausalLM, Gemma3ForCausalLM

from core.dialogue import DialogueMessage, PredictionRequest
from core.intent.attention import use_gqa_attention
from core.intent.batch import run_batched
from core.intent.decoding import (
    CachedForward,
    Feed,
    Steps,
    cache_from,
    cache_tensors,
    crop_cache,
)
from core.intent.kv_cache import GrowingLayer, new_cache
from core.intent.model import TransformersIntentModel
from tests.core.intent.conftest import load_tiny
from tests.core.intent.test_batching import assert_same, mixed_requests
from tests.core.intent.tiny_gemma import WINDOW, tiny_gemma_config

CPU = torch.device("cpu")


@pytest.fixture(scope="session")
def tiny_gemma_dir(tmp_path_factory: pytest.TempPathFactory, smollm2_tokenizer: Any) -> Path:
    """A random Gemma 3 with SmolLM2's tokenizer (as the tiny llama of conftest)."""
    folder = tmp_path_factory.mktemp("tiny-gemma3")
    torch.manual_seed(0)
    config = tiny_gemma_config(
        len(smollm2_tokenizer),
        eos_token_id=smollm2_tokenizer.eos_token_id,
        bos_token_id=smollm2_tokenizer.bos_token_id,
        pad_token_id=smollm2_tokenizer.eos_token_id,
        tie_word_embeddings=True,
    )
    Gemma3ForCausalLM(config).save_pretrained(folder)
    smollm2_tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture
def gemma_intent(tiny_gemma_dir: Path, tmp_path: Path) -> TransformersIntentModel:
    return TransformersIntentModel(load_tiny(tiny_gemma_dir, tmp_path), max_text_chars=24)


@pytest.fixture(scope="module")
def models(tiny_gemma_dir: Path) -> tuple[Any, Any]:
    """The model as decisions run it (grouped SDPA attention), and a plain reference
    (eager attention), which builds its sliding masks itself on a full forward."""
    runner = AutoModelForCausalLM.from_pretrained(tiny_gemma_dir, dtype=torch.float32).eval()
    use_gqa_attention(runner)
    reference = AutoModelForCausalLM.from_pretrained(
        tiny_gemma_dir, dtype=torch.float32, attn_implementation="eager"
    ).eval()
    return runner, reference


def full_logits(model: Any, ids: list[int]) -> torch.Tensor:
    with torch.inference_mode():
        return model(input_ids=torch.tensor([ids])).logits[0].float()


@contextmanager
def window_of(model: Any, window: int) -> Iterator[None]:
    old = model.config.sliding_window
    model.config.sliding_window = window
    try:
        yield
    finally:
        model.config.sliding_window = old


def random_ids(n: int, seed: int) -> list[int]:
    generator = torch.Generator().manual_seed(seed)
    return torch.randint(0, 1000, (n,), generator=generator).tolist()


def test_the_window_matters_for_this_model(models: tuple[Any, Any]) -> None:
    """The other tests would not notice a window ignored if it made no difference."""
    _, reference = models
    ids = random_ids(40, 0)
    with window_of(reference, 10_000):
        unwindowed = full_logits(reference, ids)
    windowed = full_logits(reference, ids)
    assert torch.allclose(windowed[:WINDOW], unwindowed[:WINDOW], atol=1e-5)
    assert (windowed[WINDOW:] - unwindowed[WINDOW:]).abs().max() > 1e-2


def test_the_cache_keeps_every_layer_whole(models: tuple[Any, Any]) -> None:
    runner, _ = models
    cache = new_cache(runner.config)
    CachedForward(runner, CPU)(random_ids(30, 1), cache)
    assert all(isinstance(layer, GrowingLayer) for layer in cache.layers)
    assert [k.shape[-2] for k, _ in cache_tensors(cache)] == [30] * 4


def test_cached_logits_are_a_full_forwards(models: tuple[Any, Any]) -> None:
    """Prefix read, cropped back far past the window, read on, rebuilt from its tensors,
    decoded a token at a time: each call's logits are those of one full forward."""
    runner, reference = models
    ids = random_ids(60, 2)
    expected = full_logits(reference, ids)
    forward = CachedForward(runner, CPU)
    cache = new_cache(runner.config)
    forward(ids[:30] + random_ids(12, 3), cache)  # a branch given up, longer than a window
    crop_cache(cache, 30)
    got = [forward(ids[30:45], cache, keep=15)]
    cache = cache_from([(k.clone(), v.clone()) for k, v in cache_tensors(cache)], runner.config)
    got += [forward([token], cache) for token in ids[45:]]
    torch.testing.assert_close(torch.cat(got), expected[30:], atol=1e-4, rtol=1e-4)


def lane(ids: list[int], start: int, split: int) -> Steps[torch.Tensor]:
    """A lane reading `ids` after the shared first `start`: up to `split`, then a guess
    refused (longer than a window), then the rest, one token at a time at the end."""
    first = yield Feed(ids[start:split], start, keep=split - start)
    yield Feed(random_ids(WINDOW + 3, split), split)
    got = [first, (yield Feed(ids[split:-2], split, keep=len(ids) - 2 - split))]
    for at in (len(ids) - 2, len(ids) - 1):
        got.append((yield Feed([ids[at]], at)))
    return torch.cat(got)


def test_batched_logits_are_a_full_forwards(models: tuple[Any, Any]) -> None:
    """Lanes of different lengths packed into one row: each lane's logits are those of
    its own sequence read alone, so its sliding layers see its last window only."""
    runner, reference = models
    prefix = random_ids(20, 4)
    cache = new_cache(runner.config)
    CachedForward(runner, CPU)(prefix, cache)
    prefix_kv = [(k.clone(), v.clone()) for k, v in cache_tensors(cache)]
    sequences = [prefix + random_ids(n, 10 + n) for n in (5, 15, 40)]
    lanes = [lane(s, len(prefix), len(prefix) + 2) for s in sequences]
    results, rounds = run_batched(lanes, prefix_kv, runner, CPU)
    assert rounds == 5
    for ids, got in zip(sequences, results, strict=True):
        expected = full_logits(reference, ids)[len(prefix) :]
        torch.testing.assert_close(got, expected, atol=1e-4, rtol=1e-4)


def conversation() -> list[PredictionRequest]:
    """Two requests of other conversations, then the second's next turn (read on the
    shared cache that holds its history)."""
    first = [DialogueMessage(role="user", text="draw a cat on a sofa in the sun")]
    second = [DialogueMessage(role="user", text="a lighthouse on a cliff at night")]
    follow = [
        *second,
        DialogueMessage(role="assistant", text="Here it is!"),
        DialogueMessage(role="user", text="make it anime"),
    ]
    return [
        PredictionRequest(id=f"c/{i}", messages=m) for i, m in enumerate([first, second, follow])
    ]


def test_predicts_in_a_row_decide_as_a_fresh_model(
    gemma_intent: TransformersIntentModel, tiny_gemma_dir: Path, tmp_path: Path
) -> None:
    """The second predict crops the shared cache back to the system prompt (far longer
    than the window); the third reuses the history. Each decides as a fresh model."""
    in_a_row, reused = [], []
    for request in conversation():
        in_a_row.append(gemma_intent.predict(request))
        reused.append(gemma_intent.last_stats.prompt_reused)
    assert reused[2] > max(reused[:2])  # the history too, not only the system prompt
    fresh = [
        TransformersIntentModel(load_tiny(tiny_gemma_dir, tmp_path), max_text_chars=24).predict(r)
        for r in conversation()[1:]
    ]
    assert_same(in_a_row[1:], fresh)


def test_a_batch_decides_as_one_by_one(gemma_intent: TransformersIntentModel) -> None:
    requests = mixed_requests()
    alone = [gemma_intent.predict(r) for r in requests]
    assert_same(gemma_intent.predict_batch(requests), alone)

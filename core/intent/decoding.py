"""Greedy grammar-constrained decoding on one reusable key/value cache.

Speed on a small CPU comes from three things: the system prompt's cache is computed
once and cropped back to after each request; tokens the grammar forces are appended
without asking the model for a choice; and tokens waiting to be fed (a chosen token
plus the forced ones after it) go through the model in one call.

Log-probabilities are those of the constrained distribution (the model's logits
renormalised over what the grammar allows), so a forced token costs nothing and the
scores of different interpretations of one request compare fairly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import llguidance
import numpy as np
import torch
from transformers import DynamicCache


@dataclass
class Decoded:
    tokens: list[int]
    logprob: float
    generated: int  # tokens the model chose
    forced: int  # tokens the grammar dictated, appended without a model choice
    complete: bool  # the grammar reached its end (not cut by the token budget)


@dataclass
class DecodeState:
    """Where a decision can be continued from: matcher, logits and cache length agree."""

    matcher: llguidance.LLMatcher
    logits: torch.Tensor
    cache_length: int
    tokens: list[int] = field(default_factory=list)


def crop_cache(cache: DynamicCache, length: int) -> None:
    extra = cache.get_seq_length() - length
    if extra > 0:
        cache.crop(-extra)


class CachedForward:
    """Feeds tokens to the model on top of one growing cache; returns the last logits."""

    def __init__(self, model: Any, device: torch.device) -> None:
        self.model = model
        self.device = device
        self.calls = 0

    @torch.inference_mode()
    def __call__(self, tokens: list[int], cache: DynamicCache, keep: int = 1) -> torch.Tensor:
        """Logits (float32, on CPU) of the last `keep` positions, shape (keep, vocab)."""
        self.calls += 1
        ids = torch.tensor([tokens], dtype=torch.long, device=self.device)
        out = self.model(input_ids=ids, cache=cache, use_cache=True, logits_to_keep=keep)
        return out.logits[0].float().cpu()


def allowed_mask(matcher: llguidance.LLMatcher, vocab_size: int) -> torch.Tensor:
    bits = np.frombuffer(matcher.compute_bitmask(), dtype=np.uint8)
    allowed = np.unpackbits(bits, bitorder="little")[:vocab_size].astype(bool)
    return torch.from_numpy(allowed)


def constrained_logprobs(logits: torch.Tensor, matcher: llguidance.LLMatcher) -> torch.Tensor:
    allowed = allowed_mask(matcher, logits.shape[-1])
    return torch.log_softmax(logits.masked_fill(~allowed, float("-inf")), dim=-1)


def advance_forced(
    state: DecodeState, cache: DynamicCache, forward: CachedForward
) -> tuple[DecodeState, int]:
    """Append what the grammar forces at this point; returns the new state and the count."""
    forced = state.matcher.compute_ff_tokens()
    if not forced:
        return state, 0
    state.matcher.consume_tokens(forced)
    logits = forward(forced, cache)[-1]
    state = DecodeState(state.matcher, logits, cache.get_seq_length(), state.tokens + forced)
    return state, len(forced)


def force_tokens(
    state: DecodeState, tokens: list[int], cache: DynamicCache, forward: CachedForward
) -> tuple[DecodeState, float] | None:
    """Feed a chosen token sequence (e.g. one skill id); None if the grammar refuses it.

    Returns the new state and the constrained log-probability of the sequence, computed
    from the logits of the same single model call that feeds it.
    """
    crop_cache(cache, state.cache_length)
    matcher = state.matcher.deep_copy()
    logits = state.logits
    logprob = 0.0
    step_logits = forward(tokens, cache, keep=len(tokens))
    for i, token in enumerate(tokens):
        logprob += float(constrained_logprobs(logits, matcher)[token])
        if not matcher.consume_token(token):
            return None
        logits = step_logits[i]
    new = DecodeState(matcher, logits, cache.get_seq_length(), state.tokens + tokens)
    return new, logprob


DRAFT_TOKENS = 8
DRAFT_MATCH = (3, 2, 1)  # n-gram lengths tried, longest first


def draft_from(source: Sequence[int], written: Sequence[int], k: int = DRAFT_TOKENS) -> list[int]:
    """Prompt lookup: the tokens that followed the latest place in the dialogue where it
    reads like the end of what was just written. Arguments mostly copy the user's words
    ("draw a cat on a beach" → "prompt": "a cat on a beach"), so such guesses are often
    right, and one model call checks them all."""
    for n in DRAFT_MATCH:
        if len(written) < n:
            continue
        tail = list(written[-n:])
        for i in range(len(source) - n - 1, -1, -1):
            if list(source[i : i + n]) == tail:
                return list(source[i + n : i + n + k])
    return []


def greedy_decode(
    state: DecodeState,
    cache: DynamicCache,
    forward: CachedForward,
    eos_token: int,
    max_tokens: int,
    draft_source: Sequence[int] = (),
) -> Decoded:
    """Decode greedily under the grammar from `state` until it ends or the budget is spent.

    With a `draft_source` (the dialogue's tokens), guesses copied from it are fed together
    with the pending tokens and kept as far as they agree with the model's own greedy
    choices, so the result is the one plain greedy decoding gives, in fewer model calls.
    """
    crop_cache(cache, state.cache_length)
    # A copy, so that `state` stays a valid point to branch from again.
    matcher, logits = state.matcher.deep_copy(), state.logits
    tokens: list[int] = []
    pending: list[int] = []  # fed to the model only when its next choice is needed
    logprob, generated, forced = 0.0, 0, 0
    while not matcher.is_stopped() and len(tokens) < max_tokens:
        ff = matcher.compute_ff_tokens()
        if ff:
            matcher.consume_tokens(ff)
            tokens += ff
            pending += ff
            forced += len(ff)
            continue
        draft = draft_from(draft_source, tokens) if draft_source and pending else []
        draft = draft[: min(matcher.validate_tokens(draft), max_tokens - len(tokens) - 1)]
        if draft:
            fed_at = cache.get_seq_length() + len(pending)
            step_logits = forward(pending + draft, cache, keep=len(draft) + 1)
            pending, done, kept = [], False, len(draft)
            for j, guess in enumerate(draft):
                logits = step_logits[j]  # the choice at the place of draft[j]
                if j > 0 and matcher.compute_ff_tokens():
                    kept = j  # the top of the loop appends what the grammar forces here
                    break
                scores = constrained_logprobs(logits, matcher)
                token = int(torch.argmax(scores))
                if (token == eos_token and matcher.is_accepting()) or not matcher.consume_token(
                    token
                ):
                    kept, done = j, True
                    break
                logprob += float(scores[token])
                tokens.append(token)
                generated += 1
                if token != guess:
                    kept, pending = j, [token]  # fed (in place of the guess) next round
                    break
            else:
                logits = step_logits[kept]
            crop_cache(cache, fed_at + kept)  # the guesses after the last agreeing one go
            if done:
                break
            continue
        if pending:
            logits = forward(pending, cache)[-1]
            pending = []
        scores = constrained_logprobs(logits, matcher)
        token = int(torch.argmax(scores))
        if token == eos_token and matcher.is_accepting():
            break
        if not matcher.consume_token(token):
            break  # cannot happen with a masked choice; never loop on an error state
        logprob += float(scores[token])
        tokens.append(token)
        pending.append(token)
        generated += 1
    return Decoded(
        tokens=tokens,
        logprob=logprob,
        generated=generated,
        forced=forced,
        complete=matcher.is_accepting(),
    )

"""Greedy grammar-constrained decoding, written once for one sequence or for many.

Speed on a small CPU comes from three things: the system prompt's cache is computed
once and cropped back to after each request; tokens the grammar forces are appended
without asking the model for a choice; and tokens waiting to be fed (a chosen token
plus the forced ones after it, and guesses copied from the dialogue) go through the
model in one call.

The decoding routines are generators (`Steps`): each model call they need is yielded as
a `Feed` (the tokens, where in the sequence they go, how many positions' logits come
back), and the logits are sent back in. A driver runs them: `run_on_cache` on one
DynamicCache (a decision alone), `core.intent.batch` on many sequences in one batched
forward (concurrent decisions). The logic that picks the tokens is this one code either
way, so a batched decision is the one the same request gets alone.

Log-probabilities are those of the constrained distribution (the model's logits
renormalised over what the grammar allows), so a forced token costs nothing and the
scores of different interpretations of one request compare fairly.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import llguidance
import numpy as np
import torch
from transformers import DynamicCache

from core.intent.kv_cache import new_cache
from core.intent.timing import NO_PROFILE, Profile

T = TypeVar("T")


@dataclass(frozen=True)
class Feed:
    """One model call a decoding needs: cut the sequence back to its first `at` tokens
    (dropping refused guesses, or another branch's tokens), append `tokens`, and send
    back the logits of the last `keep` of them, shape (keep, vocab)."""

    tokens: list[int]
    at: int
    keep: int = 1


Steps = Generator[Feed, torch.Tensor, T]


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


def cache_tensors(cache: DynamicCache) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Each layer's keys and values, shape (batch, heads, length, head dim)."""
    layers: list[Any] = list(cache.layers)
    return [(layer.keys, layer.values) for layer in layers]


@torch.inference_mode()
def cache_from(tensors: list[tuple[torch.Tensor, torch.Tensor]], config: Any) -> DynamicCache:
    """A new cache holding these keys and values (copied: the new cache owns its own)."""
    cache = new_cache(config)
    for layer, (keys, values) in enumerate(tensors):
        cache.update(keys, values, layer)
    return cache


def model_logits(
    model: Any,
    inputs: dict[str, Any],
    cache: DynamicCache,
    rows: slice | torch.Tensor,
    profile: Profile = NO_PROFILE,
    section: str = "decode",
) -> torch.Tensor:
    """Run `model` on `inputs` after `cache`; float32 CPU logits of the positions `rows`.

    The LM head is applied here, to a 2D copy of those positions' hidden states:
    transformers applies it to a slice of the 3D hidden states, and for bfloat16 on a
    CPU torch then copies the whole 49152×576 head weight before multiplying (about
    25 ms of a 60 ms call here, whenever fewer positions are kept than fed)."""
    with torch.inference_mode():
        with profile.section(section):
            profile.count_tokens(section, int(inputs["input_ids"].numel()))
            out = model.get_decoder()(**inputs, cache=cache, use_cache=True)
        with profile.section("lm head"):
            hidden = out.last_hidden_state[0][rows].contiguous()
            return model.get_output_embeddings()(hidden).float().cpu()


class CachedForward:
    """Feeds tokens to the model on top of one growing cache; returns the last logits."""

    def __init__(self, model: Any, device: torch.device, profile: Profile = NO_PROFILE) -> None:
        self.model = model
        self.device = device
        self.profile = profile
        self.calls = 0

    def __call__(
        self, tokens: list[int], cache: DynamicCache, keep: int = 1, section: str = "decode"
    ) -> torch.Tensor:
        """Logits (float32, on CPU) of the last `keep` positions, shape (keep, vocab)."""
        self.calls += 1
        ids = torch.tensor([tokens], dtype=torch.long, device=self.device)
        rows = slice(len(tokens) - keep, len(tokens))
        return model_logits(self.model, {"input_ids": ids}, cache, rows, self.profile, section)


def run_on_cache(steps: Steps[T], cache: DynamicCache, forward: CachedForward) -> T:
    """Run decoding steps on one cache, one model call per feed."""
    try:
        feed = next(steps)
        while True:
            crop_cache(cache, feed.at)
            feed = steps.send(forward(feed.tokens, cache, keep=feed.keep))
    except StopIteration as stop:
        result: T = stop.value
        return result


def allowed_mask(matcher: llguidance.LLMatcher, vocab_size: int) -> torch.Tensor:
    bits = np.frombuffer(matcher.compute_bitmask(), dtype=np.uint8)
    allowed = np.unpackbits(bits, bitorder="little")[:vocab_size].astype(bool)
    return torch.from_numpy(allowed)


def constrained_logprobs(
    logits: torch.Tensor, matcher: llguidance.LLMatcher, profile: Profile = NO_PROFILE
) -> torch.Tensor:
    with profile.section("mask"):
        allowed = allowed_mask(matcher, logits.shape[-1])
    with profile.section("choose"):
        return torch.log_softmax(logits.masked_fill(~allowed, float("-inf")), dim=-1)


def opening_tokens(matcher: llguidance.LLMatcher) -> list[int]:
    """Consume and return what the grammar forces before the first choice (the
    `{"skill": "` opening): these are fed with the prompt, in the same model call."""
    forced: list[int] = matcher.compute_ff_tokens()
    if forced:
        matcher.consume_tokens(forced)
    return forced


def force_tokens(
    state: DecodeState, tokens: list[int], profile: Profile = NO_PROFILE
) -> Steps[tuple[DecodeState, float] | None]:
    """Feed a chosen token sequence (e.g. one skill id); None if the grammar refuses it.

    Returns the new state and the constrained log-probability of the sequence, computed
    from the logits of the same single model call that feeds it.
    """
    with profile.section("grammar"):
        matcher = state.matcher.deep_copy()
    logits = state.logits
    logprob = 0.0
    step_logits = yield Feed(tokens, state.cache_length, keep=len(tokens))
    for i, token in enumerate(tokens):
        logprob += float(constrained_logprobs(logits, matcher, profile)[token])
        with profile.section("grammar"):
            if not matcher.consume_token(token):
                return None
        logits = step_logits[i]
    new = DecodeState(matcher, logits, state.cache_length + len(tokens), state.tokens + tokens)
    return new, logprob


DRAFT_TOKENS = 8
DRAFT_MATCH = (3, 2, 1)  # n-gram lengths tried, longest first
# How text becomes tokens (the tokenizer's own way), for guessing forced text's tokens.
Tokenize = Callable[[bytes], list[int]]


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


@dataclass
class _Greedy:
    """The running state of one greedy decoding (see greedy_decode)."""

    matcher: llguidance.LLMatcher
    logits: torch.Tensor
    eos_token: int
    length: int  # tokens in the sequence, not counting `pending`
    profile: Profile
    tokenize: Tokenize | None = None
    tokens: list[int] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)  # fed only when the next choice is needed
    logprob: float = 0.0
    generated: int = 0
    forced: int = 0

    def choose(self, logits: torch.Tensor) -> int | None:
        """The grammar's greedy choice from `logits`, consumed; None when decoding ends."""
        scores = constrained_logprobs(logits, self.matcher, self.profile)
        with self.profile.section("choose"):
            token = int(torch.argmax(scores))
        if token == self.eos_token and self.matcher.is_accepting():
            return None
        with self.profile.section("grammar"):
            if not self.matcher.consume_token(token):
                return None  # cannot happen with a masked choice; never loop on an error state
        self.logprob += float(scores[token])
        self.tokens.append(token)
        self.generated += 1
        return token

    def append_forced(self) -> bool:
        """Append what the grammar forces here (fed with the next call); False if nothing."""
        with self.profile.section("grammar"):
            ff: list[int] = self.matcher.compute_ff_tokens()
            if ff:
                self.matcher.consume_tokens(ff)
        self.tokens += ff
        self.pending += ff
        self.forced += len(ff)
        return bool(ff)

    def feed(self, extra: Sequence[int] = (), keep: int = 1) -> Feed:
        """The pending tokens (and `extra` guesses, counted in by the caller) as one call."""
        feed = Feed(self.pending + list(extra), self.length, keep)
        self.length += len(self.pending)
        self.pending = []
        return feed

    def draft(self, source: Sequence[int], max_tokens: int) -> list[int]:
        """Guesses to check with the pending tokens' call: the text the grammar forces
        but cannot yet force as tokens (`"prompt": "` ends in ` "`, which could merge
        with the word after it), tokenized the tokenizer's way; else words copied from
        the dialogue."""
        if not self.pending:
            return []
        guess: list[int] = []
        with self.profile.section("grammar"):
            forced = self.matcher.compute_ff_bytes() if self.tokenize else b""
        with self.profile.section("drafts"):
            if forced and self.tokenize is not None:
                guess = self.tokenize(forced)
            elif source:
                guess = draft_from(source, self.tokens)
        with self.profile.section("grammar"):
            valid = self.matcher.validate_tokens(guess) if guess else 0
        return guess[: min(valid, max_tokens - len(self.tokens) - 1)]

    def take_forced(self, guesses: Sequence[int]) -> int:
        """Consume what the grammar forces here if `guesses` start with it (it needs no
        model choice); how many guesses that was, 0 when nothing is forced or they differ."""
        with self.profile.section("grammar"):
            ff: list[int] = self.matcher.compute_ff_tokens()
            if not ff or list(guesses[: len(ff)]) != ff:
                return 0
            self.matcher.consume_tokens(ff)
        self.tokens += ff
        self.forced += len(ff)
        return len(ff)

    def decoded(self) -> Decoded:
        return Decoded(
            tokens=self.tokens,
            logprob=self.logprob,
            generated=self.generated,
            forced=self.forced,
            complete=self.matcher.is_accepting(),
        )


def greedy_decode(
    state: DecodeState,
    eos_token: int,
    max_tokens: int,
    draft_source: Sequence[int] = (),
    profile: Profile = NO_PROFILE,
    tokenize: Tokenize | None = None,
) -> Steps[Decoded]:
    """Decode greedily under the grammar from `state` until it ends or the budget is spent.

    Guesses (with `tokenize`, the tokens of text the grammar forces; with a
    `draft_source`, words copied from the dialogue) are fed together with the pending
    tokens and kept as far as they agree with the model's own greedy choices, so the
    result is the one plain greedy decoding gives, in fewer model calls.
    """
    with profile.section("grammar"):
        # A copy, so that `state` stays a valid point to branch from again.
        matcher = state.matcher.deep_copy()
    run = _Greedy(matcher, state.logits, eos_token, state.cache_length, profile, tokenize)
    while not run.matcher.is_stopped() and len(run.tokens) < max_tokens:
        if run.append_forced():
            continue
        draft = run.draft(draft_source, max_tokens)
        if draft:
            if (yield from _verify_draft(run, draft)):
                break
            continue
        if run.pending:
            run.logits = (yield run.feed())[-1]
        token = run.choose(run.logits)
        if token is None:
            break
        run.pending.append(token)
    return run.decoded()


def _verify_draft(run: _Greedy, draft: list[int]) -> Steps[bool]:
    """Feed the pending tokens and `draft` at once and keep the guesses the model agrees
    with; True when decoding ended on the way."""
    step_logits = yield run.feed(draft, keep=len(draft) + 1)
    done, j = False, 0
    while j < len(draft):
        if j > 0 and (forced := run.take_forced(draft[j:])):
            j += forced  # forced tokens guessed right: no choice to check
            continue
        if j > 0 and run.matcher.compute_ff_tokens():
            break  # forced, but not what was guessed: the top of the loop appends it
        run.logits = step_logits[j]  # the choice at the place of draft[j]
        token = run.choose(run.logits)
        if token is None:
            done = True
            break
        if token != draft[j]:
            run.pending = [token]  # fed (in place of the guess) next round
            break
        j += 1
    else:
        run.logits = step_logits[j]
    run.length += j  # the guesses after the last agreeing one are dropped at the next feed
    return done

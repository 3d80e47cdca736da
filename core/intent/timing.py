"""Where a decision's time goes, for `dialogdraw bench intent --profile`.

Sections are timed with `time.perf_counter` and exclusive: a section that runs inside
another (a model call inside a draft check) is counted only in itself, so the sections
of one decision add up to the time spent in them. Off by default: the decoder is handed
`NO_PROFILE`, whose sections are one shared do-nothing context manager.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType

# The sections, in the order a decision meets them (the benchmark prints them so).
SECTIONS = (
    "tokenize",  # chat template and tokenizer
    "grammar setup",  # the request's grammar compiled into a matcher
    "prefill",  # the model reading the prompt (what the cache does not hold)
    "decode",  # model calls after the prompt: chosen, forced and guessed tokens
    "lm head",  # logits of the positions a choice needs (when computed apart)
    "mask",  # llguidance: the allowed tokens at a choice (compute_mask)
    "grammar",  # llguidance: consume, forced tokens, copies of the matcher
    "choose",  # log-softmax over the allowed tokens and the argmax
    "drafts",  # copy-guesses looked up in the dialogue
    "batching",  # padding, masks and cache rows of batched decisions
    "runner-ups",  # ranking the other skills at the skill position
)


class Profile:
    """Exclusive milliseconds, entries and model tokens per section."""

    def __init__(self) -> None:
        self.ms: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.tokens: Counter[str] = Counter()
        self._children: list[float] = []

    def section(self, name: str) -> AbstractContextManager[object]:
        return _Section(self, name)

    def count_tokens(self, name: str, tokens: int) -> None:
        self.tokens[name] += tokens

    def add(self, other: Profile) -> None:
        for name, ms in other.ms.items():
            self.ms[name] += ms
        self.calls.update(other.calls)
        self.tokens.update(other.tokens)

    def total_ms(self) -> float:
        return sum(self.ms.values())


class _Section:
    __slots__ = ("name", "profile", "start")

    def __init__(self, profile: Profile, name: str) -> None:
        self.profile, self.name, self.start = profile, name, 0.0

    def __enter__(self) -> _Section:
        self.profile._children.append(0.0)
        self.start = time.perf_counter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        elapsed = (time.perf_counter() - self.start) * 1000
        children = self.profile._children
        inner = children.pop()
        self.profile.ms[self.name] += elapsed - inner
        self.profile.calls[self.name] += 1
        if children:
            children[-1] += elapsed


class _NoProfile(Profile):
    """Profiling off: every section is the same empty context manager."""

    _null: AbstractContextManager[object] = nullcontext()

    def section(self, name: str) -> AbstractContextManager[object]:
        return self._null

    def count_tokens(self, name: str, tokens: int) -> None:
        pass


NO_PROFILE: Profile = _NoProfile()

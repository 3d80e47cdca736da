"""Phrasings drawn as from a shuffled deck: every one once before any of them again.

Drawn at random, the 8,624 phrasings of the other languages are mostly never seen by a
training run of a few thousand non-English turns (a uniform draw of 5,000 covers about
45 % of them), and the model's misses on DrawnConvos(TEST) are exactly such phrasings
(#20). A deck per list of options, shared by all the dialogues of one synthesis, covers a
list fully once the run has drawn from it as many times as it has lines. A user's way of
typing (no accents, Latin letters: training.synth.lang) renders the same file as other
strings; they share one deck, compared as core.languages.comparable writes them, so a line
dealt plain is not dealt again with accents. Its order comes from a stream of its own, so
the same seed gives the same files.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

from core.languages import comparable

T = TypeVar("T")


class PhrasingDeck:
    def __init__(self, seed: int | str) -> None:
        self._rng = random.Random(f"{seed}:deck")
        self._left: dict[tuple[str, ...], list[int]] = {}

    def draw(self, options: Sequence[T]) -> T:
        """The next of `options` in its deck, reshuffled whenever it runs out."""
        key = tuple(comparable(str(o)) for o in options)
        left = self._left.get(key)
        if not left:
            left = list(range(len(options)))
            self._rng.shuffle(left)
            self._left[key] = left
        return options[left.pop()]

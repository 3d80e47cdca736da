"""The content filter, core side: levels, thresholds, verdicts and what the user reads.

A `SafetyCheck` (pipelines/safety.py: open_nsfw on ONNX Runtime) gives a picture a
score, the model's probability that it is sexual content; `judge` turns that score and
the chat's level into a verdict. Both generated results and uploads are judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from core.phrasebook import phrase

SafetyLevel = Literal["strict", "relaxed", "off"]

# Refused from this score up; None never refuses. open_nsfw's authors call < 0.2 likely
# safe and > 0.8 likely NSFW, but 0.2 is no line for a drawing bot: plain skin-toned,
# brown and grey fills score 0.20-0.27, so "strict" would refuse a beige background.
# 0.45 refuses none of the fills, gradients, noise, scenes or real files measured, and
# 16 of 600 deliberately body-like blurred skin shapes (`python -m pipelines.bench_safety`).
# Recall on real NSFW pictures was not measured here (none are kept on these machines).
THRESHOLDS: dict[SafetyLevel, float | None] = {"strict": 0.45, "relaxed": 0.8, "off": None}

REFUSED_RESULT = phrase("refused_result")
REFUSED_UPLOAD = phrase("refused_upload")


class SafetyCheckFailed(Exception):
    """The filter could not score a picture (its model is missing, the bytes are not a
    readable image). Callers fail closed: a picture that was not checked is not sent."""


class SafetyCheck(Protocol):
    def score(self, image: bytes) -> float:
        """P(sexual content) of an encoded picture, in [0, 1]; raises SafetyCheckFailed.
        Blocking (about 15 ms on a CPU): the engine calls it in a thread."""
        ...


@dataclass(frozen=True)
class SafetyVerdict:
    allowed: bool
    score: float
    level: SafetyLevel


def judge(score: float, level: SafetyLevel) -> SafetyVerdict:
    threshold = THRESHOLDS[level]
    return SafetyVerdict(threshold is None or score < threshold, score, level)

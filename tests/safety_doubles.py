"""Test doubles for the content filter and the upload captioner, for engine tests.

engine = DialogueEngine(settings, store, intent, queue,
                        captioner=FixedCaptioner("a red disc"))
check = FixedSafetyCheck(0.95)   # every picture scores 0.95: refused at any level but off
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.safety import SafetyCheckFailed


@dataclass
class FixedSafetyCheck:
    """A `core.safety.SafetyCheck` giving every picture the same score (or, with
    `fail=True`, raising as a missing model would); records what it was shown."""

    value: float = 0.0
    fail: bool = False
    seen: list[bytes] = field(default_factory=list)

    def score(self, image: bytes) -> float:
        self.seen.append(image)
        if self.fail:
            raise SafetyCheckFailed("test double: the filter is broken")
        return self.value


@dataclass
class ScriptedSafetyCheck:
    """Scores in order, one per picture checked (the last one repeats)."""

    values: list[float]
    seen: list[bytes] = field(default_factory=list)

    def score(self, image: bytes) -> float:
        value = self.values[min(len(self.seen), len(self.values) - 1)]
        self.seen.append(image)
        return value


@dataclass
class FixedCaptioner:
    """A `core.engine.Captioner` answering every upload with the same caption."""

    caption: str = "a red disc on a blue gradient"
    seen: list[bytes] = field(default_factory=list)

    def __call__(self, data: bytes) -> str:
        self.seen.append(data)
        return self.caption

"""The port between the chat side of the learning loop and whatever runs training.

Requests and outcomes are plain JSON-able dataclasses carrying paths, never objects, so
the same job can run in a thread or in a child process (what the composition root gives)
without the bot process importing trl.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

ProgressLine = Callable[[str], None]


@dataclass(frozen=True)
class RetrainRequest:
    pairs_file: str
    base_model: str
    start_adapter: str | None
    output_dir: str
    version_name: str
    config_file: str | None = None
    # The start version's ISA from earlier gates, by the fingerprint of the sets it was
    # measured on (training.gate.gate_fingerprint): the gate need not score it again.
    known_isa: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class RetrainOutcome:
    adapter_dir: str
    promote: bool
    reasons: list[str]
    metrics: dict[str, Any] = field(default_factory=dict)
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RetrainOutcome:
        return cls(**data)


class RetrainRunner(Protocol):
    async def run(self, request: RetrainRequest, progress: ProgressLine) -> RetrainOutcome:
        """Train a candidate from the request and judge it; `progress` may be called from
        any thread."""
        ...

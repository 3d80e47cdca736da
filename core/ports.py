"""The ports the engine needs; adapters, queues and models implement them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.dialogue import DialogueMessage, IntentResult, Interpretation, PredictionRequest
from core.jobs import JobRequest, JobResult, ProgressCallback
from core.messages import OutgoingImage


class Outbound(Protocol):
    """One conversation's way back to the user. Methods return the platform message id."""

    async def send_text(self, text: str) -> str | None: ...

    async def send_image(self, image: OutgoingImage) -> str | None: ...

    async def show_status(self, text: str) -> None:
        """Create the single status message of this turn, or edit it if it exists."""
        ...

    async def clear_status(self) -> None: ...


class JobQueue(Protocol):
    async def run(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        """Run a job to completion; raise QueueUnavailable when the queue cannot be reached."""
        ...

    async def close(self) -> None: ...


class QueueUnavailable(Exception):
    """The job queue cannot take jobs now (broker down, pool shut)."""


class IntentModel(Protocol):
    @property
    def version(self) -> str: ...

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult: ...

    def alternative(self, request: PredictionRequest, skill: str) -> Interpretation | None:
        """The reading of `request` as `skill`, arguments decoded now (after a 👎: the
        runner-ups are not decoded on every turn); None when the grammar has no such reading."""
        ...

    def respond(self, messages: Sequence[DialogueMessage]) -> str:
        """A conversational answer from the model's language model (the `chat` skill)."""
        ...

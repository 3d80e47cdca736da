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
    """Runs jobs somewhere (threads of this process, Celery workers) for the engine."""

    async def run(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        """Run a job to completion and return its result; only an unreachable queue raises.

        Every failure of the job itself (a SkillError, a skill bug, a timeout, a worker
        that died) comes back as a `JobResult` with `ok` False and its user's words in
        `error`; `QueueUnavailable` means the job could not be run or followed at all.
        Nothing else is raised (cancelling the caller still cancels, as always).

        `progress` is a plain function, called directly on the event loop that awaits
        `run` (no further hop is needed), in order, at most once per progress event (a
        queue that polls may miss some), and never after `run` has returned. It should
        only schedule work (a task that edits the status message); if it raises, the
        error is logged and the job goes on.
        """
        ...

    async def close(self) -> None: ...


class QueueUnavailable(Exception):
    """The job queue cannot take or follow jobs now (broker down, queue shut)."""


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

"""Jobs: what the engine asks a worker to run, and what comes back.

Both sides are plain JSON-able data so that the same objects travel through the
in-process executor and through Celery (JSON serializer, never pickle).

The contract, in one place: a queue's worker side runs every job through `run_job`,
which turns any exception into a failed `JobResult` worded by `failure_result`; the
queue's caller sees that result or `core.ports.QueueUnavailable`, nothing else.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.phrasebook import Words, phrase

log = logging.getLogger(__name__)


class SkillError(Exception):
    """A skill could not run for a reason the user should read (bad input, missing model).

    `words` go to the chat in the user's language (core.phrasebook); a plain string is
    said as it is (operator tools). `detail`, when given, is for the operator (the log,
    the jobs table, /stats) and may name settings and commands.
    """

    def __init__(self, words: Words | str, detail: str | None = None) -> None:
        super().__init__(detail or str(words))
        self.words = words
        self.detail = detail

    @property
    def user_message(self) -> str:
        """The user's words in English, as the log reads them."""
        return str(self.words)


MODEL_MISSING = phrase("model_missing")
# The user's words for any job that failed without a SkillError of its own: a skill bug,
# a worker that died, a task the broker lost.
SKILL_FAILED = phrase("skill_failed")
NOT_SET_UP = phrase("not_set_up")


def failure_result(exc: BaseException) -> JobResult:
    """The result of a failed job, whatever failed: the only place its words are chosen."""
    if isinstance(exc, SkillError):
        return JobResult.failed(exc.words, exc.detail)
    return JobResult.failed(SKILL_FAILED, f"{type(exc).__name__}: {exc}")


class JobTimedOut(SkillError):
    """No result within the job time limit (waiting in line included, for the queues)."""

    def __init__(self, limit_s: float) -> None:
        super().__init__(
            phrase("timed_out", limit=limit_s),
            f"no result within the job time limit of {limit_s:.0f} s",
        )


class ModelMissingError(SkillError):
    """The weights a skill needs are not installed: the user hears that in plain words,
    the operator which model and how to provide it."""

    def __init__(self, model: str, how: str) -> None:
        super().__init__(MODEL_MISSING, f"The model '{model}' is not available here. {how}")
        self.model = model


@dataclass(frozen=True)
class JobRequest:
    job_id: int
    skill: str
    args: dict[str, Any]
    # Image arguments resolved to their bytes, keyed by argument name ("image", "style_image").
    images: dict[str, bytes] = field(default_factory=dict)
    seed: int = 0
    # Chosen by the engine and stored with the job before it is sent, so that a restarted
    # bot can find a queued job's result (Celery task id); empty lets the queue choose.
    task_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "skill": self.skill,
            "args": self.args,
            "images": {k: base64.b64encode(v).decode() for k, v in self.images.items()},
            "seed": self.seed,
            "task_id": self.task_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobRequest:
        return cls(
            job_id=int(data["job_id"]),
            skill=str(data["skill"]),
            args=dict(data["args"]),
            images={k: base64.b64decode(v) for k, v in data.get("images", {}).items()},
            seed=int(data.get("seed", 0)),
            task_id=str(data.get("task_id", "")),
        )


@dataclass(frozen=True)
class JobResult:
    """A finished job: an image (PNG/WebP bytes), a text answer, or a failure: the user's
    `words` (in English as `error`) with the operator's reading of it (`detail`)."""

    image: bytes | None = None
    mime_type: str = "image/png"
    text: str | None = None
    error: str | None = None
    model: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    detail: str | None = None
    words: Words | None = None

    @classmethod
    def failed(cls, words: Words | str, detail: str | None = None) -> JobResult:
        return cls(
            error=str(words), words=words if isinstance(words, Words) else None, detail=detail
        )

    @property
    def ok(self) -> bool:
        return self.error is None

    def said_in(self, language: str) -> str:
        """The failure as the user reads it."""
        return self.words.said_in(language) if self.words else self.error or ""

    def to_json(self) -> dict[str, Any]:
        return {
            "image": base64.b64encode(self.image).decode() if self.image is not None else None,
            "mime_type": self.mime_type,
            "text": self.text,
            "error": self.error,
            "model": self.model,
            "meta": self.meta,
            "detail": self.detail,
            "words": self.words.to_json() if self.words else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobResult:
        image = data.get("image")
        return cls(
            image=base64.b64decode(image) if image else None,
            mime_type=str(data.get("mime_type", "image/png")),
            text=data.get("text"),
            error=data.get("error"),
            model=str(data.get("model", "")),
            meta=dict(data.get("meta") or {}),
            detail=data.get("detail"),
            words=Words.from_json(data["words"]) if data.get("words") else None,
        )


@dataclass(frozen=True)
class Progress:
    """Where a job stands: waiting at `position` in the queue, or at step `step` of `total`."""

    state: str  # "queued" | "running"
    position: int = 0
    step: int = 0
    total: int = 0

    def describe(self, language: str = "en") -> str:
        if self.state == "queued":
            words = phrase("queued_at", position=self.position) if self.position else QUEUED
        elif self.total:
            words = phrase("working_step", step=self.step, total=self.total)
        else:
            words = phrase("working")
        return words.said_in(language)


QUEUED = phrase("queued")


ProgressCallback = Callable[[Progress], None]
# What runs a job inside a worker: pipelines provide it, queues call it through `run_job`.
# It may raise: a SkillError for the user to read, anything else for a bug.
JobRunner = Callable[[JobRequest, ProgressCallback], JobResult]


def run_job(runner: JobRunner, request: JobRequest, progress: ProgressCallback) -> JobResult:
    """Run one job on a queue's worker side and always return its result.

    The one place a failure becomes a result: one bad upload or one crashing model costs
    that user a polite message, never the worker (and everyone else's queued jobs). A
    failing progress report (a broker hiccup) is logged and the job goes on.
    """

    def report(update: Progress) -> None:
        try:
            progress(update)
        except Exception:
            log.warning("job %s: progress report failed", request.job_id, exc_info=True)

    try:
        return runner(request, report)
    except SkillError as exc:
        log.info("job %s (%s): %s", request.job_id, request.skill, exc.detail or exc.user_message)
        return failure_result(exc)
    except Exception as exc:
        log.exception("job %s (%s) failed", request.job_id, request.skill)
        return failure_result(exc)

"""Jobs: what the engine asks a worker to run, and what comes back.

Both sides are plain JSON-able data so that the same objects travel through the
in-process executor and through Celery (JSON serializer, never pickle).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class SkillError(Exception):
    """A skill could not run for a reason the user should read (bad input, missing model)."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class ModelMissingError(SkillError):
    """The weights a skill needs are not installed; say which and how to provide them."""

    def __init__(self, model: str, how: str) -> None:
        super().__init__(f"The model '{model}' is not available here. {how}")
        self.model = model


@dataclass(frozen=True)
class JobRequest:
    job_id: int
    skill: str
    args: dict[str, Any]
    # Image arguments resolved to their bytes, keyed by argument name ("image", "style_image").
    images: dict[str, bytes] = field(default_factory=dict)
    seed: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "skill": self.skill,
            "args": self.args,
            "images": {k: base64.b64encode(v).decode() for k, v in self.images.items()},
            "seed": self.seed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobRequest:
        return cls(
            job_id=int(data["job_id"]),
            skill=str(data["skill"]),
            args=dict(data["args"]),
            images={k: base64.b64decode(v) for k, v in data.get("images", {}).items()},
            seed=int(data.get("seed", 0)),
        )


@dataclass(frozen=True)
class JobResult:
    """A finished job: an image (PNG/WebP bytes), a text answer, or a user-facing error."""

    image: bytes | None = None
    mime_type: str = "image/png"
    text: str | None = None
    error: str | None = None
    model: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        return {
            "image": base64.b64encode(self.image).decode() if self.image is not None else None,
            "mime_type": self.mime_type,
            "text": self.text,
            "error": self.error,
            "model": self.model,
            "meta": self.meta,
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
        )


@dataclass(frozen=True)
class Progress:
    """Where a job stands: waiting at `position` in the queue, or at step `step` of `total`."""

    state: str  # "queued" | "running"
    position: int = 0
    step: int = 0
    total: int = 0

    def describe(self) -> str:
        if self.state == "queued":
            return f"⏳ In the queue, position {self.position}…" if self.position else "⏳ Queued…"
        if self.total:
            return f"🎨 Working… step {self.step}/{self.total}"
        return "🎨 Working…"


ProgressCallback = Callable[[Progress], None]
# What runs a job inside a worker: pipelines provide it, queues call it.
JobRunner = Callable[[JobRequest, ProgressCallback], JobResult]

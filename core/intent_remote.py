"""IntentModel over Celery: decisions made by the workers of the `intent` queue.

With `DIALOGDRAW_INTENT_WORKER=celery` the bot process holds no model and imports no
torch: each call (a decision, a runner-up's arguments after a 👎, a chat answer) is sent
by name to the `intent` queue, served by `dialogdraw worker --queues intent`
(pipelines/celery_app.py, core/intent/service.py). That worker answers each call in a
thread of its own, so the calls of concurrent conversations meet in the model's batcher,
as the bot's own threads do with the local model. The answer comes back on a Redis list
the caller waits on (BLPOP): a decision costs its decoding plus a few milliseconds, not a
polling interval.

Hot swap: every call carries the adapter the bot runs (its folder and version); a worker
whose adapter differs loads it before answering, so after /retrain or /rollback each
worker switches with the next call it takes, and no decision is made by an adapter
other than the one its call names. The folder must be readable at the same path on the
workers (a shared volume). `use_adapter` sends one call at once, so that a folder a
worker cannot load fails the /retrain rather than the next user's turn.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import redis
from celery import Celery
from redis.exceptions import RedisError

from core.dialogue import DialogueMessage, IntentResult, Interpretation, PredictionRequest
from core.queues.contract import (
    DECIDE_TASK,
    INTENT_QUEUE,
    INTENT_REPLY_PREFIX,
    SERIALIZER_CONFIG,
    celery_queues,
)
from core.queues.urls import mask_url_passwords
from core.settings import Settings

OPS = ("predict", "alternative", "respond", "use_adapter")
# An answer nobody took (its caller timed out) is dropped from Redis after this long.
REPLY_TTL_S = 60


class IntentUnavailable(Exception):
    """No intent worker answered in time, or the broker cannot be reached."""


class RemoteIntentError(Exception):
    """The intent worker took the call and failed it (its error's words)."""


@dataclass(frozen=True)
class AdapterSpec:
    """The adapter a call is to be answered with: `adapter` in the words of the
    `intent_adapter` setting ("default": the shipped one, "": none, or a folder)."""

    adapter: str
    version: str


@dataclass(frozen=True)
class IntentCall:
    op: str  # one of OPS
    payload: dict[str, Any]
    adapter: AdapterSpec
    reply_to: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IntentCall:
        if data.get("op") not in OPS:
            raise ValueError(f"unknown intent call {data.get('op')!r}")
        return cls(
            op=data["op"],
            payload=dict(data.get("payload") or {}),
            adapter=AdapterSpec(**data["adapter"]),
            reply_to=str(data["reply_to"]),
        )


def adapter_spec(
    setting: str | None, active_path: str | None, active_name: str | None
) -> AdapterSpec:
    """The adapter the bot starts with: the store's active version, else the setting
    (named as the local model names it: "default" for the shipped one, else the folder's
    name)."""
    if active_path:
        return AdapterSpec(active_path, active_name or Path(active_path).name)
    if not setting:
        return AdapterSpec("", "")
    return AdapterSpec(setting, setting if setting == "default" else Path(setting).name)


def celery_intent_model(
    settings: Settings, active_path: str | None = None, active_name: str | None = None
) -> CeleryIntentModel:
    """The client for `intent_worker = "celery"`, starting with the store's active adapter
    version (`active_path`, `active_name`) or else the settings' adapter."""
    spec = adapter_spec(settings.intent_adapter, active_path, active_name)
    return CeleryIntentModel(
        settings.broker_url, settings.intent_timeout_s, spec, base=settings.intent_model
    )


class CeleryIntentModel:
    """The IntentModel port, answered by the intent workers."""

    def __init__(
        self, broker_url: str, timeout_s: float, adapter: AdapterSpec, base: str = "remote"
    ) -> None:
        self._broker_url = broker_url
        self._timeout_s = timeout_s
        self._spec = adapter
        self._base = base
        self._redis = redis.Redis.from_url(
            broker_url, socket_connect_timeout=1.5, socket_timeout=timeout_s + 10
        )
        self._app = Celery("dialogdraw-bot-intent", broker=broker_url, set_as_current=False)
        self._app.conf.update(
            **SERIALIZER_CONFIG,
            task_queues=celery_queues(),
            broker_connection_timeout=1.5,
            broker_connection_retry=False,
            task_publish_retry=False,
            broker_transport_options={"socket_connect_timeout": 1.5, "socket_timeout": 10},
        )

    @property
    def version(self) -> str:
        """The base as the bot's settings name it and the adapter version every call
        carries (each decision also records the worker's own `model_version`)."""
        return f"{self._base}+{self._spec.version}" if self._spec.version else self._base

    @property
    def adapter_version(self) -> str:
        return self._spec.version

    def use_adapter(self, path: Path | None, version: str = "") -> None:
        """Run the adapter at `path` (None: none) from the next call on; one worker loads
        it now, so that a folder the workers cannot load fails here."""
        old = self._spec
        name = (version or path.name) if path is not None else ""
        self._spec = AdapterSpec(str(path) if path is not None else "", name)
        try:
            self._call("use_adapter", {})
        except Exception:
            self._spec = old
            raise

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult:
        start = time.perf_counter()
        payload = {"request": request.model_dump(), "n_best": n_best}
        result = IntentResult.model_validate(self._call("predict", payload))
        # What the user waits for: the queue and the round trip included.
        return result.model_copy(update={"latency_ms": (time.perf_counter() - start) * 1000})

    def alternative(self, request: PredictionRequest, skill: str) -> Interpretation | None:
        reply = self._call("alternative", {"request": request.model_dump(), "skill": skill})
        return None if reply is None else Interpretation.model_validate(reply)

    def respond(self, messages: Sequence[DialogueMessage]) -> str:
        return str(self._call("respond", {"messages": [m.model_dump() for m in messages]}))

    def close(self) -> None:
        self._redis.close()
        self._app.close()

    def _call(self, op: str, payload: dict[str, Any]) -> Any:
        call = IntentCall(op, payload, self._spec, INTENT_REPLY_PREFIX + uuid.uuid4().hex)
        where = mask_url_passwords(self._broker_url)
        try:
            self._app.send_task(
                DECIDE_TASK,
                args=[call.to_json()],
                queue=INTENT_QUEUE,
                # A call nobody waits for any more is dropped by the worker that gets it.
                expires=self._timeout_s,
                retry=False,
            )
            got = self._redis.blpop([call.reply_to], timeout=self._timeout_s)
        except (RedisError, OSError) as exc:
            raise IntentUnavailable(f"Redis at {where} is not reachable: {exc}") from exc
        except Exception as exc:  # kombu raises OperationalError and friends
            detail = mask_url_passwords(str(exc))
            raise IntentUnavailable(f"could not send the intent call: {detail}") from exc
        if got is None:
            raise IntentUnavailable(
                f"no intent worker answered within {self._timeout_s:.0f} s "
                "(is `dialogdraw worker --queues intent` running?)"
            )
        reply = json.loads(got[1])
        if not reply.get("ok"):
            raise RemoteIntentError(str(reply.get("error")))
        return reply.get("result")

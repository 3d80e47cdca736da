"""The worker side of core/intent_remote.py: one intent model per worker process.

Celery's threads pool runs each call in a thread of its own, so concurrent calls meet in
the model's batcher (core/intent/batcher.py) as the bot's own threads do locally. Every
call names the adapter it is to be answered with; the adapter is swapped only when no
call is being answered with the old one (calls for the new one wait meanwhile, and so do
new calls for the old one, so that a swap is never starved), so every decision is made by
the adapter its call names.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from core.dialogue import DialogueMessage, PredictionRequest
from core.intent.factory import resolve_adapter
from core.intent.model import TransformersIntentModel
from core.intent_remote import AdapterSpec, IntentCall

log = logging.getLogger(__name__)


class IntentService:
    """Answers IntentCalls with a model built on the first call (`build`: base model, no
    adapter; each call's adapter is loaded when it differs)."""

    def __init__(self, build: Callable[[], TransformersIntentModel]) -> None:
        self._build = build
        self._model: TransformersIntentModel | None = None
        self._current: AdapterSpec | None = None
        self._state = threading.Condition()
        self._running = 0  # calls being answered with `_current`
        self._wanted: AdapterSpec | None = None  # a swap waiting for those to end
        self._swapping = False

    def answer(self, call: IntentCall) -> dict[str, Any]:
        """The reply to `call`: {"ok": true, "result": ...} or {"ok": false, "error": ...}."""
        try:
            with self._using(call.adapter) as model:
                return {"ok": True, "result": _run(model, call)}
        except Exception as exc:  # the caller gets the words; the worker carries on
            log.exception("intent call %s failed", call.op)
            return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}

    @contextmanager
    def _using(self, spec: AdapterSpec) -> Iterator[TransformersIntentModel]:
        """The model with `spec` loaded, held so that nobody swaps it meanwhile."""
        swap = self._enter(spec)
        if swap:
            try:
                self._swap(spec)
            finally:
                with self._state:
                    self._swapping = False
                    if self._current == spec:
                        self._running += 1
                    self._state.notify_all()
        try:
            assert self._model is not None
            yield self._model
        finally:
            with self._state:
                self._running -= 1
                self._state.notify_all()

    def _enter(self, spec: AdapterSpec) -> bool:
        """Wait for a turn with `spec`: True when this caller is to swap it in first."""
        with self._state:
            while True:
                if self._wanted == self._current:
                    self._wanted = None
                if not self._swapping:
                    free = self._wanted in (None, spec)
                    if free and self._current == spec:
                        self._running += 1
                        return False
                    if free and self._running == 0:
                        self._swapping, self._wanted = True, None
                        return True
                    if self._wanted is None:
                        self._wanted = spec  # calls for the current adapter wait now
                self._state.wait()

    def _swap(self, spec: AdapterSpec) -> None:
        if self._model is None:
            self._model = self._build()
        folder = resolve_adapter(spec.adapter)
        self._model.use_adapter(folder, spec.version)
        self._current = spec


def _run(model: TransformersIntentModel, call: IntentCall) -> Any:
    payload = call.payload
    if call.op == "use_adapter":
        return model.version
    if call.op == "respond":
        messages = [DialogueMessage.model_validate(m) for m in payload["messages"]]
        return model.respond(messages)
    request = PredictionRequest.model_validate(payload["request"])
    if call.op == "alternative":
        reading = model.alternative(request, str(payload["skill"]))
        return None if reading is None else reading.model_dump()
    return model.predict(request, int(payload.get("n_best", 1))).model_dump()

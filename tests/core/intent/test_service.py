"""The intent worker's service: each call is answered by the adapter it names, even while
calls for another adapter arrive."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from core.dialogue import DialogueMessage, IntentResult, Interpretation, PredictionRequest
from core.intent.service import IntentService
from core.intent_remote import AdapterSpec, IntentCall


class SlowModel:
    """Decisions that take a while and say which adapter made them, start and end."""

    def __init__(self) -> None:
        self.version = "base"
        self.swaps: list[str] = []
        # Decisions wait for this: a test holds the first ones until every call has arrived.
        self.go = threading.Event()
        self.go.set()

    def use_adapter(self, path: Path | None, version: str = "") -> None:
        time.sleep(0.02)
        self.version = version
        self.swaps.append(version)

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult:
        started = self.version
        assert self.go.wait(10)
        time.sleep(0.05)
        assert self.version == started, "the adapter was swapped under a running decision"
        best = Interpretation(skill="chat", args={"message": started})
        return IntentResult(best=best, raw="", model_version=started, latency_ms=1.0)


def call(version: str) -> IntentCall:
    request = PredictionRequest(id="r", messages=[DialogueMessage(role="user", text="hi")])
    return IntentCall(
        op="predict",
        payload={"request": request.model_dump(), "n_best": 1},
        adapter=AdapterSpec("", version),
        reply_to="unused",
    )


def test_every_call_is_answered_by_its_own_adapter_and_swaps_wait_for_running_calls() -> None:
    model = SlowModel()
    service = IntentService(lambda: model)  # type: ignore[arg-type,return-value]
    replies: dict[int, dict[str, Any]] = {}
    versions = ["v1", "v1", "v1", "v2", "v1", "v2", "v2"]

    arrived = threading.Semaphore(0)

    def ask(i: int) -> None:
        time.sleep(0.005 * i)
        arrived.release()
        replies[i] = service.answer(call(versions[i]))

    # The first v1 decisions run until every call is waiting: timing alone let a loaded
    # machine answer each call before the next arrived, one swap each.
    model.go.clear()
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(versions))]
    for t in threads:
        t.start()
    for _ in versions:
        assert arrived.acquire(timeout=10)
    time.sleep(0.2)  # from `arrived` into the service's wait: a few lines of Python
    model.go.set()
    for t in threads:
        t.join()
    for i, version in enumerate(versions):
        assert replies[i]["ok"], replies[i]
        assert replies[i]["result"]["model_version"] == version
    # Calls for the adapter already loaded share it instead of swapping again each.
    assert model.swaps[0] == "v1" and len(model.swaps) < len(versions)


def test_a_failing_call_is_an_error_reply_and_the_service_carries_on() -> None:
    model = SlowModel()
    service = IntentService(lambda: model)  # type: ignore[arg-type,return-value]
    bad = IntentCall(op="predict", payload={}, adapter=AdapterSpec("", "v1"), reply_to="x")
    reply = service.answer(bad)
    assert not reply["ok"] and "KeyError" in reply["error"]
    assert service.answer(call("v1"))["ok"]

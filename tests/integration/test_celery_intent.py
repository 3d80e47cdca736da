"""The intent model on the `intent` queue: a real Redis, a real `celery worker --queues intent`
serving a tiny model, and CeleryIntentModel as the bot would use it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.dialogue import DialogueMessage, ImageInfo, IntentResult, PredictionRequest
from core.intent.factory import build_intent_model
from core.intent.model import TransformersIntentModel
from core.intent_remote import (
    AdapterSpec,
    CeleryIntentModel,
    IntentUnavailable,
    RemoteIntentError,
    adapter_spec,
)
from core.settings import Settings
from pipelines.worker import worker_argv
from tests.core.intent.conftest import smollm2_tokenizer, tiny_model_dir  # noqa: F401 (fixtures)
from tests.core.intent.test_model import make_adapter
from tests.integration.conftest import REPO, Worker

WORKER_THREADS = 4


def requests() -> list[PredictionRequest]:
    cat = ImageInfo(ref="#1", caption="a cat on a sofa")
    first = [
        DialogueMessage(role="user", text="draw a cat"),
        DialogueMessage(role="assistant", text="Here you go!", images=[cat]),
    ]
    texts = [([], "draw a lighthouse"), (first, "make it anime"), (first, "hi"), ([], "thanks")]
    return [
        PredictionRequest(id=f"q/{i}", messages=[*h, DialogueMessage(role="user", text=t)])
        for i, (h, t) in enumerate(texts)
    ]


def same(a: IntentResult, b: IntentResult) -> bool:
    return (a.best.skill, a.best.args, a.raw, a.model_version) == (
        b.best.skill,
        b.best.args,
        b.raw,
        b.model_version,
    )


@pytest.fixture
def intent_settings(tiny_model_dir: Path, tmp_path: Path) -> dict[str, str]:  # noqa: F811
    """What the worker and the local reference model are both built from."""
    return {
        "DIALOGDRAW_INTENT_MODEL": str(tiny_model_dir),
        "DIALOGDRAW_INTENT_ADAPTER": "",
        "DIALOGDRAW_INTENT_DTYPE": "float32",
        "DIALOGDRAW_DATA_DIR": str(tmp_path / "data"),
    }


@pytest.fixture
def local(
    intent_settings: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[Path | None, str], TransformersIntentModel]]:
    """The same model in this process, with a given adapter."""
    for name, value in intent_settings.items():
        monkeypatch.setenv(name, value)

    def build(adapter: Path | None, version: str) -> TransformersIntentModel:
        model = build_intent_model(Settings())
        if adapter is not None:
            model.use_adapter(adapter, version)
        return model

    yield build


@pytest.fixture
def intent_worker(
    redis_url: str, intent_settings: dict[str, str], tmp_path: Path
) -> Iterator[Worker]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOGDRAW_")}
    env.update(intent_settings, PYTHONPATH=str(REPO), OMP_NUM_THREADS="1")
    env["DIALOGDRAW_BROKER_URL"] = redis_url
    log = tmp_path / "intent-worker.log"
    argv = worker_argv(["intent"], concurrency=WORKER_THREADS, loglevel="DEBUG")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "pipelines.celery_app", *argv],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = Worker(process, log)
    worker.wait_ready()
    yield worker
    worker.kill()


@pytest.fixture
def client(redis_url: str) -> Iterator[CeleryIntentModel]:
    remote = CeleryIntentModel(redis_url, timeout_s=60, adapter=AdapterSpec("", ""))
    yield remote
    remote.close()


def test_decisions_alternatives_and_chat_through_the_queue_equal_the_local_model(
    intent_worker: Worker, client: CeleryIntentModel, local: Callable[..., TransformersIntentModel]
) -> None:
    reference = local(None, "")
    for request in requests():
        remote, alone = client.predict(request), reference.predict(request)
        assert same(remote, alone)
        assert [r.skill for r in remote.runner_ups] == [r.skill for r in alone.runner_ups]
        skill = alone.runner_ups[0].skill
        there, here = client.alternative(request, skill), reference.alternative(request, skill)
        assert there is not None and here is not None
        # Same reading; the worker's process sums the log-probabilities in another order.
        assert (there.skill, there.args) == (here.skill, here.args)
        assert there.logprob == pytest.approx(here.logprob, abs=1e-2)
    messages = requests()[0].messages
    assert client.respond(messages) == reference.respond(messages)
    assert client.alternative(requests()[0], "no_such_skill") is None


def test_concurrent_calls_are_decided_in_batches_on_the_worker(
    intent_worker: Worker, client: CeleryIntentModel, local: Callable[..., TransformersIntentModel]
) -> None:
    reference = local(None, "")
    batch = requests() * 2
    alone = [reference.predict(r) for r in batch]
    client.predict(batch[0])  # the worker builds its model on its first call
    start = threading.Barrier(len(batch))
    got: dict[int, IntentResult] = {}

    def conversation(i: int) -> None:
        start.wait()
        got[i] = client.predict(batch[i])

    threads = [threading.Thread(target=conversation, args=(i,)) for i in range(len(batch))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(same(got[i], alone[i]) for i in range(len(batch)))
    assert "decisions decoded in one batch" in intent_worker.log.read_text(errors="replace")


def test_a_retrained_adapter_reaches_the_worker_with_the_next_call(
    intent_worker: Worker,
    client: CeleryIntentModel,
    local: Callable[..., TransformersIntentModel],
    tiny_model_dir: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    a = make_adapter(tiny_model_dir, tmp_path / "adapter-a", seed=1)
    request = requests()[1]
    base = client.predict(request)
    assert same(base, local(None, "").predict(request))

    client.use_adapter(a, "a1")  # what /retrain does after training
    with_a = client.predict(request)
    assert with_a.model_version.endswith("+a1") and client.version.endswith("+a1")
    assert same(with_a, local(a, "a1").predict(request))

    with pytest.raises(RemoteIntentError):
        client.use_adapter(tmp_path / "no-such-adapter", "broken")
    assert client.adapter_version == "a1"  # a refused swap leaves the running version
    assert same(client.predict(request), with_a)

    client.use_adapter(None)  # /rollback to the base
    assert same(client.predict(request), base)


def test_without_a_worker_a_call_fails_in_time(redis_url: str) -> None:
    remote = CeleryIntentModel(redis_url, timeout_s=1, adapter=AdapterSpec("", ""))
    with pytest.raises(IntentUnavailable, match="no intent worker answered"):
        remote.predict(requests()[0])
    remote.close()


def test_the_bot_side_client_imports_no_torch() -> None:
    code = (
        "import sys, core.intent_remote, dialogdraw.app; "
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_the_intent_queue_gets_a_worker_of_its_own_with_threads() -> None:
    argv = worker_argv(["intent"])
    assert "--pool=threads" in argv and "--concurrency=8" in argv
    with pytest.raises(ValueError, match="worker of its own"):
        worker_argv(["intent", "gpu"])


def test_the_bot_starts_with_the_active_version_else_the_setting() -> None:
    assert adapter_spec("default", None, None) == AdapterSpec("default", "default")
    assert adapter_spec("", None, None) == AdapterSpec("", "")
    assert adapter_spec("default", "/a/v3", "v3") == AdapterSpec("/a/v3", "v3")
    assert adapter_spec("/x/my-adapter", None, None) == AdapterSpec("/x/my-adapter", "my-adapter")

"""A real redis-server on a free loopback port, and real `celery worker` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from pipelines.worker import worker_argv
from tests.redis_server import RedisServer

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a throwaway Redis: no snapshots, no AOF, gone after the session."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The session's Redis, emptied for this test."""
    redis.Redis.from_url(redis_server).flushall()
    return redis_server


class Worker:
    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    def wait_ready(self, within_s: float = 30.0) -> None:
        deadline = time.monotonic() + within_s
        while " ready." not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker did not start:\n{self.log.read_text()}")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes together, as a crashed machine would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)


StartWorker = Callable[[], Worker]


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """The file the test runner appends `start <job> <pid>` / `done <job> <pid>` to."""
    return tmp_path / "events.log"


@pytest.fixture
def start_worker(redis_url: str, events: Path, tmp_path: Path) -> Iterator[StartWorker]:
    started: list[Worker] = []

    def start() -> Worker:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOGDRAW_")}
        env.update(
            PYTHONPATH=str(REPO),
            OMP_NUM_THREADS="1",
            DIALOGDRAW_BROKER_URL=redis_url,
            DIALOGDRAW_WORKER_RUNNER="tests.integration.fake_runner:make_runner",
            DIALOGDRAW_TEST_EVENTS=str(events),
            # Abandoned jobs come back after 2 s instead of an hour.
            DIALOGDRAW_VISIBILITY_TIMEOUT_S="2",
            DIALOGDRAW_JOB_TIMEOUT_S="60",
        )
        log = tmp_path / f"worker-{len(started)}.log"
        argv = worker_argv(["gpu", "cpu"], loglevel="INFO")
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "pipelines.celery_app", *argv],
                cwd=tmp_path,  # no dialogdraw.toml of the developer
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to kill with its children
            )
        worker = Worker(process, log)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()

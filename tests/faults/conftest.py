"""Real processes for the fault suite: the bot (tests/faults/bot_process.py) against the fake
Bot API on loopback, a redis-server that can be stopped and started on its port, and real
Celery workers. Every wait is bounded."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pipelines.worker import worker_argv
from tests.bot.telegram.fake_bot_api import TOKEN, Call, FakeBotAPI
from tests.redis_server import RedisServer

REPO = Path(__file__).resolve().parents[2]
USER = {"id": 4242, "is_bot": False, "first_name": "Dana"}


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIALOGDRAW_", "FAULT_"))}
    env.update(PYTHONPATH=str(REPO), OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    env.update(extra)
    return env


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process takes the write lock and keeps it (a backup, a sqlite3 shell)."""
    code = (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        f"time.sleep({seconds})\n"
        "c.execute('COMMIT')\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


@dataclass
class Process:
    """A child in its own process group, so kill -9 takes its children (pool processes) too."""

    argv: list[str]
    env: dict[str, str]
    log: Path
    cwd: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.argv,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL, as the OOM killer or a power cut would: no cleanup of any kind."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    async def wait_log(self, needle: str, within: float = 30.0) -> None:
        deadline = time.monotonic() + within
        while needle not in self.text():
            if time.monotonic() > deadline or (self.process and self.process.poll() is not None):
                raise AssertionError(f"{needle!r} not in the log:\n{self.text()[-4000:]}")
            await asyncio.sleep(0.05)


@dataclass
class FaultRig:
    """The fake Bot API, the folders, and the processes of one test."""

    fake: FakeBotAPI
    folder: Path
    redis: RedisServer | None = None
    processes: list[Process] = field(default_factory=list)

    @property
    def database(self) -> Path:
        return self.folder / "data" / "dialogdraw.sqlite3"

    @property
    def events(self) -> Path:
        return self.folder / "events.log"

    @property
    def hold(self) -> Path:
        return self.folder / "hold"

    def settings_env(self, **extra: str) -> dict[str, str]:
        env = base_env(
            DIALOGDRAW_DATA_DIR=str(self.folder / "data"),
            DIALOGDRAW_TELEGRAM_TOKEN=TOKEN,
            DIALOGDRAW_JOB_TIMEOUT_S="60",
            FAULT_API=self.fake.base_url,
            FAULT_FILE_API=self.fake.base_file_url,
            FAULT_EVENTS=str(self.events),
            FAULT_HOLD=str(self.hold),
        )
        if self.redis is not None:
            env["DIALOGDRAW_BROKER_URL"] = self.redis.url
        env.update(extra)
        return env

    async def start_bot(self, **extra: str) -> Process:
        bot = Process(
            [sys.executable, "-m", "tests.faults.bot_process"],
            self.settings_env(**extra),
            self.folder / f"bot-{len(self.processes)}.log",
            self.folder,
        )
        bot.start()
        self.processes.append(bot)
        await bot.wait_log("telegram: serving as")
        return bot

    async def start_worker(self, visibility_s: float = 60.0) -> Process:
        """A Celery worker serving both queues. Results are kept for twice `visibility_s`
        (see pipelines/celery_app.py): a test that restarts the bot needs them longer than a
        loaded machine takes to restart it."""
        worker = Process(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pipelines.celery_app",
                *worker_argv(["gpu", "cpu"], loglevel="INFO"),
            ],
            self.settings_env(
                DIALOGDRAW_WORKER_RUNNER="tests.faults.bot_process:make_runner",
                DIALOGDRAW_VISIBILITY_TIMEOUT_S=str(visibility_s),
            ),
            self.folder / f"worker-{len(self.processes)}.log",
            self.folder,
        )
        worker.start()
        self.processes.append(worker)
        await worker.wait_log(" ready.")
        return worker

    def say(self, text: str, user: dict[str, Any] = USER) -> int:
        """A private message from `user`, as Telegram delivers it; returns its message id."""
        message_id = self.fake.new_message_id()
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        self.fake.push("message", message)
        return message_id

    def answers_to(self, message_id: int, method: str | None = None) -> list[Call]:
        """What the bot sent as a reply to one message (status messages aside)."""
        return [
            c
            for c in self.fake.calls
            if c.reply_to == message_id
            and c.method in ({method} if method else {"sendMessage", "sendPhoto", "sendDocument"})
            and not str(c.params.get("text", "")).startswith(("⏳", "🎨"))
        ]

    async def wait_answer(self, message_id: int, method: str | None = None, within: float = 30):
        return await self.fake.wait_for(lambda: self.answers_to(message_id, method), within)

    async def wait_event(self, event: str, count: int = 1, within: float = 30.0) -> None:
        deadline = time.monotonic() + within
        while self._events(event) < count:
            if time.monotonic() > deadline:
                logs = "\n".join(p.text()[-2000:] for p in self.processes)
                raise AssertionError(f"no {count}× {event!r} in the events:\n{logs}")
            await asyncio.sleep(0.05)

    def _events(self, event: str) -> int:
        if not self.events.exists():
            return 0
        return sum(line.startswith(event + " ") for line in self.events.read_text().splitlines())

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database, timeout=10) as db:
            return list(db.execute(sql, params))

    async def check_nothing_lost(self, user_messages: list[int], within: float = 10.0) -> None:
        """Every message stored once, every job ended and delivered, every update handled.

        Polled: the bot records a delivery just after the platform confirmed it."""
        deadline = time.monotonic() + within
        while True:
            stored = self.rows(
                "SELECT platform_message_id FROM messages WHERE role = 'user' ORDER BY id"
            )
            jobs = self.rows("SELECT id, status, delivered_at FROM jobs")
            pending = self.rows("SELECT update_id FROM processed_updates WHERE handled_at IS NULL")
            ended = bool(jobs) and all(s in ("done", "failed") and d for _, s, d in jobs)
            if (ended and not pending) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        assert sorted(int(r[0]) for r in stored) == sorted(user_messages)
        assert ended, jobs
        assert pending == []


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[FaultRig]:
    fake = FakeBotAPI()
    await fake.start()
    rig = FaultRig(fake, tmp_path)
    try:
        yield rig
    finally:
        for process in rig.processes:
            process.kill()
        if rig.redis is not None:
            rig.redis.stop()
        await fake.stop()


@pytest.fixture
def with_redis(rig: FaultRig, tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    rig.redis = server
    yield server
    server.stop()

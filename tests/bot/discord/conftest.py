"""A fake Discord per test, and the real discord.py client pointed at it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import discord
import pytest

from bot.discord_bot.client import DialogDrawClient
from core.dialogue import Interpretation
from core.engine import DialogueEngine
from core.settings import Settings
from dialogdraw.cmd_serve_discord import build_client
from tests.bot.discord.fake_discord import FakeDiscord, user
from tests.doubles import DEFAULT_RULES, FakeIntentModel

ALICE = user(100_000_000_000_000_001, "alice")  # an admin
BOB = user(100_000_000_000_000_002, "bob")
MAX_UPLOAD = 50_000

RULES = [
    *DEFAULT_RULES,
    (
        r"remove the background",
        lambda m, refs: Interpretation(
            skill="remove_background", args={"image": refs[-1] if refs else "#1"}
        ),
    ),
]

RunningClient = Callable[[], AbstractAsyncContextManager[DialogDrawClient]]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        intent_adapter="",
        admin_ids=[ALICE["id"]],
        max_upload_bytes=MAX_UPLOAD,
    )


@pytest.fixture
def intent() -> FakeIntentModel:
    return FakeIntentModel(rules=RULES)


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    # Undone after the test, so that no other test talks to a dead port.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    server.point_discord_py_here()
    yield server
    await server.stop()


@pytest.fixture
def running(
    settings: Settings, engine: DialogueEngine, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> RunningClient:
    """Start a fresh client (as after a restart) on the same engine and store."""

    @asynccontextmanager
    async def run() -> AsyncIterator[DialogDrawClient]:
        client = build_client(settings, engine, guild_ready_timeout=0.01)
        task = asyncio.create_task(client.start("TEST-TOKEN"))
        try:
            await fake.until(lambda: task.done() or client.is_ready())
            if task.done():
                task.result()  # start failed: raise its error here
            yield client
        finally:
            await client.close()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, 5)
        # discord.py and the engine log handler failures instead of raising them.
        records = [*caplog.get_records("call"), *caplog.records]
        errors = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
        assert not errors, errors

    return run


@pytest.fixture
async def bot(running: RunningClient) -> AsyncIterator[DialogDrawClient]:
    async with running() as client:
        yield client

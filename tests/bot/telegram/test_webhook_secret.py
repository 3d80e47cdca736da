"""Webhook mode always checks Telegram's secret header: a forged post never becomes a turn."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from core.chat_lexicon import LEXICONS
from core.engine import DialogueEngine
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from dialogdraw.cli import app as cli_app
from dialogdraw.cmd_serve_telegram import (
    SECRET_VARIABLE,
    WebhookOptions,
    WebhookSecretError,
    run_telegram,
)
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotAPI
from tests.doubles import FakeIntentModel, pil_runner

ADMIN = {"id": 111, "is_bot": False, "first_name": "Alice"}
SECRET = "s3cret_Token-for-tests"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED = "^[A-Za-z0-9_-]{1,256}$"


class WebhookBotAPI(FakeBotAPI):
    """The fake Bot API, answering setWebhook as well (recorded like every call)."""

    _setWebhook = FakeBotAPI._ok


def test_an_unset_secret_is_made_at_random_and_never_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    first = WebhookOptions.for_url("https://bot.example.org/telegram", 8443, None)
    second = WebhookOptions.for_url("https://bot.example.org/telegram", 8443, SecretStr(""))
    assert first.secret_token != second.secret_token
    for options in (first, second):
        assert options.secret_token and len(options.secret_token) >= 32
        assert set(options.secret_token) <= set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
        )
        assert options.secret_token not in caplog.text
    assert "made a random webhook secret" in caplog.text


def test_a_configured_secret_is_used_and_a_bad_one_refused() -> None:
    options = WebhookOptions.for_url("https://x.org/t", 8443, SecretStr(SECRET))
    assert options.secret_token == SECRET
    for bad in ("with space", "semi;colon", "ünïcode", "x" * 257):
        with pytest.raises(WebhookSecretError, match=SECRET_VARIABLE) as refused:
            WebhookOptions.for_url("https://x.org/t", 8443, SecretStr(bad))
        assert bad not in str(refused.value)
    with pytest.raises(WebhookSecretError):
        WebhookOptions(url="https://x.org/t", secret_token="")


def test_serve_refuses_to_start_with_a_bad_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGDRAW_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv(SECRET_VARIABLE, "not a valid secret!")
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        result = CliRunner().invoke(
            cli_app, ["serve", "--telegram", "--webhook-url", "https://bot.example.org/telegram"]
        )
    finally:  # `serve` set up logging for the whole process
        root.handlers[:], root.level = handlers, level
    assert result.exit_code == 2, result.output
    assert SECRET_VARIABLE in result.output and "not a valid secret!" not in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _update(update_id: int, text: str) -> dict[str, Any]:
    chat = {"id": ADMIN["id"], "type": "private", "first_name": ADMIN["first_name"]}
    message = {"message_id": update_id, "date": int(time.time()), "chat": chat, "from": ADMIN}
    return {"update_id": update_id, "message": message | {"text": text}}


@pytest.fixture
async def fake() -> AsyncIterator[WebhookBotAPI]:
    api = WebhookBotAPI()
    await api.start()
    yield api
    await api.stop()


async def test_posts_without_the_secret_get_403_and_reach_no_one(
    settings: Settings, store: Store, intent: FakeIntentModel, fake: WebhookBotAPI
) -> None:
    configured = settings.model_copy(
        update={"telegram_token": SecretStr(TOKEN), "admin_ids": [str(ADMIN["id"])]}
    )
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    engine = DialogueEngine(configured, store, intent, queue)
    port = _free_port()
    webhook = WebhookOptions(
        url="https://bot.example.org/telegram", secret_token=SECRET, listen="127.0.0.1", port=port
    )
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_telegram(
            configured,
            engine,
            webhook=webhook,
            base_url=fake.base_url,
            base_file_url=fake.base_file_url,
            stop=stop,
        )
    )
    try:
        calls = await fake.wait_for(lambda: fake.sent("setWebhook"))
        assert calls[0].params["secret_token"] == SECRET  # Telegram learns it from us
        url = f"http://127.0.0.1:{port}/telegram"
        async with aiohttp.ClientSession() as http:
            for n, headers in enumerate(({}, {HEADER: "guessed"}), start=1):
                async with http.post(url, json=_update(n, "/retrain"), headers=headers) as resp:
                    assert resp.status == 403, await resp.text()
                    assert "secret token" in (resp.reason or "")
            assert not intent.requests and not fake.sent("sendMessage")

            async with http.post(url, json=_update(3, "hi"), headers={HEADER: SECRET}) as resp:
                assert resp.status == 200
        reply = await fake.wait_for(lambda: fake.sent("sendMessage"))
        assert reply[0].params["text"] in LEXICONS["en"].replies["greeting"]
        assert [r.messages[-1].text for r in intent.requests] == ["hi"]
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await queue.close()

"""An operator's own telegram-bot-api server: the URLs come from the settings alone."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from core.engine import DialogueEngine
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from dialogdraw.cmd_serve_telegram import run_telegram
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotAPI
from tests.bot.telegram.test_telegram import ALICE, TelegramBot
from tests.doubles import FakeIntentModel, pil_runner


async def test_a_turn_runs_through_the_bot_api_server_named_in_the_settings(
    settings: Settings, store: Store, intent: FakeIntentModel
) -> None:
    fake = FakeBotAPI()
    await fake.start()
    configured = settings.model_copy(
        update={
            "telegram_token": SecretStr(TOKEN),
            "telegram_api_url": fake.base_url,
            "telegram_file_url": fake.base_file_url,
        }
    )
    engine = DialogueEngine(configured, store, intent, LocalJobQueue(pil_runner, gpu_skill_ids()))
    bot = TelegramBot(fake, engine, store)
    stop = bot.stop_event
    # No base_url passed: run_telegram must take both URLs from the settings.
    bot.task = asyncio.create_task(run_telegram(configured, engine, poll_timeout=2, stop=stop))
    try:
        bot.say("draw a cat on a beach", user=ALICE)
        photo = await bot.answer("sendPhoto", 0)
        assert photo.params["chat_id"] == ALICE["id"]
    finally:
        await bot.stop()
        await fake.stop()


def test_local_mode_is_an_operator_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGDRAW_TELEGRAM_API_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("DIALOGDRAW_TELEGRAM_LOCAL_MODE", "true")
    loaded = Settings()
    assert loaded.telegram_api_url == "http://127.0.0.1:8081/bot"
    assert loaded.telegram_local_mode is True

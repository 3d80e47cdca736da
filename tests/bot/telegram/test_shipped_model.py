"""The failed-turn scenario on Telegram with the shipped intent model and the real skills:
drawing fails here (no diffusion weights), then a photo and "make it black and white" must
edit the photo, not retry the failed drawing."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from core.captions import plain_summary
from core.catalog import ADJUST_WORDS
from core.engine import DialogueEngine
from core.intent.model import TransformersIntentModel
from core.settings import Settings
from core.store import Store
from dialogdraw.app import build_queue
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotAPI
from tests.bot.telegram.test_telegram import TelegramBot
from tests.doubles import png

pytestmark = pytest.mark.timeout(240)


async def test_a_failed_drawing_does_not_hijack_the_next_request(
    settings: Settings, store: Store, shipped_intent: TransformersIntentModel
) -> None:
    intent = shipped_intent
    configured = settings.model_copy(update={"telegram_token": SecretStr(TOKEN)})
    fake = FakeBotAPI()
    await fake.start()
    bot = TelegramBot(
        fake, DialogueEngine(configured, store, intent, build_queue(configured)), store
    )
    await bot.start()
    try:
        bot.say("draw me a red fox in the snow")
        failed = await fake.wait_for(
            lambda: [c for c in fake.sent("sendMessage") if "isn't installed" in c.params["text"]],
            within=60,
        )
        assert "DIALOGDRAW" not in failed[0].params["text"]
        photos_before = bot.count("sendPhoto")
        bot.say(photo=png((96, 64), (200, 120, 40)))
        await fake.wait_for(
            lambda: [c for c in fake.sent("sendMessage") if "Got it" in c.params["text"]]
        )
        bot.say("make it black and white")
        edited = await bot.answer("sendPhoto", photos_before)
        # Any adjustment of the photo, as its user reads it (the model picks the operation).
        adjusted = {plain_summary("adjust", {"operation": op}, "en", "#2") for op in ADJUST_WORDS}
        assert edited.params["caption"] in adjusted, edited.params
    finally:
        await bot.stop()
        await fake.stop()

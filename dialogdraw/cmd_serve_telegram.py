"""`dialogdraw serve --telegram`: run the Telegram adapter until cancelled or stopped.

Long polling by default (works behind NAT, no certificate); a webhook when a public URL is
given (needs `python-telegram-bot[webhooks]`, i.e. tornado).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import Application

from bot.telegram import ALLOWED_UPDATES, build_application
from bot.telegram.adapter import ALBUM_WAIT_S
from core.engine import DialogueEngine
from core.settings import Settings

log = logging.getLogger(__name__)

COMMANDS = [
    BotCommand("help", "what I can do"),
    BotCommand("reset", "start a new conversation"),
    BotCommand("undo", "back to the previous picture"),
]


@dataclass(frozen=True)
class WebhookOptions:
    url: str  # the public https URL Telegram posts to
    listen: str = "0.0.0.0"
    port: int = 8443
    url_path: str = "telegram"
    secret_token: str | None = None  # Telegram echoes it in a header; others can't post


async def run_telegram(
    settings: Settings,
    engine: DialogueEngine,
    *,
    webhook: WebhookOptions | None = None,
    base_url: str | None = None,
    base_file_url: str | None = None,
    poll_timeout: float = 30.0,
    album_wait: float = ALBUM_WAIT_S,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until `stop` is set or the task is cancelled; a clean shutdown either way.

    `async with` (not `run_polling`) leaves the event loop and signals to the caller, so
    the Telegram and Discord adapters can share one loop and one engine.
    """
    app = build_application(settings, engine, base_url, base_file_url, album_wait=album_wait)
    async with app:
        await _set_commands(app)
        await app.start()
        assert app.updater is not None
        if webhook is None:
            await app.updater.start_polling(
                timeout=int(poll_timeout), allowed_updates=ALLOWED_UPDATES
            )
        else:
            await app.updater.start_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=webhook.url_path,
                webhook_url=webhook.url,
                secret_token=webhook.secret_token,
                allowed_updates=ALLOWED_UPDATES,
            )
        log.info("telegram: serving as @%s", app.bot.username)
        try:
            await (stop or asyncio.Event()).wait()
        finally:
            await app.updater.stop()
            await app.stop()


async def _set_commands(app: Application) -> None:
    # The command menu is a convenience: a failure must not keep the bot from serving.
    try:
        await app.bot.set_my_commands(COMMANDS)
    except TelegramError as exc:
        log.warning("could not set the command menu: %s", exc)

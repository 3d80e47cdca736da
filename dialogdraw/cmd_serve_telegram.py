"""`dialogdraw serve --telegram`: run the Telegram adapter until cancelled or stopped.

Long polling by default (works behind NAT, no certificate); a webhook when a public URL is
given (needs `python-telegram-bot[webhooks]`, i.e. tornado). A webhook always has a secret:
anyone who learns the URL could otherwise post updates in any user's name, an admin's too.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from dataclasses import dataclass

from pydantic import SecretStr

from bot.telegram import ALLOWED_UPDATES, build_application
from bot.telegram.adapter import ALBUM_WAIT_S
from core.engine import DialogueEngine
from core.settings import Settings

log = logging.getLogger(__name__)

SECRET_VARIABLE = "DIALOGDRAW_TELEGRAM_WEBHOOK_SECRET"
# What setWebhook accepts as `secret_token`; Telegram refuses anything else.
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class WebhookSecretError(ValueError):
    """The configured webhook secret is one Telegram would refuse."""


@dataclass(frozen=True)
class WebhookOptions:
    url: str  # the public https URL Telegram posts to
    # Telegram sends it back in X-Telegram-Bot-Api-Secret-Token; a post without it gets 403.
    secret_token: str
    listen: str = "0.0.0.0"
    port: int = 8443
    url_path: str = "telegram"

    def __post_init__(self) -> None:
        if not _SECRET_TOKEN.fullmatch(self.secret_token):
            raise WebhookSecretError(
                f"{SECRET_VARIABLE} must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -"
                " (what Telegram accepts); unset it to get a random one at each start."
            )

    @classmethod
    def for_url(cls, url: str, port: int, configured: SecretStr | None) -> WebhookOptions:
        """The operator's secret, checked, or a random one for this run."""
        if configured is not None and configured.get_secret_value():
            return cls(url=url, port=port, secret_token=configured.get_secret_value())
        # 32 random bytes in URL-safe base64: 43 characters, all of them allowed.
        log.info("telegram: %s is not set; made a random webhook secret", SECRET_VARIABLE)
        return cls(url=url, port=port, secret_token=secrets.token_urlsafe(32))


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
    app, adapter = build_application(
        settings, engine, base_url, base_file_url, album_wait=album_wait
    )
    async with app:
        # PTB runs post_init (the command menus) only in run_polling and run_webhook,
        # which `async with` replaces: run it where they do, before updates are fetched.
        if app.post_init is not None:
            await app.post_init(app)
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
        resuming = asyncio.create_task(adapter.resume(app))
        try:
            await (stop or asyncio.Event()).wait()
        finally:
            resuming.cancel()
            await app.updater.stop()
            await app.stop()

"""Logging set-up: readable on a terminal; bot tokens and URL passwords never written anywhere."""

from __future__ import annotations

import logging
import os
import re
import warnings

from core.queues.urls import mask_url_passwords
from core.settings import Settings

# Telegram tokens travel inside request URLs (…/bot<TOKEN>/getUpdates) that HTTP
# libraries log; a pattern catches them even before settings know the token.
_TELEGRAM_TOKEN = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}\b")


class RedactSecrets(logging.Formatter):
    """Formats a record, then masks every secret in the whole text, tracebacks included."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = [s for s in secrets if s]

    def hide(self, secret: str) -> None:
        """Mask one more secret: one made at start-up, after logging was set up."""
        if secret:
            self.secrets.append(secret)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        # A broker URL's password reaches the log through reprs and library errors too.
        return mask_url_passwords(_TELEGRAM_TOKEN.sub("***", text))

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


def _quiet_progress_bars() -> None:
    try:
        import transformers.utils.logging as transformers_logging
    except ImportError:  # a bot host without transformers has no bars to quiet
        return
    transformers_logging.disable_progress_bar()


def configure_logging(settings: Settings, level: int = logging.INFO) -> RedactSecrets:
    secrets = [
        token.get_secret_value()
        for token in (
            settings.telegram_token,
            settings.discord_token,
            settings.telegram_webhook_secret,
        )
        if token is not None
    ]
    redact = RedactSecrets(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(redact)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Request lines of the HTTP clients carry tokens and drown the useful lines.
    for noisy in ("httpx", "httpcore", "discord.http", "discord.gateway", "telegram.ext"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # transformers and diffusers print through handlers of their own (torchvision hints,
    # deprecations) that a chat user cannot act on.
    if level > logging.DEBUG:
        for library in ("transformers", "diffusers"):
            logging.getLogger(library).setLevel(logging.ERROR)
        # Their progress bars ("Loading weights 272/272") and FutureWarnings go to stderr
        # around the chat's own lines.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"transformers\.")
        _quiet_progress_bars()
    return redact

"""The Telegram adapter (python-telegram-bot): updates in, engine calls, Bot API calls out."""

from bot.telegram.adapter import ALLOWED_UPDATES, TelegramAdapter, build_application
from bot.telegram.outbound import TelegramOutbound

__all__ = ["ALLOWED_UPDATES", "TelegramAdapter", "TelegramOutbound", "build_application"]

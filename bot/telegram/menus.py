"""The command menu Telegram shows next to the text box, published in every language the
bot speaks: the English one as the default, one per language code for the others.

Telegram keeps what was set, so publishing is a start-up chore, not a per-chat one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Application

from bot.telegram.translate import command_menu
from core.languages import DEFAULT, SUPPORTED

log = logging.getLogger(__name__)

# None is Telegram's default menu, for every user whose language has no menu of its own;
# it is the English one, so English needs no code of its own. Our codes are ISO 639-1, as
# Telegram's language_code is; users whose app is in Hindi get our Hinglish book, which is
# what the bot answers them in too.
MENU_LANGUAGES: tuple[str | None, ...] = (None, *(c for c in SUPPORTED if c != DEFAULT))


async def publish_command_menus(bot: Bot) -> list[str | None]:
    """Set the menu of every language whose published menu differs from ours; returns the
    languages it set (None: the default). Never raises for Telegram's or the network's
    failures: the menu is a convenience, and serving matters more."""
    # All at once: the start waits for one round trip, not fifteen; the bot's rate limiter
    # keeps the burst within Telegram's limits.
    outcomes = await asyncio.gather(
        *(_publish(bot, language) for language in MENU_LANGUAGES), return_exceptions=True
    )
    failed: dict[str | None, TelegramError] = {}
    published: list[str | None] = []
    for language, outcome in zip(MENU_LANGUAGES, outcomes, strict=True):
        if isinstance(outcome, TelegramError):
            failed[language] = outcome
        elif isinstance(outcome, BaseException):
            raise outcome  # a bug here, not Telegram's answer
        elif outcome:
            published.append(language)
    if failed:
        # One line, not fifteen: when the network is down every language fails alike.
        first = next(iter(failed.values()))
        log.warning(
            "telegram: could not publish the command menu for %s (%s: %s); the next start"
            " tries again",
            _names(failed),
            type(first).__name__,
            first,
        )
    if published:
        log.info("telegram: published the command menu for %s", _names(published))
    return published


async def publish_menus_at_start(app: Application) -> None:
    """ApplicationBuilder.post_init: the menus, before the first update is handled."""
    await publish_command_menus(app.bot)


async def _publish(bot: Bot, language: str | None) -> bool:
    """Set one language's menu unless Telegram already has it; True when it was set.

    Asking first keeps a restart from rewriting fifteen unchanged menus (Telegram counts
    every call against the bot's limits), and unlike a digest kept on our disk it also
    notices a menu someone changed by hand in @BotFather.
    """
    wanted = tuple(command_menu(language or DEFAULT))
    # BotCommand compares by command and description, so equal menus compare equal.
    if await bot.get_my_commands(language_code=language) == wanted:
        return False
    await bot.set_my_commands(wanted, language_code=language)
    return True


def _names(languages: Iterable[str | None]) -> str:
    return ", ".join(language or "default" for language in languages)

"""Serve the chat platforms side by side on one event loop and one engine."""

from __future__ import annotations

import asyncio
import signal
from typing import TYPE_CHECKING

from core.engine import DialogueEngine
from core.settings import Settings

if TYPE_CHECKING:  # the Telegram library is imported only when Telegram is served
    from dialogdraw.cmd_serve_telegram import WebhookOptions


async def serve_platforms(
    settings: Settings,
    engine: DialogueEngine,
    *,
    telegram: bool,
    discord: bool,
    webhook: WebhookOptions | None = None,
) -> None:
    """Serve until SIGINT/SIGTERM or until one platform stops; Telegram polls unless
    `webhook` is given."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks = []
    if telegram:
        from dialogdraw.cmd_serve_telegram import run_telegram

        tasks.append(
            asyncio.create_task(run_telegram(settings, engine, webhook=webhook, stop=stop))
        )
    if discord:
        from dialogdraw.cmd_serve_discord import run_discord

        tasks.append(asyncio.create_task(run_discord(settings, engine)))
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    for task in tasks:
        if not task.done():
            task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            raise result

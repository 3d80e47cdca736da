"""Serve the chat platforms side by side on one event loop and one engine."""

from __future__ import annotations

import asyncio
import os
import signal

from core.engine import DialogueEngine
from core.settings import Settings


async def serve_platforms(
    settings: Settings,
    engine: DialogueEngine,
    *,
    telegram: bool,
    discord: bool,
    webhook_url: str = "",
    webhook_port: int = 8443,
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks = []
    if telegram:
        from dialogdraw.cmd_serve_telegram import WebhookOptions, run_telegram

        webhook = (
            WebhookOptions(
                url=webhook_url,
                port=webhook_port,
                secret_token=os.environ.get("DIALOGDRAW_TELEGRAM_WEBHOOK_SECRET"),
            )
            if webhook_url
            else None
        )
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

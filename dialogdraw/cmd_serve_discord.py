"""`dialogdraw serve --discord`: the Discord client on the caller's event loop.

`client.start` rather than `client.run`, so that Telegram and Discord can share one loop.
"""

from __future__ import annotations

import asyncio

from bot.discord_bot.client import DialogDrawClient
from core.engine import DialogueEngine
from core.settings import Settings


def build_client(
    settings: Settings, engine: DialogueEngine, *, guild_ready_timeout: float = 2.0
) -> DialogDrawClient:
    return DialogDrawClient(settings, engine, guild_ready_timeout=guild_ready_timeout)


async def run_discord(
    settings: Settings, engine: DialogueEngine, *, stop: asyncio.Event | None = None
) -> None:
    """Run until `stop` is set, the task is cancelled or the connection is closed for good;
    the client closes on exit."""
    if settings.discord_token is None:
        raise ValueError("Set DIALOGDRAW_DISCORD_TOKEN to the bot token to serve on Discord.")
    client = build_client(settings, engine)
    async with client:
        serving = asyncio.create_task(client.start(settings.discord_token.get_secret_value()))
        stopping = asyncio.create_task((stop or asyncio.Event()).wait())
        try:
            await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (serving, stopping):
                task.cancel()
            await asyncio.gather(serving, stopping, return_exceptions=True)
        if not serving.cancelled():
            serving.result()  # closed for good: its error, if it had one

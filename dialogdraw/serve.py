"""The chat platforms as plug-ins, served side by side on one event loop and one engine.

`PLATFORMS` is one plain mapping from a platform's name to how it is served (the diffusers
habit: a dict from a family name to its implementation); `dialogdraw serve` and
`dialogdraw chat` look platforms up in it. A platform's library is imported only when it
is served.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from core.engine import DialogueEngine
from core.settings import Settings

if TYPE_CHECKING:  # the Telegram library is imported only when Telegram is served
    from dialogdraw.cmd_serve_telegram import WebhookOptions


class PlatformRun(Protocol):
    def __call__(
        self, settings: Settings, engine: DialogueEngine, *, stop: asyncio.Event
    ) -> Coroutine[Any, Any, None]:
        """Serve the platform until `stop` is set (or the task is cancelled)."""
        ...


@dataclass(frozen=True)
class Platform:
    run: PlatformRun
    # The Settings field holding the platform's token; None for a platform without one.
    token_setting: str | None = None

    def missing_token(self, settings: Settings) -> str | None:
        """The environment variable to set when the token is missing, else None."""
        if self.token_setting is None or getattr(settings, self.token_setting) is not None:
            return None
        return f"DIALOGDRAW_{self.token_setting.upper()}"


async def serve_telegram(
    settings: Settings,
    engine: DialogueEngine,
    *,
    stop: asyncio.Event,
    webhook: WebhookOptions | None = None,
) -> None:
    """Long polling, or a webhook when `webhook` is given."""
    from dialogdraw.cmd_serve_telegram import run_telegram

    await run_telegram(settings, engine, webhook=webhook, stop=stop)


async def _discord(settings: Settings, engine: DialogueEngine, *, stop: asyncio.Event) -> None:
    from dialogdraw.cmd_serve_discord import run_discord

    await run_discord(settings, engine, stop=stop)


async def _console(settings: Settings, engine: DialogueEngine, *, stop: asyncio.Event) -> None:
    """The terminal chat; it ends when its input does (or with /quit)."""
    from bot.console import run_console

    await run_console(engine)


PLATFORMS: dict[str, Platform] = {
    "telegram": Platform(serve_telegram, token_setting="telegram_token"),
    "discord": Platform(_discord, token_setting="discord_token"),
    "console": Platform(_console),
}


def missing_tokens(settings: Settings, names: list[str]) -> list[str]:
    """The variables to set before the platforms `names` can be served."""
    missing = (PLATFORMS[name].missing_token(settings) for name in names)
    return [variable for variable in missing if variable is not None]


async def serve_platforms(
    settings: Settings, engine: DialogueEngine, runs: Mapping[str, PlatformRun]
) -> None:
    """Serve the platforms of `runs` (by name; see PLATFORMS) until SIGINT/SIGTERM or
    until one of them stops."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks = [
        asyncio.create_task(run(settings, engine, stop=stop), name=f"serve {name}")
        for name, run in runs.items()
    ]
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

"""The engine's Outbound for Discord: a channel (thread, DM) or an interaction's followups."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import aiohttp
import discord

from bot.discord_bot.translate import split_text
from bot.discord_bot.views import actions_view
from bot.retry import Backoff, deliver
from bot.status import StatusMessage
from core.messages import OutgoingImage

EMBED_TEXT_LIMIT = 4096
# discord.py tries these five times (over ≈25 s) before it raises: http.py (channels) these
# statuses, its webhook adapter (interaction followups) every 5xx. Another round here would
# only multiply the wait; what it raises at once (a 503 on a channel) is retried here.
RETRIED_BY_HTTP = frozenset({500, 502, 504, 524})
RETRIED_BY_WEBHOOKS = frozenset(range(500, 600))

# channel.send and followup.send(wait=True) both give a message that can be edited and deleted.
Send = Callable[..., Awaitable[discord.Message]]


def transient(exc: Exception, retried: frozenset[int] = RETRIED_BY_HTTP) -> bool:
    """Worth another try: a 5xx discord.py did not retry itself, or a connection that broke
    (discord.py retries a reset only by its macOS and Windows errno, not Linux's)."""
    if isinstance(exc, discord.DiscordServerError):
        return exc.status not in retried
    if isinstance(exc, discord.HTTPException):
        return False  # 4xx: a refusal, the same on every try
    return isinstance(exc, aiohttp.ClientError | TimeoutError | OSError)


def flood_wait(exc: Exception) -> float | None:
    # discord.py sleeps out every 429 itself, and raises RateLimited only for a wait longer
    # than the client's max_ratelimit_timeout: an answer then fails, a status keeps quiet.
    return exc.retry_after if isinstance(exc, discord.RateLimited) else None


class DiscordOutbound:
    """One turn's way back: texts, images with buttons, and one status message edited in place.

    Made per turn, so that the status message of one turn never leaks into another. Answers
    are retried over passing failures and raise when they finally fail, so that the engine
    keeps them undelivered; the status is cosmetic and never raises.
    """

    def __init__(
        self,
        send: Send,
        *,
        backoff: Backoff = Backoff(),
        retried_by_discord_py: frozenset[int] = RETRIED_BY_HTTP,
    ) -> None:
        self._send = send
        self.backoff = backoff
        self._transient = partial(transient, retried=retried_by_discord_py)
        self._status_message: discord.Message | None = None
        self.status = StatusMessage(
            self._post_status, self._edit_status, self._delete_status, asked_wait=flood_wait
        )

    @classmethod
    def to_channel(cls, channel: discord.abc.Messageable) -> DiscordOutbound:
        return cls(channel.send)

    @classmethod
    def to_interaction(cls, interaction: discord.Interaction) -> DiscordOutbound:
        """Followups of a deferred interaction (slash commands and buttons)."""

        async def send(**kwargs: Any) -> discord.Message:
            return await interaction.followup.send(wait=True, **kwargs)

        return cls(send, retried_by_discord_py=RETRIED_BY_WEBHOOKS)

    async def send_text(self, text: str) -> str | None:
        first: str | None = None
        for chunk in split_text(text or "…"):
            message = await self._deliver("a text", {"content": chunk})
            first = first or str(message.id)
        # Reactions on the first part stand for the whole answer.
        return first

    async def send_image(self, image: OutgoingImage) -> str | None:
        embed = discord.Embed(description=image.caption[:EMBED_TEXT_LIMIT])
        embed.set_image(url=f"attachment://{image.filename}")
        message = await self._deliver(
            "an image",
            {"embed": embed, "view": actions_view(image)},
            upload=(image.data, image.filename),
        )
        return str(message.id)

    async def show_status(self, text: str) -> None:
        await self.status.show(text)

    async def clear_status(self) -> None:
        await self.status.clear()

    async def _deliver(
        self, what: str, fields: dict[str, Any], upload: tuple[bytes, str] | None = None
    ) -> discord.Message:
        async def attempt() -> discord.Message:
            if upload is None:
                return await self._send(**fields)
            # A new File each try: a sent one is read to its end, and discord.py rewinds it
            # only within its own retries, so a second send would upload nothing.
            data, filename = upload
            return await self._send(**fields, file=discord.File(io.BytesIO(data), filename))

        # An answer that failed once may have been posted all the same (a timeout after
        # Discord took it): a retry then shows it twice, which beats losing it.
        return await deliver(attempt, transient=self._transient, backoff=self.backoff, what=what)

    async def _post_status(self, text: str) -> None:
        self._status_message = await self._send(content=text)

    async def _edit_status(self, text: str) -> None:
        assert self._status_message is not None  # StatusMessage edits only what it posted
        self._status_message = await self._status_message.edit(content=text)

    async def _delete_status(self) -> None:
        message, self._status_message = self._status_message, None
        if message is not None:
            # A moderator may have deleted it already.
            with contextlib.suppress(discord.NotFound):
                await message.delete()

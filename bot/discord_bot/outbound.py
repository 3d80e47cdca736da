"""The engine's Outbound for Discord: a channel (thread, DM) or an interaction's followups."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.discord_bot.translate import split_text
from bot.discord_bot.views import actions_view
from core.messages import OutgoingImage

EMBED_TEXT_LIMIT = 4096

# channel.send and followup.send(wait=True) both give a message that can be edited and deleted.
Send = Callable[..., Awaitable[discord.Message]]


class DiscordOutbound:
    """One turn's way back: texts, images with buttons, and one status message edited in place.

    Made per turn, so that the status message of one turn never leaks into another.
    """

    def __init__(self, send: Send) -> None:
        self._send = send
        self._status: discord.Message | None = None
        self._status_done = False
        # Progress edits arrive as tasks from the job's thread; one at a time keeps a single
        # status message instead of two racing creations.
        self._status_lock = asyncio.Lock()

    @classmethod
    def to_channel(cls, channel: discord.abc.Messageable) -> DiscordOutbound:
        return cls(channel.send)

    @classmethod
    def to_interaction(cls, interaction: discord.Interaction) -> DiscordOutbound:
        """Followups of a deferred interaction (slash commands and buttons)."""

        async def send(**kwargs: Any) -> discord.Message:
            return await interaction.followup.send(wait=True, **kwargs)

        return cls(send)

    async def send_text(self, text: str) -> str | None:
        first: str | None = None
        for chunk in split_text(text or "…"):
            message = await self._send(content=chunk)
            first = first or str(message.id)
        # Reactions on the first part stand for the whole answer.
        return first

    async def send_image(self, image: OutgoingImage) -> str | None:
        file = discord.File(io.BytesIO(image.data), filename=image.filename)
        embed = discord.Embed(description=image.caption[:EMBED_TEXT_LIMIT])
        embed.set_image(url=f"attachment://{image.filename}")
        message = await self._send(embed=embed, file=file, view=actions_view(image))
        return str(message.id)

    async def show_status(self, text: str) -> None:
        async with self._status_lock:
            if self._status_done:
                return  # a late progress report after the result: don't resurrect the status
            if self._status is None:
                self._status = await self._send(content=text)
            elif self._status.content != text:
                self._status = await self._status.edit(content=text)

    async def clear_status(self) -> None:
        async with self._status_lock:
            self._status_done = True
            status, self._status = self._status, None
            if status is not None:
                # A moderator may have deleted it already.
                with contextlib.suppress(discord.NotFound):
                    await status.delete()

"""Buttons under the bot's pictures that keep working after a restart.

The custom id carries everything: "dd:<action>:<image_id>". discord.py rebuilds the button
from it on every click (DynamicItem), so no view has to survive in memory.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

from core.messages import OutgoingImage

CUSTOM_ID = "dd:{action}:{image_id}"
TEMPLATE = r"dd:(?P<action>[a-z_]+):(?P<image_id>[0-9]+)"


@runtime_checkable
class ActionHandler(Protocol):
    """What a click is handed to: the client, which translates it for the engine."""

    async def on_image_action(
        self, interaction: discord.Interaction, action: str, image_id: int
    ) -> None: ...


class ImageActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    def __init__(self, action: str, image_id: int, label: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji=label or None,
                custom_id=CUSTOM_ID.format(action=action, image_id=image_id),
            )
        )
        self.action = action
        self.image_id = image_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ImageActionButton:
        return cls(match["action"], int(match["image_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if isinstance(client, ActionHandler):
            await client.on_image_action(interaction, self.action, self.image_id)


def actions_view(image: OutgoingImage) -> discord.ui.View:
    # timeout=None: Discord keeps the buttons forever, so the bot must answer them forever.
    view = discord.ui.View(timeout=None)
    for action, label in image.actions:
        view.add_item(ImageActionButton(action, image.image_id, label))
    return view

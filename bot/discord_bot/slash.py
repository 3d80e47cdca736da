"""Slash commands: their declarations, and syncing them only when they changed.

Discord allows 200 global command creations a day; syncing on every start of a bot that
restarts often (deploys, crashes) burns through that. A hash of what was last synced,
kept in the data folder, makes unchanged starts free.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any, Protocol

import discord
from discord import app_commands

from core.command_table import slash_commands

log = logging.getLogger(__name__)

# The engine's text commands that Discord offers as slash commands, passed through as
# "/name"; the table in core says which.
TEXT_COMMANDS = {c.name: c.description for c in slash_commands()}


class SlashHandler(Protocol):
    async def on_draw(
        self, interaction: discord.Interaction, request: str, image: discord.Attachment | None
    ) -> None: ...

    async def on_text_command(self, interaction: discord.Interaction, name: str) -> None: ...


def add_commands(tree: app_commands.CommandTree[Any], handler: SlashHandler) -> None:
    @app_commands.command(name="draw", description="Draw or edit a picture")
    @app_commands.describe(request="What to draw or change", image="A picture to start from")
    async def draw(
        interaction: discord.Interaction, request: str, image: discord.Attachment | None = None
    ) -> None:
        await handler.on_draw(interaction, request, image)

    tree.add_command(draw)
    for name, description in TEXT_COMMANDS.items():
        tree.add_command(
            app_commands.Command(
                name=name, description=description, callback=_text_command(handler, name)
            )
        )


def _text_command(handler: SlashHandler, name: str) -> Any:
    async def callback(interaction: discord.Interaction) -> None:
        await handler.on_text_command(interaction, name)

    return callback


def commands_digest(tree: app_commands.CommandTree[Any], application_id: int | None) -> str:
    commands = sorted((c.to_dict(tree) for c in tree.get_commands()), key=lambda c: c["name"])
    blob = json.dumps({"application": application_id, "commands": commands}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any], state_file: Path, application_id: int | None
) -> bool:
    """Sync the global commands unless the same set was synced before; True when it synced."""
    digest = commands_digest(tree, application_id)
    if _stored_digest(state_file) == digest:
        log.info("discord commands unchanged; not syncing")
        return False
    try:
        await tree.sync()
    except discord.HTTPException:
        # Serve with the commands Discord already has; the next start tries again.
        log.warning("syncing discord commands failed", exc_info=True)
        return False
    _store_digest(state_file, digest)
    log.info("discord commands synced")
    return True


def _stored_digest(state_file: Path) -> str:
    return state_file.read_text().strip() if state_file.is_file() else ""


def _store_digest(state_file: Path, digest: str) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(digest + "\n")

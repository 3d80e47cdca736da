"""Slash commands: their declarations, their descriptions in the user's language, and
syncing them only when they changed.

Discord allows 200 global command creations a day; syncing on every start of a bot that
restarts often (deploys, crashes) burns through that. A hash of what was last synced,
kept in the data folder, makes unchanged starts free.

Descriptions Discord shows in the user's client language come from the phrasebook:
strings marked `locale_str(..., phrase=key)` are put into every locale the bot speaks by
`PhrasebookTranslator` when the tree is synced (Discord stores them; nothing is
translated per interaction). Admin commands stay in English, as their answers do.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any, Protocol

import discord
from discord import app_commands
from discord.app_commands import TranslationContextTypes, locale_str

from core.command_table import CommandSpec, menu_line, slash_commands
from core.languages import DEFAULT, supported_locale

log = logging.getLogger(__name__)

# The engine's text commands that Discord offers as slash commands, passed through as
# "/name"; the table in core says which.
TEXT_COMMANDS: dict[str, CommandSpec] = {c.name: c for c in slash_commands()}
# Where a phrasebook key rides on a locale_str, for the translator.
PHRASE = "phrase"


def described(key: str) -> locale_str:
    """The English menu line of phrase `key`, marked for translation into the others."""
    return locale_str(menu_line(key, DEFAULT), **{PHRASE: key})


def _description(spec: CommandSpec) -> str | locale_str:
    # Menu commands have their description in every book; admin commands have none.
    return described(f"command_{spec.name}") if spec.in_menu else spec.description


class PhrasebookTranslator(app_commands.Translator):
    """Discord's locales (es-ES, es-419, pt-BR, zh-CN...) as the phrasebook's languages."""

    async def translate(
        self, string: locale_str, locale: discord.Locale, context: TranslationContextTypes
    ) -> str | None:
        key = string.extras.get(PHRASE)
        language = supported_locale(locale.value)
        # None leaves Discord's default, the English text: for English itself, for the
        # locales the bot does not speak (Korean...) and for strings not from the book
        # (command names, admin commands).
        if key is None or language in ("", DEFAULT):
            return None
        return menu_line(key, language)


class SlashHandler(Protocol):
    async def on_draw(
        self, interaction: discord.Interaction, request: str, image: discord.Attachment | None
    ) -> None: ...

    async def on_text_command(self, interaction: discord.Interaction, name: str) -> None: ...


def add_commands(tree: app_commands.CommandTree[Any], handler: SlashHandler) -> None:
    @app_commands.command(name="draw", description=described("command_draw"))
    @app_commands.describe(request=described("draw_request"), image=described("draw_image"))
    async def draw(
        interaction: discord.Interaction, request: str, image: discord.Attachment | None = None
    ) -> None:
        await handler.on_draw(interaction, request, image)

    tree.add_command(draw)
    for name, spec in TEXT_COMMANDS.items():
        tree.add_command(
            app_commands.Command(
                name=name, description=_description(spec), callback=_text_command(handler, name)
            )
        )


def _text_command(handler: SlashHandler, name: str) -> Any:
    async def callback(interaction: discord.Interaction) -> None:
        await handler.on_text_command(interaction, name)

    return callback


async def commands_digest(tree: app_commands.CommandTree[Any], application_id: int | None) -> str:
    """A hash of what `tree.sync()` would send. With a translator that is the translated
    payload: `to_dict()` leaves the localisations out, and a deploy that only rewords a
    translation must sync too."""
    translator = tree.translator
    if translator is None:
        payload = [c.to_dict(tree) for c in tree.get_commands()]
    else:
        payload = [await c.get_translated_payload(tree, translator) for c in tree.get_commands()]
    commands = sorted(payload, key=lambda c: c["name"])
    blob = json.dumps({"application": application_id, "commands": commands}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any], state_file: Path, application_id: int | None
) -> bool:
    """Sync the global commands unless the same set was synced before; True when it synced."""
    digest = await commands_digest(tree, application_id)
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

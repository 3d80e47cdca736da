"""One command table feeds /help, the Telegram menu and the Discord slash commands."""

from __future__ import annotations

from pathlib import Path

from core.answers import Answers
from core.command_table import COMMANDS, menu_commands, menu_line, slash_commands
from core.commands import Commands, help_text
from core.languages import SUPPORTED
from core.phrasebook import ENGLISH
from core.settings import Settings
from core.store import Store


def test_help_lists_every_menu_command_and_no_admin_command_in_every_language() -> None:
    for language in SUPPORTED:
        shown = help_text(language)
        for spec in menu_commands():
            assert f"/{spec.name}" in shown, language
        assert "/retrain" not in shown and "/stats" not in shown
    assert all(not spec.admin_only for spec in menu_commands())
    # /help says what the menus say, in English as the table does.
    for spec in menu_commands():
        assert ENGLISH[f"command_{spec.name}"].lower() == spec.description.lower()
    assert help_text("es") != help_text("en")


def test_telegram_menu_and_discord_slash_commands_come_from_the_table() -> None:
    from bot.discord_bot.slash import TEXT_COMMANDS
    from bot.telegram.translate import command_menu

    assert [(c.command, c.description) for c in command_menu()] == [
        (c.name, c.description) for c in menu_commands()
    ]
    assert list(TEXT_COMMANDS) == [c.name for c in slash_commands()]
    # A slash command cannot reply to a message: /fix is typed as a reply.
    assert "fix" not in TEXT_COMMANDS


def test_menus_name_every_command_in_every_language_within_the_platforms_limits() -> None:
    from bot.telegram.translate import command_menu

    names = [c.name for c in menu_commands()]
    # The menu commands, and Discord's /draw with its two options.
    described = [f"command_{name}" for name in names] + [
        "command_draw",
        "draw_request",
        "draw_image",
    ]
    for language in SUPPORTED:
        # Commands are typed the same everywhere; only what the menu says changes.
        assert [c.command for c in command_menu(language)] == names
        for key in described:
            line = menu_line(key, language)
            # Discord's 100 characters are the stricter limit (Telegram's: 256).
            assert 1 <= len(line) <= 100 and line[0] == line[0].upper(), (language, key)
    assert [c.description for c in command_menu("es")] == [
        "Empezar una conversación nueva aquí",
        "Volver a la imagen anterior",
        "Lo que puedo hacer",
    ]


async def test_every_command_of_the_table_has_a_handler(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = await Store.open(settings.database_path, settings.blob_dir)
    try:
        Commands(settings, store, Answers(store))  # checks its handlers against the table
    finally:
        await store.close()
    assert len({c.name for c in COMMANDS}) == len(COMMANDS)

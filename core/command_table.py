"""The slash commands, declared once.

`/help`, the Telegram command menu and the Discord slash commands are all derived from
this table, and the engine's command dispatch looks commands up in it: a command added
here shows up everywhere it should, and nowhere it should not.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.phrasebook import phrase

# The handler of the learning loop's admin commands (retraining, rollback, corrections).
LEARNING = "learning"


@dataclass(frozen=True)
class CommandSpec:
    name: str  # what the user types after the slash
    description: str  # one line: the menus show it and /help lists it
    handler: str  # the Commands handler that runs it, or LEARNING
    admin_only: bool = False
    # Listed in /help and the Telegram command menu: commands anyone may use.
    in_menu: bool = False
    # A Discord slash command. Only commands that take no argument and reply to no
    # message can be one (a slash command cannot reply to a message: /fix cannot).
    slash: bool = False


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("reset", "Start a new conversation here", "reset", in_menu=True, slash=True),
    CommandSpec("undo", "Go back to the previous picture", "undo", in_menu=True, slash=True),
    CommandSpec("help", "What I can do", "help", in_menu=True, slash=True),
    # What Telegram sends when a user opens the bot for the first time.
    CommandSpec("start", "What I can do", "help"),
    # Reactions for clients that have none (the console).
    CommandSpec("good", "Rate my last answer as good", "good"),
    CommandSpec("bad", "Rate my last answer as bad", "bad"),
    CommandSpec("stats", "Usage statistics (admins)", "stats", admin_only=True, slash=True),
    # Takes an argument: typed, not a Discord slash command.
    CommandSpec(
        "safety", "This chat's content filter: strict, relaxed or off (admins)", "safety", True
    ),
    CommandSpec(
        "retrain",
        "Retrain the intent model on your reactions (admins)",
        LEARNING,
        admin_only=True,
        slash=True,
    ),
    CommandSpec("rollback", "Go back to the previous intent model (admins)", LEARNING, True),
    CommandSpec("fix", "Correct the answer you reply to (admins)", LEARNING, True),
)

BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in COMMANDS}


def menu_commands() -> list[CommandSpec]:
    """The commands of /help and the Telegram command menu, in table order."""
    return [spec for spec in COMMANDS if spec.in_menu]


def slash_commands() -> list[CommandSpec]:
    """The commands offered as Discord slash commands, in table order."""
    return [spec for spec in COMMANDS if spec.slash]


def menu_line(key: str, language: str) -> str:
    """The phrase `key` in `language` as a platform's command menu shows it. The book's
    command phrases start in lower case because /help lists them mid-sentence; a menu line
    starts with a capital ("what I can do" -> "What I can do")."""
    text = phrase(key).said_in(language)
    return text[:1].upper() + text[1:]

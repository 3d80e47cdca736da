"""The Discord adapter: translates gateway events and interactions for the dialogue engine."""

from bot.discord_bot.client import DialogDrawClient

__all__ = ["DialogDrawClient"]

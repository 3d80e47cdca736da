"""Platform-neutral messages: what adapters hand to the engine and get back from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from core.catalog import image_buttons


@dataclass(frozen=True)
class ConversationKey:
    """Where a conversation lives: a private chat, a group, a forum topic or a thread."""

    platform: str
    chat_id: str
    thread_id: str = ""


@dataclass(frozen=True)
class Sender:
    platform_user_id: str
    display_name: str = ""
    # The language the user's app is set to, where the platform tells it (a code of
    # core.languages.SUPPORTED, "" if not): the bot's words before the user's own tell it.
    app_language: str = ""


@dataclass(frozen=True)
class Attachment:
    data: bytes
    mime_type: str = "application/octet-stream"
    filename: str = ""


@dataclass(frozen=True)
class IncomingMessage:
    key: ConversationKey
    sender: Sender
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    platform_message_id: str | None = None
    # The platform message id of one of the bot's answers this message replies to:
    # its image becomes the one the turn refers to.
    reply_to_message_id: str | None = None
    # Places that enclose the chat (a Discord thread's channel and server) which an
    # allow-list may name instead of the chat itself.
    scopes: tuple[str, ...] = ()


ImageDelivery = Literal["photo", "document", "sticker"]


def _default_actions() -> tuple[tuple[str, str], ...]:
    # The skills' buttons, as the catalog declares them, then undo, which is a command.
    return (*image_buttons(), ("undo", "↩️"))


@dataclass(frozen=True)
class OutgoingImage:
    data: bytes
    mime_type: str
    filename: str
    caption: str
    image_id: int
    number: int
    delivery: ImageDelivery = "photo"
    # Buttons offered under the image: (action, label); callback data carries the image id.
    actions: tuple[tuple[str, str], ...] = field(default_factory=_default_actions)

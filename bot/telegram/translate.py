"""Telegram objects → the engine's neutral messages (and button data / reactions back).

Pure functions apart from `to_incoming`, which downloads the images of a message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    Chat,
    MaybeInaccessibleMessage,
    Message,
    MessageEntity,
    ReactionType,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    User,
)
from telegram.constants import ChatType

from core import uploads
from core.command_table import menu_commands, menu_line
from core.languages import DEFAULT, supported_locale
from core.messages import Attachment, ConversationKey, IncomingMessage, Sender
from core.phrasebook import Words

PLATFORM = "telegram"
# Button data carries only the action and the image id (64 bytes at most), never in-memory
# state: the button keeps working after a restart.
ACTION_PREFIX = "a"


@dataclass(frozen=True)
class ImageFile:
    """An image in a message, not yet downloaded."""

    file_id: str
    mime_type: str
    filename: str
    size: int | None


def conversation_key(message: MaybeInaccessibleMessage) -> ConversationKey:
    # Outside forums Telegram also sets message_thread_id on reply chains; only a forum
    # topic is a conversation of its own.
    thread = ""
    if isinstance(message, Message) and message.is_topic_message and message.message_thread_id:
        thread = str(message.message_thread_id)
    return ConversationKey(PLATFORM, str(message.chat.id), thread)


def sender_of(user: User | None, chat: Chat | None = None) -> Sender:
    """The person behind an update; anonymous group admins act as their chat."""
    if user is not None:
        return Sender(str(user.id), user.full_name, supported_locale(user.language_code))
    if chat is not None:
        return Sender(str(chat.id), chat.effective_name or "")
    return Sender("unknown")


def replied_to(message: Message) -> Message | None:
    reply = message.reply_to_message
    # In a forum topic every message "replies" to the topic's first message.
    if reply is None or (
        message.is_topic_message and reply.message_id == message.message_thread_id
    ):
        return None
    return reply


def is_addressed(message: Message, me: User) -> bool:
    """Private chats: always. Groups: a mention, a reply to the bot, or a command for it."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    reply = replied_to(message)
    if reply is not None and reply.from_user is not None and reply.from_user.id == me.id:
        return True
    text = message.text or message.caption or ""
    if text.startswith("/"):
        _, at, target = text.split(maxsplit=1)[0].partition("@")
        return not at or target.lower() == (me.username or "").lower()
    entities = {**message.parse_entities(), **message.parse_caption_entities()}
    return any(
        (entity.type == MessageEntity.MENTION and value.lower() == f"@{me.username}".lower())
        or (entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == me.id)
        for entity, value in entities.items()
    )


def text_of(messages: Sequence[Message], me: User) -> str:
    """Text or captions of the parts, without the @mention that addressed the bot."""
    texts = [m.text or m.caption or "" for m in messages]
    joined = "\n".join(t for t in texts if t.strip())
    if me.username:
        mention = f"@{me.username}"
        while (at := joined.lower().find(mention.lower())) >= 0:
            joined = joined[:at] + joined[at + len(mention) :]
    return re.sub(r"[ \t]{2,}", " ", joined).strip()


def image_file(message: Message) -> ImageFile | None:
    if message.photo:
        largest = max(message.photo, key=lambda p: p.width * p.height)
        # Telegram re-encodes photos as JPEG.
        name = f"photo-{message.message_id}.jpg"
        return ImageFile(largest.file_id, "image/jpeg", name, largest.file_size)
    doc = message.document
    # Images sent "as file" keep their format (PNG alpha included); GIFs arrive as MP4
    # animations with a video/* document and are not images here.
    if doc is not None and message.animation is None and (doc.mime_type or "").startswith("image/"):
        name = doc.file_name or f"image-{message.message_id}"
        return ImageFile(doc.file_id, doc.mime_type or "image/png", name, doc.file_size)
    return None


def unusable(message: Message) -> str | Words | None:
    """What the user sent that the bot cannot use, named for the explanation (a file's own
    name, or what it is in the reader's words); None if usable."""
    if image_file(message) is not None:
        return None
    if message.document is not None:
        doc = message.document
        return doc.file_name or uploads.kind_of_file(doc.mime_type) or uploads.unnamed_file()
    # Telegram's attribute for each of these is the name core.uploads knows it by.
    for kind in ("sticker", "voice", "audio", "video", "video_note"):
        if getattr(message, kind, None) is not None:
            return uploads.sent_as(kind)
    return None


async def to_incoming(messages: Sequence[Message], bot: Bot, me: User) -> IncomingMessage:
    """One turn from a message or the parts of an album, with its images downloaded."""
    first = messages[0]
    attachments = []
    for message in messages:
        image = image_file(message)
        if image is not None:
            file = await bot.get_file(image.file_id)
            data = bytes(await file.download_as_bytearray())
            attachments.append(Attachment(data, image.mime_type, image.filename))
    reply = replied_to(first)
    return IncomingMessage(
        key=conversation_key(first),
        sender=sender_of(first.from_user, first.sender_chat),
        text=text_of(messages, me),
        attachments=tuple(attachments),
        platform_message_id=str(first.message_id),
        reply_to_message_id=str(reply.message_id) if reply is not None else None,
    )


def command_menu(language: str = DEFAULT) -> list[BotCommand]:
    """The command menu Telegram shows next to the text box, in `language`: core's menu
    commands, described as /help describes them."""
    return [BotCommand(c.name, menu_line(f"command_{c.name}", language)) for c in menu_commands()]


def action_data(action: str, image_id: int) -> str:
    return f"{ACTION_PREFIX}:{action}:{image_id}"


def parse_action(data: str | None) -> tuple[str, int] | None:
    prefix, _, rest = (data or "").partition(":")
    action, _, image_id = rest.partition(":")
    if prefix != ACTION_PREFIX or not action or not image_id.isdigit():
        return None
    return action, int(image_id)


def reaction_name(reaction: ReactionType) -> str:
    """A stable text for any reaction; custom and paid ones count as neither praise nor blame."""
    if isinstance(reaction, ReactionTypeEmoji):
        return reaction.emoji
    if isinstance(reaction, ReactionTypeCustomEmoji):
        return f"custom:{reaction.custom_emoji_id}"
    return str(reaction.type)


def reaction_changes(
    old: Sequence[ReactionType], new: Sequence[ReactionType]
) -> list[tuple[str, bool]]:
    """(emoji, added) for every reaction that appeared or disappeared."""
    before = [reaction_name(r) for r in old]
    after = [reaction_name(r) for r in new]
    return [(e, False) for e in before if e not in after] + [
        (e, True) for e in after if e not in before
    ]

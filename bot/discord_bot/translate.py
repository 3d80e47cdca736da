"""Discord objects → DialogDraw's neutral messages, and the few rules for the way back."""

from __future__ import annotations

import re

import discord

from core.languages import supported_locale
from core.messages import Attachment, ConversationKey, IncomingMessage, Sender
from core.phrasebook import Words
from core.uploads import precheck

PLATFORM = "discord"
MESSAGE_LIMIT = 2000  # characters in one Discord message
THREAD_NAME_LIMIT = 100


def conversation_key(channel_id: int) -> ConversationKey:
    """A bot thread, a DM or a channel is one conversation, named by its channel id."""
    return ConversationKey(PLATFORM, str(channel_id))


def sender_of(user: discord.abc.User, locale: str | None = None) -> Sender:
    """`locale`: the user's client language, which Discord tells with interactions only."""
    return Sender(str(user.id), user.display_name, supported_locale(locale))


def strip_mention(text: str, bot_id: int) -> str:
    return re.sub(rf"<@!?{bot_id}>", "", text).strip()


def thread_name(text: str) -> str:
    words = " ".join(text.split()) or "DialogDraw"
    if len(words) <= THREAD_NAME_LIMIT:
        return words
    return words[: THREAD_NAME_LIMIT - 1].rstrip() + "…"


def upload_problem(attachment: discord.Attachment, max_bytes: int) -> Words | None:
    """Why an attachment can't be used, decided from Discord's metadata before any download
    (no content type: the engine looks at the bytes, as it does for any upload)."""
    return precheck(
        attachment.filename, attachment.size, attachment.content_type, max_bytes=max_bytes
    )


async def download(attachment: discord.Attachment) -> Attachment:
    data = await attachment.read()
    mime = (attachment.content_type or "application/octet-stream").split(";")[0]
    return Attachment(data, mime, attachment.filename)


def incoming(
    message: discord.Message, key: ConversationKey, text: str, attachments: tuple[Attachment, ...]
) -> IncomingMessage:
    reference = message.reference
    reply_to = str(reference.message_id) if reference and reference.message_id else None
    return IncomingMessage(
        key=key,
        sender=sender_of(message.author),
        text=text,
        attachments=attachments,
        platform_message_id=str(message.id),
        reply_to_message_id=reply_to,
        scopes=scopes_of(message),
    )


def scopes_of(message: discord.Message) -> tuple[str, ...]:
    """The server and, for a thread, its channel: what ALLOWED_CHATS may name."""
    scopes = []
    if message.guild is not None:
        scopes.append(str(message.guild.id))
    parent = getattr(message.channel, "parent_id", None)
    if parent:
        scopes.append(str(parent))
    return tuple(scopes)


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut a long answer into messages Discord accepts, at line or word breaks when possible."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut])
        rest = rest[cut:].lstrip("\n ")
    if rest or not chunks:
        chunks.append(rest)
    return chunks

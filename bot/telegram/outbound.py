"""The engine's replies → Telegram calls, for one conversation and one turn."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, ReplyParameters
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, TelegramError

from bot.telegram.translate import action_data
from core.messages import ConversationKey, OutgoingImage

log = logging.getLogger(__name__)

# A chat action shows for about 5 s; refresh it a little sooner while a job runs.
CHAT_ACTION_EVERY_S = 4.5


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line break or space where possible."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        if cut < limit // 2:  # no break in the second half: cut mid-word
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    return [*pieces, text] if text or not pieces else pieces


def keyboard(image: OutgoingImage) -> InlineKeyboardMarkup | None:
    if not image.actions:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=action_data(action, image.image_id))
                for action, label in image.actions
            ]
        ]
    )


class TelegramOutbound:
    """Implements core.ports.Outbound: answers go to the chat (and topic) of the turn, as
    replies to the message that asked."""

    def __init__(self, bot: Bot, key: ConversationKey, reply_to: int | None = None) -> None:
        self.bot = bot
        self.chat_id = int(key.chat_id)
        self.thread_id = int(key.thread_id) if key.thread_id else None
        self.reply = (
            ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        )
        self._status_id: int | None = None
        self._status_text = ""
        self._status_done = False
        self._status_lock = asyncio.Lock()
        self._action_task: asyncio.Task[None] | None = None

    async def send_text(self, text: str) -> str | None:
        last = None
        for piece in split_text(text):
            last = await self.bot.send_message(
                self.chat_id,
                piece,
                message_thread_id=self.thread_id,
                reply_parameters=self.reply,
            )
        return str(last.message_id) if last else None

    async def send_image(self, image: OutgoingImage) -> str | None:
        markup = keyboard(image)
        caption = image.caption[: MessageLimit.CAPTION_LENGTH]
        common: dict[str, Any] = {
            "message_thread_id": self.thread_id,
            "reply_parameters": self.reply,
            "reply_markup": markup,
        }
        if image.delivery == "sticker":
            # Stickers carry no caption: the line saying what was understood follows it,
            # without buttons (they sit under the sticker, whose id reactions refer to).
            sent = await self.bot.send_sticker(
                self.chat_id, InputFile(image.data, filename=image.filename), **common
            )
            await self.bot.send_message(
                self.chat_id,
                caption,
                message_thread_id=self.thread_id,
                reply_parameters=ReplyParameters(sent.message_id),
            )
            return str(sent.message_id)
        if image.delivery == "photo":
            try:
                sent = await self.bot.send_photo(
                    self.chat_id,
                    InputFile(image.data, filename=image.filename),
                    caption=caption,
                    **common,
                )
                return str(sent.message_id)
            except BadRequest as exc:
                # Photos are limited in size and aspect ratio; a file has no such limits.
                log.info("photo refused (%s); sending it as a file", exc.message)
        sent = await self.bot.send_document(
            self.chat_id,
            InputFile(image.data, filename=image.filename),
            caption=caption,
            disable_content_type_detection=True,
            **common,
        )
        return str(sent.message_id)

    async def show_status(self, text: str) -> None:
        # Status is cosmetic: a failed edit must never fail the job that reports it.
        async with self._status_lock:
            # Progress edits from worker threads can arrive after the result: ignore them.
            if self._status_done or text == self._status_text:
                return
            self._status_text = text
            try:
                if self._status_id is None:
                    self._start_chat_action()
                    sent = await self.bot.send_message(
                        self.chat_id,
                        text,
                        message_thread_id=self.thread_id,
                        reply_parameters=self.reply,
                    )
                    self._status_id = sent.message_id
                else:
                    await self.bot.edit_message_text(text, self.chat_id, self._status_id)
            except TelegramError as exc:
                log.warning("status update failed: %s", exc)

    async def clear_status(self) -> None:
        async with self._status_lock:
            self._status_done = True
            if self._action_task is not None:
                self._action_task.cancel()
                self._action_task = None
            if self._status_id is not None:
                status_id, self._status_id = self._status_id, None
                try:
                    await self.bot.delete_message(self.chat_id, status_id)
                except TelegramError as exc:
                    log.warning("could not delete the status message: %s", exc)

    def _start_chat_action(self) -> None:
        async def keep_showing() -> None:
            with contextlib.suppress(TelegramError):
                while True:
                    await self.bot.send_chat_action(
                        self.chat_id, ChatAction.UPLOAD_PHOTO, message_thread_id=self.thread_id
                    )
                    await asyncio.sleep(CHAT_ACTION_EVERY_S)

        self._action_task = asyncio.create_task(keep_showing())

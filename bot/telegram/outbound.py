"""The engine's replies → Telegram calls, for one conversation and one turn."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyParameters,
)
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.retry import Backoff, deliver, never_asked
from bot.status import StatusMessage
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


def transient(exc: Exception) -> bool:
    """Worth another try: a timeout, a dropped connection, a 5xx (PTB raises NetworkError for
    all of them). BadRequest is a NetworkError too in PTB, but a refusal: it stays one."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


def flood_wait(exc: Exception) -> float | None:
    """The seconds a RetryAfter asks for; PTB gives an int, or a timedelta from v22.2 on when
    PTB_TIMEDELTA is set (and warns about the int otherwise)."""
    if not isinstance(exc, RetryAfter):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class TelegramOutbound:
    """Implements core.ports.Outbound: answers go to the chat (and topic) of the turn, as
    replies to the message that asked.

    Answers are retried over passing failures and raise when they finally fail, so that the
    engine keeps them undelivered; the status message is cosmetic and never raises.
    """

    def __init__(
        self,
        bot: Bot,
        key: ConversationKey,
        reply_to: int | None = None,
        *,
        backoff: Backoff = Backoff(),
    ) -> None:
        self.bot = bot
        self.chat_id = int(key.chat_id)
        self.thread_id = int(key.thread_id) if key.thread_id else None
        self.reply = (
            ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        )
        self.backoff = backoff
        # The application's AIORateLimiter (adapter.py) already sleeps out and retries every
        # RetryAfter: one that still reaches us means it gave up, and retrying here would
        # multiply its tries. A bare Bot has no limiter: then the flood wait is honoured here.
        self._limiter_retries_floods = getattr(bot, "rate_limiter", None) is not None
        self.status = StatusMessage(
            self._post_status, self._edit_status, self._delete_status, asked_wait=flood_wait
        )
        self._status_id: int | None = None
        self._action_task: asyncio.Task[None] | None = None

    async def send_text(self, text: str) -> str | None:
        last = None
        for piece in split_text(text):
            last = await self._deliver(
                "a text",
                partial(
                    self.bot.send_message,
                    self.chat_id,
                    piece,
                    message_thread_id=self.thread_id,
                    reply_parameters=self.reply,
                ),
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

        def upload() -> InputFile:
            return InputFile(image.data, filename=image.filename)

        if image.delivery == "sticker":
            sent = await self._deliver(
                "a sticker", lambda: self.bot.send_sticker(self.chat_id, upload(), **common)
            )
            # Stickers carry no caption: the line saying what was understood follows it,
            # without buttons (they sit under the sticker, whose id reactions refer to). The
            # sticker is the answer: a lost line must not make the engine send it again.
            try:
                await self._deliver(
                    "a sticker's caption",
                    lambda: self.bot.send_message(
                        self.chat_id,
                        caption,
                        message_thread_id=self.thread_id,
                        reply_parameters=ReplyParameters(sent.message_id),
                    ),
                )
            except (TelegramError, TimeoutError) as exc:
                log.warning("the line under a sticker was lost: %s", exc)
            return str(sent.message_id)
        if image.delivery == "photo":
            try:
                sent = await self._deliver(
                    "a photo",
                    lambda: self.bot.send_photo(self.chat_id, upload(), caption=caption, **common),
                )
                return str(sent.message_id)
            except BadRequest as exc:
                # Photos are limited in size and aspect ratio; a file has no such limits.
                log.info("photo refused (%s); sending it as a file", exc.message)
        sent = await self._deliver(
            "a file",
            lambda: self.bot.send_document(
                self.chat_id,
                upload(),
                caption=caption,
                disable_content_type_detection=True,
                **common,
            ),
        )
        return str(sent.message_id)

    async def show_status(self, text: str) -> None:
        await self.status.show(text)

    async def clear_status(self) -> None:
        try:
            await self.status.clear()
        finally:
            # After the clear: a post still under way when it began has started the action.
            if self._action_task is not None:
                self._action_task.cancel()
                self._action_task = None

    async def _deliver(self, what: str, attempt: Callable[[], Awaitable[Message]]) -> Message:
        # A TimedOut or a 5xx may come after Telegram posted the message: a retry then shows it
        # twice. Accepted: a duplicate is better than an answer lost. A RetryAfter was
        # certainly not posted.
        return await deliver(
            attempt,
            transient=transient,
            asked_wait=never_asked if self._limiter_retries_floods else flood_wait,
            backoff=self.backoff,
            what=what,
        )

    async def _post_status(self, text: str) -> None:
        self._start_chat_action()
        sent = await self.bot.send_message(
            self.chat_id, text, message_thread_id=self.thread_id, reply_parameters=self.reply
        )
        self._status_id = sent.message_id

    async def _edit_status(self, text: str) -> None:
        await self.bot.edit_message_text(text, self.chat_id, self._status_id)

    async def _delete_status(self) -> None:
        status_id, self._status_id = self._status_id, None
        if status_id is not None:
            await self.bot.delete_message(self.chat_id, status_id)

    def _start_chat_action(self) -> None:
        if self._action_task is not None:
            return

        async def keep_showing() -> None:
            # Cosmetic like the status: a failure ends it quietly, never as a task error.
            with contextlib.suppress(Exception):
                while True:
                    await self.bot.send_chat_action(
                        self.chat_id, ChatAction.UPLOAD_PHOTO, message_thread_id=self.thread_id
                    )
                    await asyncio.sleep(CHAT_ACTION_EVERY_S)

        self._action_task = asyncio.create_task(keep_showing())

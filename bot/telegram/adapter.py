"""The Telegram adapter: a python-telegram-bot Application whose handlers translate updates,
call the engine and let TelegramOutbound send the answers."""

from __future__ import annotations

import asyncio
import json
import logging

from telegram import Bot, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    MessageReactionHandler,
    TypeHandler,
    filters,
)

from bot.telegram import translate
from bot.telegram.menus import publish_menus_at_start
from bot.telegram.outbound import TelegramOutbound
from core import uploads
from core.engine import DialogueEngine
from core.languages import detect_language
from core.messages import ConversationKey
from core.phrasebook import Words
from core.settings import Settings

log = logging.getLogger(__name__)

# Edited messages are not turns: re-answering an edit would fork the dialogue.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MESSAGE_REACTION]
# Telegram sends the parts of an album as separate messages within a moment.
ALBUM_WAIT_S = 1.0


class Albums:
    """Collects the parts of a media group until no new part has come for `wait` seconds."""

    def __init__(self, wait: float) -> None:
        self.wait = wait
        self._parts: dict[tuple[int, str], list[Message]] = {}

    async def collect(self, message: Message) -> list[Message] | None:
        """The parts, to the handler of the first part; None to the handlers of the others."""
        assert message.media_group_id is not None
        key = (message.chat.id, message.media_group_id)
        if key in self._parts:
            self._parts[key].append(message)
            return None
        parts = self._parts[key] = [message]
        seen = 0
        while seen != len(parts):
            seen = len(parts)
            await asyncio.sleep(self.wait)
        del self._parts[key]
        return sorted(parts, key=lambda m: m.message_id)


class TelegramAdapter:
    def __init__(self, engine: DialogueEngine, album_wait: float = ALBUM_WAIT_S) -> None:
        self.engine = engine
        self.albums = Albums(album_wait)
        # Updates replayed from the inbox at start: stored already, to be handled anyway.
        self._replaying: set[int] = set()

    def register(self, app: Application) -> None:
        app.add_handler(TypeHandler(Update, self.once), group=-1)
        app.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL, self.on_message)
        )
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(MessageReactionHandler(self.on_reaction))
        # After the handlers above (PTB runs groups in order, also after a handler failed).
        app.add_handler(TypeHandler(Update, self.done), group=1)
        app.add_error_handler(self.on_error)

    async def once(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Keep the update before handling it, and answer each update once: Telegram
        redelivers after a webhook timeout, and a replay must not run a turn twice."""
        if update.update_id in self._replaying:
            return
        payload = json.dumps(update.to_dict(), ensure_ascii=False)
        if not await self.engine.receive_update(translate.PLATFORM, str(update.update_id), payload):
            log.info("update %s seen before; skipped", update.update_id)
            raise ApplicationHandlerStop

    async def done(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.engine.update_handled(translate.PLATFORM, str(update.update_id))
        self._replaying.discard(update.update_id)

    async def replay(self, app: Application) -> int:
        """Handle the updates a crash left unhandled (stored, never finished)."""
        pending = await self.engine.unhandled_updates(translate.PLATFORM)
        for update_id, payload in pending:
            update = Update.de_json(json.loads(payload), app.bot)
            if update is None:
                await self.engine.update_handled(translate.PLATFORM, update_id)
                continue
            log.info("replaying update %s left unhandled by an earlier run", update_id)
            self._replaying.add(update.update_id)
            await app.update_queue.put(update)
        return len(pending)

    async def resume(self, app: Application) -> None:
        """What an earlier run left: unhandled updates first (their turns are not stored
        yet), then the jobs it never finished or delivered."""
        try:
            await self.replay(app)
            await self.engine.recover(
                translate.PLATFORM, lambda key, reply_to: self.outbound_for(app.bot, key, reply_to)
            )
        except Exception:
            log.exception("telegram: recovering after a restart failed")

    def outbound_for(
        self, bot: Bot, key: ConversationKey, reply_to: str | None
    ) -> TelegramOutbound | None:
        """Where a recovered job's answer goes: its chat, as a reply to the request."""
        if key.platform != translate.PLATFORM:
            return None
        message_id = int(reply_to) if reply_to and reply_to.isdigit() else None
        return TelegramOutbound(bot, key, reply_to=message_id)

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or (message.from_user is not None and message.from_user.is_bot):
            return
        parts = [message]
        if message.media_group_id:
            collected = await self.albums.collect(message)
            if collected is None:
                return
            parts = collected
        me = context.bot.bot
        if not any(translate.is_addressed(part, me) for part in parts):
            return
        key = translate.conversation_key(message)
        out = TelegramOutbound(context.bot, key, reply_to=message.message_id)
        language = detect_language(translate.text_of(parts, me))
        problem = self._refusal(parts)
        if problem is not None:
            await out.send_text(problem.said_in(language))
            return
        try:
            incoming = await translate.to_incoming(parts, context.bot, me)
        except TelegramError as exc:
            log.warning("downloading an upload failed: %s", exc)
            await out.send_text(uploads.download_failed("Telegram").said_in(language))
            return
        await self.engine.handle(incoming, out)

    def _refusal(self, parts: list[Message]) -> Words | None:
        """Files we would only download to refuse: answered here, without fetching them."""
        for part in parts:
            what = translate.unusable(part)
            if what is not None:
                return uploads.not_usable(what)
            image = translate.image_file(part)
            if image is not None:
                # Telegram says how big a file is before the download: no fetching to refuse.
                max_bytes = self.engine.settings.max_upload_bytes
                too_big = uploads.precheck(image.filename, image.size, None, max_bytes=max_bytes)
                if too_big is not None:
                    return too_big
        return None

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        # Answer first: the client shows a spinner on the button until we do.
        await query.answer()
        parsed = translate.parse_action(query.data)
        if parsed is None or query.message is None:
            return
        action, image_id = parsed
        key = translate.conversation_key(query.message)
        out = TelegramOutbound(context.bot, key, reply_to=query.message.message_id)
        sender = translate.sender_of(query.from_user)
        await self.engine.handle_action(key, sender, action, image_id, out)

    async def on_reaction(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        reaction = update.message_reaction
        if reaction is None:
            return
        # Message ids are unique per chat, so the chat is enough to find the answer.
        key = ConversationKey(translate.PLATFORM, str(reaction.chat.id))
        sender = translate.sender_of(reaction.user, reaction.actor_chat)
        # A 👎 may get a "did you mean" answer: as a reply, so it lands in the right topic.
        out = TelegramOutbound(context.bot, key, reply_to=reaction.message_id)
        for emoji, added in translate.reaction_changes(
            reaction.old_reaction, reaction.new_reaction
        ):
            await self.engine.record_reaction(
                key, sender, str(reaction.message_id), emoji, added, out
            )

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram update %r failed", update, exc_info=context.error)


def build_application(
    settings: Settings,
    engine: DialogueEngine,
    base_url: str | None = None,
    base_file_url: str | None = None,
    *,
    album_wait: float = ALBUM_WAIT_S,
) -> tuple[Application, TelegramAdapter]:
    if settings.telegram_token is None:
        raise ValueError("Set DIALOGDRAW_TELEGRAM_TOKEN to the token from @BotFather.")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        # Waits before Telegram's flood limits and retries when it answers 429 anyway.
        .rate_limiter(AIORateLimiter(max_retries=3))
        # A picture takes seconds to minutes: one chat must not wait for another's. The
        # engine serializes turns within a conversation; album parts must arrive together.
        .concurrent_updates(True)
        # The command menus in every language the bot speaks, once the bot is known.
        .post_init(publish_menus_at_start)
    )
    base_url = base_url or settings.telegram_api_url
    base_file_url = base_file_url or settings.telegram_file_url
    if base_url:
        builder = builder.base_url(base_url)
    if base_file_url:
        builder = builder.base_file_url(base_file_url)
    if settings.telegram_local_mode:
        builder = builder.local_mode(True)
    app = builder.build()
    adapter = TelegramAdapter(engine, album_wait)
    adapter.register(app)
    return app, adapter

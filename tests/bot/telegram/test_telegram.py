"""The Telegram adapter end to end: real python-telegram-bot over HTTP against a fake Bot API,
the real engine and store, the test-only PIL skills."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PIL import Image
from pydantic import SecretStr
from telegram import Bot

from bot.telegram.menus import MENU_LANGUAGES
from bot.telegram.outbound import TelegramOutbound, split_text
from core.commands import help_text
from core.engine import DialogueEngine
from core.languages import SUPPORTED
from core.messages import ConversationKey, OutgoingImage
from core.phrasebook import phrase
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from dialogdraw.cmd_serve_telegram import run_telegram
from tests.bot.telegram.fake_bot_api import BOT_USER, TOKEN, Call, FakeBotAPI, error
from tests.doubles import FakeIntentModel, pil_runner, png

ALICE = {"id": 111, "is_bot": False, "first_name": "Alice"}
BOB = {"id": 222, "is_bot": False, "first_name": "Bob"}
FORUM = {"id": -100500, "type": "supergroup", "title": "Artists", "is_forum": True}
KEY = ConversationKey("telegram", "111")


def private(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


@dataclass
class TelegramBot:
    """One running adapter (run_telegram in a task) and the fake it talks to."""

    fake: FakeBotAPI
    engine: DialogueEngine
    store: Store
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.task = asyncio.create_task(
            run_telegram(
                self.engine.settings,
                self.engine,
                base_url=self.fake.base_url,
                base_file_url=self.fake.base_file_url,
                poll_timeout=2,
                album_wait=0.2,
                stop=self.stop_event,
            )
        )

    async def stop(self) -> None:
        self.stop_event.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, 10)
        await self.engine.queue.close()

    def say(
        self,
        text: str | None = None,
        *,
        user: dict[str, Any] = ALICE,
        chat: dict[str, Any] | None = None,
        photo: bytes | None = None,
        document: tuple[bytes, str, str] | None = None,
        media: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
        album: str | None = None,
        thread: int | None = None,
        update_id: int | None = None,
    ) -> dict[str, Any]:
        """Push a message update as Telegram would send it; returns the message."""
        message: dict[str, Any] = {
            "message_id": self.fake.new_message_id(),
            "date": int(time.time()),
            "chat": chat or private(user),
            "from": user,
        }
        attached = photo is not None or document is not None or media is not None
        caption_or_text = "caption" if attached else "text"
        if text is not None:
            message[caption_or_text] = text
            at = text.find("@" + BOT_USER["username"])
            if at >= 0:
                entity = {"type": "mention", "offset": at, "length": len(BOT_USER["username"]) + 1}
                message[f"{caption_or_text}_entities" if attached else "entities"] = [entity]
        if photo is not None:
            thumb = self.fake.add_file(png((4, 3)))
            big = self.fake.add_file(photo)
            message["photo"] = [
                {"file_id": thumb, "file_unique_id": thumb, "width": 4, "height": 3},
                {"file_id": big, "file_unique_id": big, "width": 800, "height": 600}
                | {"file_size": len(photo)},
            ]
        if document is not None:
            data, mime, name = document
            file_id = self.fake.add_file(data)
            message["document"] = {"file_id": file_id, "file_unique_id": file_id}
            message["document"] |= {"mime_type": mime, "file_name": name, "file_size": len(data)}
        if media is not None:  # a voice message, a sticker...: {"voice": {...}}
            message |= media
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if album is not None:
            message["media_group_id"] = album
        if thread is not None:
            message |= {"message_thread_id": thread, "is_topic_message": True}
            message.setdefault("reply_to_message", {**message, "message_id": thread})
        self.fake.push("message", message, update_id)
        return message

    async def answer(self, method: str, before: int) -> Call:
        """The next call of `method` after `before` of them were made."""
        calls: list[Call] = await self.fake.wait_for(lambda: self.fake.sent(method)[before:])
        return calls[0]

    async def text_after(self, before: int) -> str:
        return str((await self.answer("sendMessage", before)).params["text"])

    def count(self, method: str) -> int:
        return len(self.fake.sent(method))


StartBot = Callable[..., Awaitable[TelegramBot]]


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    """The fake Bot API of a test; every bot the test starts talks to it."""
    fake = FakeBotAPI()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def start_bot(
    settings: Settings,
    store: Store,
    intent: FakeIntentModel,
    fake_api: FakeBotAPI,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[StartBot]:
    fake = fake_api
    running: list[TelegramBot] = []

    async def start(**overrides: Any) -> TelegramBot:
        configured = settings.model_copy(update={"telegram_token": SecretStr(TOKEN), **overrides})
        queue = LocalJobQueue(pil_runner, gpu_skill_ids())
        bot = TelegramBot(fake, DialogueEngine(configured, store, intent, queue), store)
        await bot.start()
        running.append(bot)
        return bot

    caplog.set_level(logging.ERROR)
    yield start
    for bot in running:
        if not bot.stop_event.is_set():
            await bot.stop()
    failures = [r for r in caplog.records if r.name.startswith(("bot.", "telegram"))]
    assert not failures, [r.getMessage() for r in failures]


async def conversation_images(store: Store, key: ConversationKey = KEY) -> list[Any]:
    return await store.images.of_conversation(await store.conversations.open(key))


async def eventually(check: Callable[[], Awaitable[Any]], within: float = 5.0) -> Any:
    deadline = time.monotonic() + within
    while not (result := await check()):
        assert time.monotonic() < deadline, "condition never became true"
        await asyncio.sleep(0.02)
    return result


async def test_text_request_gets_a_photo_reply_with_buttons_and_a_status(
    start_bot: StartBot, store: Store
) -> None:
    bot = await start_bot()
    asked = bot.say("draw a cat on a beach")
    photo = await bot.answer("sendPhoto", 0)

    assert photo.params["chat_id"] == 111 and photo.reply_to == asked["message_id"]
    assert photo.params["caption"] == "#1 · a new picture: a cat on a beach"
    image = (await conversation_images(store))[0]
    assert photo.files["photo"] == await store.images.read(image)
    assert photo.buttons == [f"a:{a}:{image.id}" for a in ("variation", "upscale", "undo")]
    actions = bot.fake.sent("sendChatAction")
    assert actions and actions[0].params["action"] == "upload_photo"
    status = bot.fake.sent("sendMessage")[0]
    deleted = await bot.answer("deleteMessage", 0)
    assert deleted.params["message_id"] == status.result["message_id"]
    assert bot.count("setMyCommands") == len(MENU_LANGUAGES)  # a fresh bot: every menu


def menu(fake: FakeBotAPI, language: str = "") -> list[tuple[str, str]]:
    """The command menu Telegram shows users of `language` ("": the default)."""
    return [(c["command"], c["description"]) for c in fake.menus.get(language, [])]


async def test_the_command_menus_are_published_in_every_language_and_only_when_changed(
    start_bot: StartBot,
) -> None:
    first = await start_bot()
    first.say("/help")
    await first.answer("sendMessage", 0)  # menus are published before updates are fetched
    fake = first.fake
    # English is the default menu; every other language the bot speaks has its own.
    assert set(fake.menus) == {"", *SUPPORTED} - {"en"}
    assert menu(fake) == [
        ("reset", "Start a new conversation here"),
        ("undo", "Go back to the previous picture"),
        ("help", "What I can do"),
    ]
    assert menu(fake, "es") == [
        ("reset", "Empezar una conversación nueva aquí"),
        ("undo", "Volver a la imagen anterior"),
        ("help", "Lo que puedo hacer"),
    ]
    assert menu(fake, "ru") == [
        ("reset", "Начать здесь новый разговор"),
        ("undo", "Вернуться к предыдущей картинке"),
        ("help", "Что я умею"),
    ]
    assert all("stats" not in dict(menu(fake, code)) for code in fake.menus)
    await first.stop()

    # A restart with the same menus asks and sets nothing.
    sets = first.count("setMyCommands")
    second = await start_bot()
    second.say("/help")
    await second.answer("sendMessage", 1)
    assert second.count("getMyCommands") == 2 * len(MENU_LANGUAGES)
    assert second.count("setMyCommands") == sets
    await second.stop()

    # A menu changed by hand (in @BotFather) is put back at the next start, alone.
    fake.menus["es"] = [{"command": "start", "description": "Hola"}]
    third = await start_bot()
    third.say("/help")
    await third.answer("sendMessage", 2)
    assert [c.params.get("language_code") for c in fake.sent("setMyCommands")[sets:]] == ["es"]
    assert menu(fake, "es")[0] == ("reset", "Empezar una conversación nueva aquí")


async def test_a_menu_telegram_refuses_or_cannot_take_does_not_stop_the_bot(
    start_bot: StartBot, fake_api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    # Three languages' menus cannot be read (a proxy in the way), two are refused.
    fake_api.fail("getMyCommands", *[(502, "<html>Bad Gateway</html>")] * 3)
    fake_api.fail("setMyCommands", *[error(400, "Bad Request: command description is invalid")] * 2)
    caplog.set_level(logging.WARNING, logger="bot.telegram.menus")
    bot = await start_bot()
    bot.say("draw a cat on a beach")
    await bot.answer("sendPhoto", 0)
    assert len(bot.fake.menus) == len(MENU_LANGUAGES) - 5  # the others were published
    (warning,) = [r for r in caplog.records if r.name == "bot.telegram.menus"]
    assert warning.levelno == logging.WARNING and "next start tries again" in warning.getMessage()
    caplog.clear()  # the warning was the point; the fixture checks nothing else was logged
    await bot.stop()

    # The next start publishes what was missing.
    again = await start_bot()
    again.say("draw a dog")
    await again.answer("sendPhoto", 1)
    assert len(again.fake.menus) == len(MENU_LANGUAGES)


async def test_uploaded_photo_with_caption_reaches_the_skill(
    start_bot: StartBot, store: Store
) -> None:
    bot = await start_bot()
    upload = png((64, 48), (10, 200, 10))
    bot.say("make it anime", photo=upload)
    sent = await bot.answer("sendPhoto", 0)

    original, result = await conversation_images(store)
    assert original.origin == "upload" and await store.images.read(original) == upload
    assert (result.skill, result.parent_image_id) == ("to_anime", original.id)
    assert sent.files["photo"] == await store.images.read(result)


async def test_album_is_one_turn_with_all_its_images(
    start_bot: StartBot, store: Store, intent: FakeIntentModel
) -> None:
    bot = await start_bot()
    bot.say("make it anime", photo=png((20, 20), (1, 2, 3)), album="alb-1")
    bot.say(photo=png((30, 30), (4, 5, 6)), album="alb-1")
    await bot.answer("sendPhoto", 0)

    assert len(intent.requests) == 1
    assert [i.ref for i in intent.requests[0].messages[-1].images] == ["#1", "#2"]
    uploads = [i for i in await conversation_images(store) if i.origin == "upload"]
    assert [(u.width, u.height) for u in uploads] == [(20, 20), (30, 30)]


async def test_reply_to_an_older_image_edits_that_image(start_bot: StartBot, store: Store) -> None:
    bot = await start_bot()
    bot.say("draw a boat")
    boat = await bot.answer("sendPhoto", 0)
    bot.say("draw a house")
    await bot.answer("sendPhoto", 1)
    bot.say("make it black and white", reply_to=boat.result)
    await bot.answer("sendPhoto", 2)
    assert (await conversation_images(store))[-1].args == {"image": "#1", "operation": "grayscale"}


async def test_reactions_added_and_removed_become_feedback_on_the_decision(
    start_bot: StartBot, store: Store
) -> None:
    bot = await start_bot()
    bot.say("draw a cake")
    photo = await bot.answer("sendPhoto", 0)
    answer = await eventually(
        lambda: store.messages.find_platform_message(
            "telegram", "111", str(photo.result["message_id"])
        )
    )
    assert answer.decision_id is not None

    def react(old: list[dict[str, str]], new: list[dict[str, str]]) -> None:
        reaction = {"chat": private(ALICE), "message_id": photo.result["message_id"]}
        reaction |= {"user": ALICE, "date": int(time.time())}
        bot.fake.push("message_reaction", reaction | {"old_reaction": old, "new_reaction": new})

    up, down = {"type": "emoji", "emoji": "👍"}, {"type": "emoji", "emoji": "👎"}
    custom = {"type": "custom_emoji", "custom_emoji_id": "5368324170671202286"}
    react([], [up])
    await eventually(lambda: store.feedback.of_decision(answer.decision_id or 0))
    react([up], [down, custom])

    async def rows() -> list[tuple[str, int, str]] | None:
        found = await store.feedback.of_decision(answer.decision_id or 0)
        if len(found) < 4:
            return None
        return [(r.emoji, r.polarity, r.action) for r in found]

    assert await eventually(rows) == [
        ("👍", 1, "added"),
        ("👍", 1, "removed"),
        ("👎", -1, "added"),
        ("custom:5368324170671202286", 0, "added"),
    ]


async def test_buttons_still_work_after_a_restart(start_bot: StartBot, store: Store) -> None:
    first = await start_bot()
    first.say("draw a kite")
    photo = await first.answer("sendPhoto", 0)
    await first.stop()

    second = await start_bot()
    for n in range(2):  # variation, then upscale
        query = {"id": f"q{n}", "from": ALICE, "chat_instance": "ci", "message": photo.result}
        second.fake.push("callback_query", query | {"data": photo.buttons[n]})
        await second.answer("answerCallbackQuery", n)
    await second.answer("sendPhoto", 1)
    document = await second.answer("sendDocument", 0)

    skills = [i.skill for i in await conversation_images(store)]
    assert skills == ["text_to_image", "image_variation", "upscale"]
    assert document.reply_to == photo.result["message_id"]
    assert document.params["disable_content_type_detection"] is True


async def test_retrain_is_refused_to_non_admins(start_bot: StartBot) -> None:
    bot = await start_bot(admin_ids=["111"])
    before = bot.count("sendMessage")
    bot.say("/retrain", user=BOB)
    assert "only for admins" in await bot.text_after(before)
    bot.say("/retrain", user=ALICE)
    answer = await bot.text_after(before + 1)
    assert "only for admins" not in answer and "learning loop" in answer


async def test_bad_uploads_get_clear_replies(start_bot: StartBot) -> None:
    bot = await start_bot(max_upload_bytes=2_000)
    noise = io.BytesIO()
    Image.frombytes("RGB", (64, 64), os.urandom(64 * 64 * 3)).save(noise, "PNG")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"document": (b"%PDF-1.4 hello", "application/pdf", "doc.pdf")}, "only work with"),
        ({"photo": png()[:40]}, "couldn't read"),
        ({"photo": noise.getvalue()}, "too large"),
        ({"document": (noise.getvalue(), "image/png", "big.png")}, "too large"),
    ]
    for n, (upload, expected) in enumerate(cases):
        bot.say("make it anime", **upload)
        assert expected in (await bot.text_after(n)).lower()
    downloaded = {c.params["file_id"] for c in bot.fake.sent("getFile")}
    assert len(downloaded) == 1  # only the corrupt photo was fetched; the rest were refused


async def test_a_refused_upload_is_explained_in_the_language_of_its_caption(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    pdf = (b"%PDF-1.4 hola", "application/pdf", "menu.pdf")
    bot.say("hazlo estilo anime, porfa", document=pdf)
    words = phrase("upload_unusable", what="menu.pdf")
    assert await bot.text_after(0) == words.said_in("es") != str(words)
    assert bot.fake.sent("getFile") == []


async def test_a_voice_message_and_a_nameless_file_are_refused_in_the_users_words(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    voice = {"voice": {"file_id": "v1", "file_unique_id": "v1", "duration": 3}}
    bot.say("нарисуй это в стиле аниме, пожалуйста", media=voice)
    said = await bot.text_after(0)
    assert said == phrase("upload_unusable", what=phrase("kind_voice_message")).said_in("ru")
    assert "голосовое сообщение" in said and "voice" not in said
    nameless = {"document": {"file_id": "d1", "file_unique_id": "d1"}}
    bot.say("нарисуй это в стиле аниме, пожалуйста", media=nameless)
    said = await bot.text_after(1)
    assert "вложение" in said and "file" not in said
    assert bot.fake.sent("getFile") == []


async def test_start_is_answered_in_the_language_of_the_users_app(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.say("/start", user={**BOB, "language_code": "pt-br"})
    assert await bot.text_after(0) == help_text("pt") != help_text("en")


async def test_rate_limited_user_is_told_to_wait(start_bot: StartBot) -> None:
    bot = await start_bot(rate_limit_per_minute=1)
    bot.say("draw a cat")
    await bot.answer("sendPhoto", 0)
    before = bot.count("sendMessage")
    bot.say("draw a dog")
    assert "faster than I can draw" in await bot.text_after(before)
    assert bot.count("sendPhoto") == 1


async def test_a_redelivered_update_is_answered_once(start_bot: StartBot, store: Store) -> None:
    bot = await start_bot()
    bot.say("draw a lamp", update_id=77)
    bot.fake.push("message", bot.fake.updates[-1]["message"], update_id=77)
    await bot.answer("sendPhoto", 0)
    bot.say("draw a chair")  # answered after the duplicate, if there were one
    await bot.answer("sendPhoto", 1)
    assert [i.caption for i in await conversation_images(store)] == ["a lamp", "a chair"]


async def test_groups_answer_mentions_and_replies_per_forum_topic(
    start_bot: StartBot, store: Store, intent: FakeIntentModel
) -> None:
    bot = await start_bot()
    bot.say("draw a cat", chat=FORUM, thread=7)  # not for the bot
    bot.say("@DialogDrawBot draw a fox", chat=FORUM, thread=7)
    fox = await bot.answer("sendPhoto", 0)
    assert (fox.params["chat_id"], fox.params["message_thread_id"]) == (-100500, 7)
    bot.say("make it black and white", chat=FORUM, thread=7, reply_to=fox.result)
    await bot.answer("sendPhoto", 1)

    topic = ConversationKey("telegram", "-100500", "7")
    assert [i.skill for i in await conversation_images(store, topic)] == ["text_to_image", "adjust"]
    assert [r.messages[-1].text for r in intent.requests] == [
        "draw a fox",
        "make it black and white",
    ]
    assert await conversation_images(store, ConversationKey("telegram", "-100500")) == []


async def test_flood_control_retries_after_telegram_says_wait(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.fake.fail_next["sendPhoto"] = {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    bot.say("draw a rocket")
    delivered = await bot.fake.wait_for(
        lambda: [c for c in bot.fake.sent("sendPhoto") if c.result], within=8
    )
    assert len(delivered) == 1 and bot.count("sendPhoto") == 2


async def test_outbound_sends_stickers_and_long_texts_in_pieces() -> None:
    fake = FakeBotAPI()
    await fake.start()
    try:
        async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as bot:
            out = TelegramOutbound(bot, ConversationKey("telegram", "111"), reply_to=5)
            sticker = OutgoingImage(b"RIFF....WEBP", "image/webp", "s.webp", "sticker", 9, 2)
            await out.send_image(OutgoingImage(**{**sticker.__dict__, "delivery": "sticker"}))
            last = await out.send_text("word " * 2000)
        sent = fake.sent("sendSticker")[0]
        assert sent.files["sticker"] == b"RIFF....WEBP" and sent.buttons[0] == "a:variation:9"
        caption, *pieces = [c.params["text"] for c in fake.sent("sendMessage")]
        assert caption == "sticker"  # stickers carry no caption: it follows as a text
        assert len(pieces) == 3 and all(len(p) <= 4096 for p in pieces)
        assert last == str(fake.sent("sendMessage")[-1].result["message_id"])
    finally:
        await fake.stop()
    assert split_text("") == [""] and split_text("a\nb", 2) == ["a", "b"]

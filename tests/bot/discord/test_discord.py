"""The Discord adapter end to end: real discord.py, over HTTP and a websocket, to a fake Discord."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from PIL import Image, ImageOps

from bot.discord_bot.client import DialogDrawClient
from bot.discord_bot.translate import split_text
from core.commands import help_text
from core.engine import DialogueEngine
from core.messages import ConversationKey, Sender
from core.phrasebook import BOOKS
from core.ports import Outbound
from core.store import FeedbackRow, ImageRow, Store
from tests.bot.discord.conftest import ALICE, BOB, MAX_UPLOAD, RunningClient
from tests.bot.discord.fake_discord import FakeDiscord, Json
from tests.doubles import png

DM_CHANNEL = 700_000_000_000_000_000


def key(channel_id: int | str) -> ConversationKey:
    return ConversationKey("discord", str(channel_id))


async def images(store: Store, channel_id: int | str) -> list[ImageRow]:
    return await store.images.of_conversation(await store.conversations.open(key(channel_id)))


def image_messages(fake: FakeDiscord, channel_id: int) -> list[Json]:
    return [m for m in fake.bot_messages(channel_id) if m["attachments"]]


def texts(fake: FakeDiscord, channel_id: int) -> list[str]:
    return [m["content"] for m in fake.bot_messages(channel_id) if m["content"]]


def decoded(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


async def draw_in_thread(fake: FakeDiscord, text: str = "draw a cat") -> tuple[int, Json]:
    """Mention the bot in the server channel; return the new thread and the image posted in it."""
    await fake.say(ALICE, text, mention_bot=True)
    thread_id = await fake.until(lambda: next(iter(fake.threads), None))
    image = (await fake.until(lambda: image_messages(fake, thread_id)))[-1]
    return thread_id, image


async def test_mention_opens_a_thread_where_every_message_is_a_turn(
    bot: DialogDrawClient, fake: FakeDiscord, store: Store
) -> None:
    await fake.say(ALICE, "draw a dog")  # no mention in the channel: not for the bot
    thread_id, first = await draw_in_thread(fake, "draw a cat on a beach")

    assert fake.threads[thread_id]["name"] == "draw a cat on a beach"
    assert fake.threads[thread_id]["parent_id"] == str(fake.channel_id)
    assert thread_id in fake.typing
    attachment = first["attachments"][0]
    assert attachment["filename"].endswith(".png")
    embed = first["embeds"][0]
    # What the user reads: the picture's number and plain words, no skill id.
    assert embed["description"] == "#1 · a new picture: a cat on a beach"
    assert embed["image"]["url"] == f"attachment://{attachment['filename']}"
    (cat,) = await images(store, thread_id)
    buttons = [c["custom_id"] for row in first["components"] for c in row["components"]]
    assert buttons == [f"dd:{a}:{cat.id}" for a in ("variation", "upscale", "undo")]
    # One status message, edited while working, then removed.
    (status,) = [fake.messages[m] for m in fake.deleted]
    assert status["channel_id"] == str(thread_id) and status["content"].startswith("🎨 Working")
    assert int(status["id"]) in fake.edits
    assert fake.bot_messages(thread_id) == [first]

    await fake.say(ALICE, "make it black and white", channel_id=thread_id)
    await fake.until(lambda: len(image_messages(fake, thread_id)) == 2)
    first_image, grey = await images(store, thread_id)
    assert (grey.parent_image_id, grey.skill) == (first_image.id, "adjust")
    assert not fake.bot_messages(fake.channel_id)  # nothing answered the unmentioned message


async def test_dm_attachment_with_remove_the_background(
    bot: DialogDrawClient, fake: FakeDiscord, store: Store
) -> None:
    photo = png((40, 30), (10, 200, 30))
    upload = fake.upload("cat.png", photo)
    await fake.say(
        ALICE, "remove the background", attachments=[upload], channel_id=DM_CHANNEL, dm=True
    )
    answer = await fake.until(lambda: image_messages(fake, DM_CHANNEL))
    upload_row, result = await images(store, DM_CHANNEL)
    assert (upload_row.origin, result.skill, result.parent_image_id) == (
        "upload",
        "remove_background",
        upload_row.id,
    )
    assert decoded(await store.images.read(upload_row)) == decoded(photo)
    sent = fake.cdn[answer[0]["attachments"][0]["url"].split("/cdn/")[1]].data
    assert decoded(sent) == ImageOps.invert(decoded(photo))  # the test runner inverts


async def test_reply_to_an_older_image_edits_that_one(
    bot: DialogDrawClient, fake: FakeDiscord, store: Store
) -> None:
    thread_id, cat_message = await draw_in_thread(fake, "draw a cat")
    await fake.say(ALICE, "draw a dog", channel_id=thread_id)
    await fake.until(lambda: len(image_messages(fake, thread_id)) == 2)
    await fake.say(
        ALICE, "make it black and white", channel_id=thread_id, reply_to=int(cat_message["id"])
    )
    await fake.until(lambda: len(image_messages(fake, thread_id)) == 3)
    cat, _dog, grey = await images(store, thread_id)
    assert grey.parent_image_id == cat.id


async def test_slash_draw_defers_then_follows_up_in_a_new_thread(
    bot: DialogDrawClient, fake: FakeDiscord, store: Store
) -> None:
    assert [c["name"] for c in fake.command_syncs[0]] == [
        "draw",
        "reset",
        "undo",
        "help",
        "stats",
        "retrain",
    ]
    request = [{"name": "request", "type": 3, "value": "draw a fox"}]
    token = await fake.slash(ALICE, "draw", request)
    await fake.until(lambda: fake.callbacks)
    assert (fake.callbacks[0]["token"], fake.callbacks[0]["type"]) == (token, 5)
    header = await fake.until(lambda: texts(fake, fake.channel_id))
    assert header == ["🎨 draw a fox"]
    thread_id = await fake.until(lambda: next(iter(fake.threads), None))
    await fake.until(lambda: image_messages(fake, thread_id))
    (fox,) = await images(store, thread_id)
    assert fox.caption == "a fox"

    # In the thread, a command is answered by a followup there.
    await fake.slash(BOB, "help", channel_id=thread_id)
    helped = await fake.until(lambda: [t for t in texts(fake, thread_id) if "/reset" in t])
    assert helped == [help_text()]


async def test_synced_commands_are_described_in_the_languages_the_bot_speaks(
    bot: DialogDrawClient, fake: FakeDiscord
) -> None:
    draw, reset, undo, help_, stats, retrain = fake.command_syncs[0]
    drawn = draw["description_localizations"]
    assert (draw["description"], drawn["es-ES"]) == (
        "Draw or edit a picture",
        "Dibujar o editar una imagen",
    )
    assert drawn["es-419"] == drawn["es-ES"]  # Spanish of both sides of the Atlantic
    assert drawn["ru"] == "Нарисовать или изменить картинку"
    assert drawn["pt-BR"] == "Desenhar ou editar uma imagem"
    # English stays the default text; locales the bot does not speak get it too.
    assert not {"en-US", "en-GB", "ko", "nl"} & set(drawn)
    request, image = draw["options"]
    assert request["description_localizations"]["de"] == "Was ich malen oder ändern soll"
    assert image["description_localizations"]["ja"] == "元にする画像"
    assert reset["description_localizations"]["ru"] == "Начать здесь новый разговор"
    assert undo["description_localizations"]["uk"] == "Повернутися до попередньої картинки"
    assert help_["description_localizations"]["pt-BR"] == "O que eu sei fazer"
    # Admin commands answer in English, so they are described in English only.
    assert stats["description_localizations"] == retrain["description_localizations"] == {}
    # Names stay as they are: /draw is typed the same in every language.
    assert not any(c["name_localizations"] for c in fake.command_syncs[0])


async def test_a_deploy_that_only_rewords_a_translation_syncs_again(
    running: RunningClient, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running():
        pass
    monkeypatch.setitem(BOOKS["es"], "command_draw", "pintar o retocar una imagen")
    async with running():
        pass
    assert len(fake.command_syncs) == 2
    draw = fake.command_syncs[1][0]
    assert draw["description_localizations"]["es-ES"] == "Pintar o retocar una imagen"


async def test_slash_draw_with_an_image_in_a_dm(
    bot: DialogDrawClient, fake: FakeDiscord, store: Store
) -> None:
    upload = fake.upload("me.png", png())
    options = [
        {"name": "request", "type": 3, "value": "make it anime"},
        {"name": "image", "type": 11, "value": upload["id"], "attachment": upload},
    ]
    await fake.slash(BOB, "draw", options, channel_id=DM_CHANNEL, dm=True)
    await fake.until(lambda: image_messages(fake, DM_CHANNEL))
    upload_row, anime = await images(store, DM_CHANNEL)
    assert (anime.skill, anime.parent_image_id) == ("to_anime", upload_row.id)
    assert not fake.threads


async def test_buttons_work_after_a_restart(
    running: RunningClient, fake: FakeDiscord, store: Store
) -> None:
    async with running():
        thread_id, message = await draw_in_thread(fake)
    assert len(fake.command_syncs) == 1

    async with running():
        assert len(fake.command_syncs) == 1  # same commands: no sync on restart
        (cat,) = await images(store, thread_id)
        await fake.click(BOB, message, f"dd:variation:{cat.id}")
        await fake.until(lambda: len(image_messages(fake, thread_id)) == 2)
        assert fake.callbacks[-1]["type"] == 5
        variation = image_messages(fake, thread_id)[-1]
        assert variation.get("webhook_id")  # a followup of the click
        # Its status was a followup too, edited and deleted through the webhook.
        status = fake.messages[fake.deleted[-1]]
        assert status.get("webhook_id") and fake.deleted[-1] in fake.edits
        _, new = await images(store, thread_id)
        assert (new.skill, new.parent_image_id) == ("image_variation", cat.id)

        await fake.click(BOB, variation, f"dd:undo:{new.id}")
        await fake.until(lambda: len(image_messages(fake, thread_id)) == 3)
        assert (await images(store, thread_id))[-1].sha256 == cat.sha256


async def test_reactions_become_feedback_even_on_uncached_messages(
    running: RunningClient, fake: FakeDiscord, store: Store
) -> None:
    async with running():
        thread_id, message = await draw_in_thread(fake)
        # The engine records the platform id just after the send returns.
        answer = await eventually(
            lambda: store.messages.find_platform_message("discord", str(thread_id), message["id"])
        )
        assert answer.decision_id is not None
        await fake.react(BOB, message, "👍")
        await feedback_rows(store, answer.decision_id, 1)

    async with running() as client:
        # A new client: the image message is not in its cache.
        assert all(m.id != int(message["id"]) for m in client.cached_messages)
        await fake.react(ALICE, message, "👎")
        await fake.react(ALICE, message, "👎", added=False)
        await fake.react(ALICE, message, {"id": "4242", "name": "partyblob"})  # custom: ignored
        await fake.react(fake.bot, message, "👍")  # the bot's own: ignored
        await fake.react(ALICE, {**message, "id": "123"}, "👍")  # not an answer: ignored
        rows = await feedback_rows(store, answer.decision_id, 3)
    assert [(r.emoji, r.polarity, r.action) for r in rows] == [
        ("👍", 1, "added"),
        ("👎", -1, "added"),
        ("👎", -1, "removed"),
    ]


async def eventually(read: Callable[[], Awaitable[Any]], within: float = 5.0) -> Any:
    for _ in range(int(within / 0.02)):
        if result := await read():
            return result
        await asyncio.sleep(0.02)
    raise AssertionError("never happened")


async def feedback_rows(store: Store, decision_id: int, n: int) -> list[FeedbackRow]:
    """The feedback of a decision once it has n rows, after late (ignored) events had time."""
    for _ in range(250):
        if len(await store.feedback.of_decision(decision_id)) >= n:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)
    return await store.feedback.of_decision(decision_id)


class Learning:
    async def command(
        self, name: str, argument: str, key: ConversationKey, sender: Sender, out: Outbound
    ) -> str:
        return f"Retraining on your reactions ({name} by {sender.platform_user_id})."


async def test_retrain_by_admin_and_by_someone_else(
    bot: DialogDrawClient, fake: FakeDiscord, engine: DialogueEngine
) -> None:
    engine.commands.learning = Learning()
    await fake.slash(ALICE, "retrain", channel_id=DM_CHANNEL, dm=True)
    await fake.until(lambda: texts(fake, DM_CHANNEL))
    await fake.slash(BOB, "retrain", channel_id=DM_CHANNEL + 1, dm=True)
    refused = await fake.until(lambda: texts(fake, DM_CHANNEL + 1))
    assert texts(fake, DM_CHANNEL) == [f"Retraining on your reactions (/retrain by {ALICE['id']})."]
    assert refused == ["Sorry, /retrain is only for admins of this bot."]
    assert [c["type"] for c in fake.callbacks] == [5, 5]


async def test_unusable_attachments_get_clear_replies_without_download(
    bot: DialogDrawClient, fake: FakeDiscord, store: Store
) -> None:
    notes = fake.upload("notes.txt", b"hello", "text/plain")
    await fake.say(ALICE, "draw this", attachments=[notes], channel_id=DM_CHANNEL, dm=True)
    big = fake.upload("huge.png", b"\x89PNG" + bytes(MAX_UPLOAD), "image/png")
    await fake.say(ALICE, "edit this", attachments=[big], channel_id=DM_CHANNEL, dm=True)
    replies = await fake.until(
        lambda: len(texts(fake, DM_CHANNEL)) == 2 and texts(fake, DM_CHANNEL)
    )
    assert "notes.txt is a text file" in replies[0] and "PNG" in replies[0]
    assert "text/plain" not in replies[0]  # a MIME type is the operator's word
    assert "huge.png is too large" in replies[1]
    assert fake.downloads == []
    assert await images(store, DM_CHANNEL) == []


async def test_a_user_over_the_rate_limit_is_told_to_wait(
    bot: DialogDrawClient, fake: FakeDiscord, engine: DialogueEngine
) -> None:
    engine.admission.rate_limiter.per_minute = 1
    thread_id, _ = await draw_in_thread(fake)
    await fake.say(ALICE, "draw another one", channel_id=thread_id)
    refusal = await fake.until(lambda: texts(fake, thread_id))
    assert "faster than I can draw" in refusal[-1]
    assert len(image_messages(fake, thread_id)) == 1


async def test_a_long_answer_arrives_in_several_messages(
    bot: DialogDrawClient, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chat answers are kept short (core.chat_guard); a long one stands in for any long text.
    words = "colour " * 285  # 1,995 characters, after "Long answer: "
    monkeypatch.setattr("core.decisions.chat_reply", lambda *args: f"Long answer: {words}")
    await fake.say(BOB, "tell me all about colours", channel_id=DM_CHANNEL, dm=True)
    parts = await fake.until(lambda: len(texts(fake, DM_CHANNEL)) == 2 and texts(fake, DM_CHANNEL))
    assert all(len(p) <= 2000 for p in parts)
    assert " ".join(parts).split() == f"Long answer: {words}".split()


def test_long_texts_are_split_within_discord_limits() -> None:
    text = "\n".join(f"line {i} " + "x" * 90 for i in range(60))
    parts = split_text(text)
    assert len(parts) > 1 and all(0 < len(p) <= 2000 for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
    assert split_text("y" * 4500) == ["y" * 2000, "y" * 2000, "y" * 500]
    assert split_text("") == [""]

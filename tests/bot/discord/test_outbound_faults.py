"""DiscordOutbound when Discord fails: refusals, 5xx, dropped connections, a broken status.

The real discord.py over HTTP against the fake Discord (tests/bot/discord/conftest.py), which
answers chosen calls with errors; our own backoff is made short.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import discord
import pytest

from bot.discord_bot.client import DialogDrawClient
from bot.discord_bot.outbound import DiscordOutbound
from bot.retry import Backoff
from core.messages import ConversationKey, OutgoingImage
from core.store import Store
from tests.bot.discord.conftest import ALICE
from tests.bot.discord.fake_discord import FakeDiscord, Json
from tests.doubles import png

DM_CHANNEL = 700_000_000_000_000_000
CREATE, ONE = "channels/{}/messages", "channels/{}/messages/{}"
QUICK = Backoff(base_s=0.01, cap_s=0.05)


def outbound(client: DialogDrawClient) -> DiscordOutbound:
    return DiscordOutbound(client.get_partial_messageable(DM_CHANNEL).send, backoff=QUICK)


def picture() -> OutgoingImage:
    return OutgoingImage(png((64, 48), (200, 10, 10)), "image/png", "cat.png", "a cat", 7, 1)


def posted(fake: FakeDiscord) -> list[Json]:
    return fake.bot_messages(DM_CHANNEL)


def uploaded(fake: FakeDiscord, message: Json) -> bytes:
    return fake.cdn[message["attachments"][0]["url"].split("/cdn/")[1]].data


@pytest.fixture
def quick_discord_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """discord.py waits 1, 3, 5… s between its own tries of a 5xx: make those short."""
    sleep = asyncio.sleep

    async def short(delay: float, *args: Any, **kwargs: Any) -> Any:
        return await sleep(min(delay, 0.01), *args, **kwargs)

    monkeypatch.setattr(discord.http.asyncio, "sleep", short)


@pytest.mark.parametrize(
    "status",
    [500, 503],
    ids=["retried-by-discord.py", "retried-by-the-outbound"],
)
async def test_an_image_gets_through_server_errors_with_all_its_bytes(
    bot: DialogDrawClient, fake: FakeDiscord, quick_discord_sleeps: None, status: int
) -> None:
    # discord.py retries a 500 itself and rewinds the file; a 503 it raises, and the outbound
    # tries again with a new File: the first one was read to its end.
    fake.fail("POST", CREATE, status, status)
    message_id = await outbound(bot).send_image(picture())

    (message,) = posted(fake)
    assert message_id == message["id"]
    assert uploaded(fake, message) == picture().data
    assert message["embeds"][0]["image"]["url"] == "attachment://cat.png"
    assert fake.failed == [("POST", CREATE, status)] * 2


async def test_a_text_gets_through_a_dropped_connection(
    bot: DialogDrawClient, fake: FakeDiscord
) -> None:
    fake.fail("POST", CREATE, 0)  # 0: the fake hangs up without an answer
    message_id = await outbound(bot).send_text("hello")
    (message,) = posted(fake)
    assert (message_id, message["content"]) == (message["id"], "hello")


async def test_a_refusal_is_raised_without_retrying(
    bot: DialogDrawClient, fake: FakeDiscord
) -> None:
    fake.fail("POST", CREATE, 403)
    with pytest.raises(discord.Forbidden):
        await outbound(bot).send_image(picture())
    assert fake.failed == [("POST", CREATE, 403)] and not posted(fake)


async def test_server_errors_that_last_are_raised(bot: DialogDrawClient, fake: FakeDiscord) -> None:
    fake.fail("POST", CREATE, *[503] * QUICK.attempts)
    with pytest.raises(discord.DiscordServerError):
        await outbound(bot).send_text("hello")
    assert len(fake.failed) == QUICK.attempts and not posted(fake)


@pytest.mark.parametrize("status", [403, 404, 503])
async def test_clear_status_survives_a_failing_delete(
    bot: DialogDrawClient, fake: FakeDiscord, status: int
) -> None:
    out = outbound(bot)
    await out.show_status("⏳ Queued…")
    fake.fail("DELETE", ONE, status)
    await out.clear_status()
    assert fake.failed == [("DELETE", ONE, status)]


async def test_clear_status_gives_up_while_discord_py_retries_a_500(
    bot: DialogDrawClient, fake: FakeDiscord
) -> None:
    # discord.py would try for ≈25 s; the result must not wait for a cosmetic delete.
    out = outbound(bot)
    out.status.timeout_s = 0.3
    await out.show_status("⏳ Queued…")
    fake.fail("DELETE", ONE, *[500] * 5)
    started = time.monotonic()
    await out.clear_status()
    assert time.monotonic() - started < 1.0 and fake.failed == [("DELETE", ONE, 500)]


async def test_status_edits_fail_quietly_and_are_spaced(
    bot: DialogDrawClient, fake: FakeDiscord
) -> None:
    out = outbound(bot)
    out.status.every_s = 0.3
    await out.show_status("⏳ Queued…")
    fake.fail("PATCH", ONE, 403)
    await out.show_status("🎨 Working…")  # refused
    for step in range(1, 4):
        await out.show_status(f"🎨 Working… step {step}/3")
    (status,) = posted(fake)
    assert fake.failed == [("PATCH", ONE, 403)] and int(status["id"]) not in fake.edits

    await fake.until(lambda: fake.edits, within=2)  # the latest text, once allowed
    assert (len(fake.edits), status["content"]) == (1, "🎨 Working… step 3/3")
    await out.clear_status()
    assert fake.deleted == [int(status["id"])]


async def test_an_image_is_delivered_when_its_status_cannot_be_deleted(
    bot: DialogDrawClient, fake: FakeDiscord, store: Store
) -> None:
    # The whole turn: a refused delete is a warning, and the image still goes out and is kept.
    fake.fail("DELETE", ONE, 403)
    await fake.say(ALICE, "draw a cat", channel_id=DM_CHANNEL, dm=True)
    (message,) = await fake.until(lambda: [m for m in posted(fake) if m["attachments"]])
    conversation = await store.conversations.open(ConversationKey("discord", str(DM_CHANNEL)))
    (image,) = await store.images.of_conversation(conversation)
    assert uploaded(fake, message) == await store.images.read(image)
    assert fake.failed == [("DELETE", ONE, 403)]

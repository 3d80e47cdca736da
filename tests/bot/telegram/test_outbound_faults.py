"""TelegramOutbound when Telegram fails: flood control, 5xx, timeouts, refusals.

The real python-telegram-bot over HTTP against the fake Bot API, with the bot the adapter
builds (its AIORateLimiter included) or a bare Bot; our own backoff is made short.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from telegram import Bot
from telegram.error import Forbidden, RetryAfter
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.retry import Backoff
from bot.telegram.outbound import TelegramOutbound
from core.messages import ConversationKey, OutgoingImage
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotAPI, error
from tests.doubles import png

KEY = ConversationKey("telegram", "111")
QUICK = Backoff(base_s=0.01, cap_s=0.05)
BAD_GATEWAY_PAGE = (502, "<html><body><h1>502 Bad Gateway</h1></body></html>")

MakeOutbound = Callable[..., Awaitable[TelegramOutbound]]


def picture(delivery: str = "photo") -> OutgoingImage:
    return OutgoingImage(png((8, 8)), "image/png", "p.png", "a cat", 7, 1, delivery=delivery)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_errors_logged_by_us(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    # Failures the outbound handles are warnings; an error log would page someone.
    yield
    errors = [r for r in caplog.records if r.name.startswith("bot.") and r.levelno >= 40]
    assert not errors, [r.getMessage() for r in errors]


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def outbound(fake: FakeBotAPI) -> AsyncIterator[MakeOutbound]:
    """An outbound on a bot like the adapter's (limiter=True) or on a bare Bot."""
    bots: list[Bot] = []

    async def make(*, limiter: bool = True, backoff: Backoff = QUICK, **request: Any) -> Any:
        bot = (ExtBot if limiter else Bot)(
            TOKEN,
            base_url=fake.base_url,
            base_file_url=fake.base_file_url,
            request=HTTPXRequest(**request) if request else None,
            # What build_application gives the application's bot.
            **({"rate_limiter": AIORateLimiter(max_retries=3)} if limiter else {}),
        )
        await bot.initialize()
        bots.append(bot)
        return TelegramOutbound(bot, KEY, reply_to=5, backoff=backoff)

    yield make
    for bot in bots:
        await bot.shutdown()


def delivered(fake: FakeBotAPI, method: str) -> list[Any]:
    return [c for c in fake.sent(method) if c.result]


@pytest.mark.parametrize("limiter", [True, False], ids=["adapter-bot", "bare-bot"])
async def test_a_flood_wait_on_a_photo_is_waited_out_and_the_photo_sent_once(
    fake: FakeBotAPI, outbound: MakeOutbound, limiter: bool
) -> None:
    # With the adapter's bot its AIORateLimiter waits; with a bare Bot the outbound does.
    out = await outbound(limiter=limiter)
    fake.fail("sendPhoto", error(429, "Too Many Requests: retry after 1", retry_after=1))
    started = time.monotonic()
    message_id = await out.send_image(picture())

    assert time.monotonic() - started >= 1.0
    (sent,) = delivered(fake, "sendPhoto")
    assert message_id == str(sent.result["message_id"])
    assert sent.files["photo"] == picture().data
    assert len(fake.sent("sendPhoto")) == 2 and not fake.sent("sendDocument")


async def test_the_rate_limiters_retries_are_not_multiplied(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    # AIORateLimiter(max_retries=3) tries four times; a RetryAfter after that is final.
    out = await outbound()
    flood = error(429, "Too Many Requests: retry after 0.2", retry_after=0.2)
    fake.fail("sendMessage", *[flood] * 5)
    with pytest.raises(RetryAfter):
        await out.send_text("hello")
    assert len(fake.sent("sendMessage")) == 4


async def test_a_flood_wait_longer_than_we_would_wait_fails_at_once(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    out = await outbound(limiter=False)
    fake.fail("sendPhoto", error(429, "Too Many Requests: retry after 600", retry_after=600))
    with pytest.raises(RetryAfter):
        await out.send_image(picture())
    assert len(fake.sent("sendPhoto")) == 1


async def test_the_deadline_ends_the_rate_limiters_long_sleep(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    # AIORateLimiter sleeps out any retry_after (and halts every request meanwhile).
    out = await outbound(backoff=Backoff(deadline_s=0.5))
    fake.fail("sendPhoto", error(429, "Too Many Requests: retry after 600", retry_after=600))
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await out.send_image(picture())
    assert time.monotonic() - started < 2 and len(fake.sent("sendPhoto")) == 1
    # The halt ended with it: the next answer goes out at once.
    assert await asyncio.wait_for(out.send_text("still here"), 2)


async def test_a_text_gets_through_two_server_errors(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    out = await outbound()
    fake.fail("sendMessage", error(500, "Internal Server Error"), BAD_GATEWAY_PAGE)
    message_id = await out.send_text("hello")

    (sent,) = delivered(fake, "sendMessage")
    assert message_id == str(sent.result["message_id"]) and sent.params["text"] == "hello"
    assert len(fake.sent("sendMessage")) == 3


async def test_a_timed_out_send_is_sent_again(fake: FakeBotAPI, outbound: MakeOutbound) -> None:
    # Telegram may have posted a message whose answer timed out: the retry may then show it
    # twice, as here. Accepted: a duplicate beats a lost answer.
    out = await outbound(limiter=False, read_timeout=0.3)
    fake.slow("sendMessage", 0.6)
    message_id = await out.send_text("hello")
    assert message_id == str(fake.sent("sendMessage")[-1].result["message_id"])
    assert len(fake.sent("sendMessage")) == 2


async def test_a_refusal_is_raised_without_retrying(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    out = await outbound()
    fake.fail("sendPhoto", error(403, "Forbidden: bot was blocked by the user"))
    with pytest.raises(Forbidden):
        await out.send_image(picture())
    assert len(fake.sent("sendPhoto")) == 1 and not fake.sent("sendDocument")


async def test_a_refused_photo_still_goes_out_as_a_file(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    out = await outbound()
    fake.fail("sendPhoto", error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS"))
    message_id = await out.send_image(picture())
    (document,) = delivered(fake, "sendDocument")
    assert message_id == str(document.result["message_id"])
    assert len(fake.sent("sendPhoto")) == 1


async def test_a_sticker_whose_line_is_lost_still_counts_as_delivered(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    out = await outbound()
    fake.fail("sendMessage", error(403, "Forbidden: bot was kicked"))
    message_id = await out.send_image(picture("sticker"))
    assert message_id == str(delivered(fake, "sendSticker")[0].result["message_id"])


async def test_status_failures_never_raise(fake: FakeBotAPI, outbound: MakeOutbound) -> None:
    out = await outbound()
    out.status.every_s = 0.05
    fake.fail("editMessageText", error(400, "Bad Request: message to edit not found"))
    await out.show_status("⏳ Queued…")
    await out.show_status("🎨 Working…")  # refused
    await asyncio.sleep(0.1)
    fake.fail("editMessageText", error(500, "Internal Server Error"))
    await out.show_status("🎨 Working… step 1/2")  # a server error
    await asyncio.sleep(0.1)
    fake.fail("deleteMessage", error(400, "Bad Request: message can't be deleted"))
    await out.clear_status()

    assert len(fake.sent("sendMessage")) == 1
    assert len(fake.sent("editMessageText")) == 2
    assert len(fake.sent("deleteMessage")) == 1
    assert out._action_task is None  # the chat action stopped with the status


async def test_a_failing_status_post_and_delete_never_raise(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    out = await outbound()
    fake.fail("sendMessage", error(500, "Internal Server Error"))
    await out.show_status("⏳ Queued…")
    await out.clear_status()  # nothing was posted: nothing to delete
    assert not fake.sent("deleteMessage")

    out = await outbound()
    await out.show_status("⏳ Queued…")
    fake.fail("deleteMessage", BAD_GATEWAY_PAGE)
    await out.clear_status()
    assert len(fake.sent("deleteMessage")) == 1


async def test_a_status_edit_that_hangs_is_given_up(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    # An asyncio-level timeout, not a TelegramError: it must not escape either.
    out = await outbound()
    out.status.timeout_s = 0.2
    await out.show_status("⏳ Queued…")
    fake.slow("editMessageText", 1.0)
    started = time.monotonic()
    await out.show_status("🎨 Working…")
    await out.clear_status()
    assert time.monotonic() - started < 0.8
    assert len(fake.sent("deleteMessage")) == 1


async def test_status_edits_are_spaced_and_the_latest_text_shown(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    out = await outbound()
    out.status.every_s = 0.4
    for text in ["⏳ Queued…", "🎨 Working…", *(f"🎨 Working… step {n}/4" for n in range(1, 5))]:
        await out.show_status(text)
    assert [c.params["text"] for c in fake.sent("editMessageText")] == ["🎨 Working…"]

    edits = await fake.wait_for(lambda: fake.sent("editMessageText")[1:], within=2)
    assert [c.params["text"] for c in edits] == ["🎨 Working… step 4/4"]
    await out.clear_status()
    assert len(fake.sent("sendMessage")) == 1 and len(fake.sent("editMessageText")) == 2


async def test_clear_drops_an_edit_still_waiting_for_its_turn(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    out = await outbound()
    out.status.every_s = 0.3
    for text in ["⏳ Queued…", "🎨 Working…", "🎨 Working… step 1/2"]:
        await out.show_status(text)
    await out.clear_status()
    await asyncio.sleep(0.5)
    await out.show_status("🎨 Working… step 2/2")  # a late report after the result
    assert [c.params["text"] for c in fake.sent("editMessageText")] == ["🎨 Working…"]
    assert len(fake.sent("deleteMessage")) == 1 and len(fake.sent("sendMessage")) == 1


async def test_a_flood_wait_on_an_edit_is_not_retried_but_kept(
    fake: FakeBotAPI, outbound: MakeOutbound
) -> None:
    # A bare Bot: with the adapter's, AIORateLimiter would retry the edit itself.
    out = await outbound(limiter=False)
    out.status.every_s = 0.05
    await out.show_status("⏳ Queued…")
    fake.fail("editMessageText", error(429, "Too Many Requests: retry after 1", retry_after=1))
    await out.show_status("🎨 Working…")
    refused_at = time.monotonic()
    await out.show_status("🎨 Working… step 1/2")
    await asyncio.sleep(0.3)
    assert len(fake.sent("editMessageText")) == 1  # neither retried nor followed yet

    (edit,) = await fake.wait_for(lambda: delivered(fake, "editMessageText"), within=3)
    assert edit.params["text"] == "🎨 Working… step 1/2"
    assert time.monotonic() - refused_at >= 0.9
    await out.clear_status()

"""kill -9 of the bot and of the worker, and Redis going away: on real processes."""

from __future__ import annotations

import asyncio

import pytest

from tests.doubles import png
from tests.faults.conftest import USER, FaultRig, RedisServer

pytestmark = pytest.mark.timeout(120)


async def test_a_bot_killed_mid_job_delivers_the_picture_after_restart(rig: FaultRig) -> None:
    """Local queue: the job dies with the bot; the next run draws it again and sends it."""
    rig.hold.touch()
    bot = await rig.start_bot()
    asked = rig.say("draw a red fox in the snow")
    await rig.wait_event("start")
    bot.kill()
    rig.hold.unlink()

    await rig.start_bot()
    [photo] = await rig.wait_answer(asked, "sendPhoto")
    assert "red fox" in photo.params["caption"]
    # Not locked out: the orphan never counted, the next request is answered too.
    later = rig.say("draw a moon")
    await rig.wait_answer(later, "sendPhoto")
    await rig.check_nothing_lost([asked, later])


async def test_a_bot_killed_mid_job_collects_what_the_worker_finished(
    rig: FaultRig, with_redis: RedisServer
) -> None:
    """Celery: the worker finishes while the bot is down; the restarted bot collects the
    result by its task id instead of drawing it a second time."""
    await rig.start_worker()
    rig.hold.touch()
    bot = await rig.start_bot(DIALOGDRAW_QUEUE="celery")
    asked = rig.say("draw a lighthouse")
    await rig.wait_event("start")
    bot.kill()
    rig.hold.unlink()
    await rig.wait_event("done")

    await rig.start_bot(DIALOGDRAW_QUEUE="celery")
    await rig.wait_answer(asked, "sendPhoto")
    await asyncio.sleep(0.5)
    assert rig._events("start") == 1  # drawn once
    later = rig.say("draw a boat")
    await rig.wait_answer(later, "sendPhoto")
    await rig.check_nothing_lost([asked, later])


async def test_a_worker_killed_mid_job_is_replaced_and_the_job_completes(
    rig: FaultRig, with_redis: RedisServer
) -> None:
    # A job taken by a killed worker comes back after 2 s instead of an hour.
    worker = await rig.start_worker(visibility_s=2)
    rig.hold.touch()
    await rig.start_bot(DIALOGDRAW_QUEUE="celery")
    asked = rig.say("draw a windmill")
    await rig.wait_event("start")
    worker.kill()
    rig.hold.unlink()
    await rig.start_worker(visibility_s=2)  # the job comes back after the visibility timeout

    await rig.wait_answer(asked, "sendPhoto", within=60)
    await rig.check_nothing_lost([asked])


async def test_redis_going_away_is_reported_and_coming_back_works_again(
    rig: FaultRig, with_redis: RedisServer
) -> None:
    await rig.start_worker()
    await rig.start_bot(DIALOGDRAW_QUEUE="celery")
    first = rig.say("draw a kite")
    await rig.wait_answer(first, "sendPhoto")

    with_redis.stop()
    down = rig.say("draw a tree")
    [reply] = await rig.wait_answer(down, "sendMessage")
    assert "can't be reached" in reply.params["text"]

    with_redis.start()  # the worker reconnects on its own; the bot on its next job
    back = rig.say("draw a river")
    await rig.wait_answer(back, "sendPhoto", within=60)
    await rig.check_nothing_lost([first, down, back])


async def test_an_update_received_but_not_yet_stored_is_replayed_after_a_crash(
    rig: FaultRig,
) -> None:
    """Telegram forgets an update once the bot fetched the next batch; a crash while the
    photo is still downloading must not lose the request."""
    bot = await rig.start_bot()
    rig.fake.slow("getFile", 30)  # the download hangs: the bot dies in the middle of it
    photo = rig.fake.add_file(png((40, 30)))
    message_id = rig.fake.new_message_id()
    rig.fake.push(
        "message",
        {
            "message_id": message_id,
            "date": 0,
            "chat": {"id": USER["id"], "type": "private", "first_name": USER["first_name"]},
            "from": USER,
            "caption": "make it black and white",
            "photo": [{"file_id": photo, "file_unique_id": photo, "width": 40, "height": 30}],
        },
    )
    await rig.fake.wait_for(lambda: rig.fake.sent("getFile"), within=15)
    bot.kill()
    rig.fake.delays.clear()

    await rig.start_bot()
    [result] = await rig.wait_answer(message_id, "sendPhoto")
    assert result.params["caption"].endswith("· black and white")
    await rig.check_nothing_lost([message_id])

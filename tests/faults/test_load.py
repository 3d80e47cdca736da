"""A load test against the fake Bot API: 50 users, 500 turns in bursts, through one real bot
process (python-telegram-bot, the engine, SQLite, the local queue). Bounded in time; prints
turns answered, jobs lost and end-to-end latency:

    .venv/bin/python -m pytest tests/faults/test_load.py -s
"""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

from tests.faults.conftest import FaultRig

pytestmark = pytest.mark.timeout(240)

USERS = 50
BURSTS = 2
TURNS_PER_BURST = 5  # 10 turns a user: the default rate limit, 10 a minute, lets all in


async def test_500_turns_of_50_users_in_bursts_lose_nothing(rig: FaultRig) -> None:
    await rig.start_bot()
    users = [{"id": 5000 + n, "is_bot": False, "first_name": f"user{n}"} for n in range(USERS)]
    asked: dict[int, float] = {}
    started = time.monotonic()
    for _ in range(BURSTS):
        for turn in range(TURNS_PER_BURST):
            for n, user in enumerate(users):
                # Drawings and edits of them, so both the GPU and the CPU lane are busy.
                text = f"draw a cat number {n}" if turn % 2 == 0 else "make it black and white"
                asked[rig.say(text, user)] = time.monotonic()
        await rig.fake.wait_for(lambda: all(rig.answers_to(m) for m in asked), within=180)
    elapsed = time.monotonic() - started

    latencies = sorted(
        (min(c.at for c in rig.answers_to(m)) - at) * 1000 for m, at in asked.items()
    )
    photos = sum(1 for m in asked if rig.answers_to(m, "sendPhoto"))
    await rig.check_nothing_lost(list(asked), within=30)
    lost = rig.rows("SELECT COUNT(*) FROM jobs WHERE delivered_at IS NULL")[0][0]
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"\nload: {USERS} users, {len(asked)} turns in {BURSTS * TURNS_PER_BURST} bursts, "
        f"{elapsed:.1f} s; turns answered {len(latencies)}/{len(asked)} "
        f"({photos} with a picture); jobs lost {lost}; "
        f"end-to-end p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
    assert len(latencies) == len(asked) == USERS * BURSTS * TURNS_PER_BURST
    assert photos == len(asked)
    assert lost == 0
    await asyncio.sleep(0)

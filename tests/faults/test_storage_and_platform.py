"""The database locked by another process, a full disk, and a Bot API answering 429 and
500: on a real bot process."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.store import StoreFull
from tests.faults.conftest import FaultRig, hold_lock

pytestmark = pytest.mark.timeout(120)


async def test_a_database_locked_by_another_process_delays_but_loses_nothing(
    rig: FaultRig,
) -> None:
    await rig.start_bot()
    first = rig.say("draw a cat")
    await rig.wait_answer(first, "sendPhoto")
    # An operator's sqlite3 shell (or a backup) holds the write lock for 3 s.
    holder = hold_lock(rig.database, 3)
    during = rig.say("draw a dog")
    [photo] = await rig.wait_answer(during, "sendPhoto", within=30)
    assert holder.wait(10) == 0
    assert "dog" in photo.params["caption"]
    await rig.check_nothing_lost([first, during])


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder`: writes past it fail with ENOSPC, as on a full
    disk. Needs root (CI and the developers' machines run as root)."""
    folder.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here ({mounted.stderr.strip()}); "
            "tests/core/test_store_faults.py covers a full database in-process"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


async def test_a_full_disk_is_said_plainly_and_corrupts_nothing(rig: FaultRig) -> None:
    with small_disk(rig.folder / "data", "4m") as data:
        await rig.start_bot()
        first = rig.say("draw a cat")
        await rig.wait_answer(first, "sendPhoto")
        # Fill what is left of the disk.
        filler = data / "filler"
        with filler.open("wb") as f, contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        full = rig.say("draw a dog in a very long and detailed scene " * 20)
        [reply] = await rig.wait_answer(full, "sendMessage", within=30)
        assert reply.params["text"] == str(StoreFull.words)
        filler.unlink()
        later = rig.say("draw a bird")
        await rig.wait_answer(later, "sendPhoto")
        with sqlite3.connect(rig.database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # The pictures stored before the disk filled up are all there.
            blobs = [r[0] for r in db.execute("SELECT sha256 FROM images")]
        assert len(blobs) == 2
        assert all((data / "blobs" / sha[:2] / sha).is_file() for sha in blobs)
        assert not list((data / "blobs").rglob(".tmp-*"))  # no half-written files left
    shutil.rmtree(rig.folder / "data", ignore_errors=True)


async def test_platform_429_and_500_are_retried_and_delivered_once(rig: FaultRig) -> None:
    await rig.start_bot()
    rig.fake.fail(
        "sendPhoto",
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
        (500, "Internal Server Error"),
        (502, "Bad Gateway"),
    )
    asked = rig.say("draw a castle")
    await rig.wait_answer(asked, "sendPhoto", within=60)
    await rig.check_nothing_lost([asked])
    delivered = [c for c in rig.fake.sent("sendPhoto") if c.result is not None]
    assert len(delivered) == 1


async def test_a_platform_down_for_long_gets_the_picture_after_restart(rig: FaultRig) -> None:
    bot = await rig.start_bot()
    # Telegram answers 500 to every upload for longer than the bot retries.
    rig.fake.fail("sendPhoto", *[(500, "Internal Server Error")] * 50)
    asked = rig.say("draw a bridge")
    await bot.wait_log("delivering answer", within=90)  # the outbound gave up
    bot.stop()
    rig.fake.failures.clear()
    # The result is stored, not delivered; the next start delivers it.
    [(delivered,)] = rig.rows("SELECT delivered_at FROM jobs")
    assert delivered is None
    await rig.start_bot()
    await rig.fake.wait_for(
        lambda: [c for c in rig.fake.sent("sendPhoto") if c.result is not None], within=30
    )
    await rig.check_nothing_lost([asked])

"""The status message's grace: a job done within it gets no status; a slower one does."""

from __future__ import annotations

import asyncio

from bot.status import StatusMessage


def recorder() -> tuple[list[str], StatusMessage]:
    calls: list[str] = []

    async def post(text: str) -> None:
        calls.append(f"post {text}")

    async def edit(text: str) -> None:
        calls.append(f"edit {text}")

    async def delete() -> None:
        calls.append("delete")

    return calls, StatusMessage(post, edit, delete, post_after_s=0.3, every_s=0.1)


async def test_a_fast_job_sends_no_status_at_all() -> None:
    calls, status = recorder()
    await status.show("⏳ Queued…")
    await status.show("🎨 Working…")
    await status.clear()
    await asyncio.sleep(0.4)
    assert calls == []


async def test_a_slow_job_gets_the_latest_status_after_the_grace_then_it_is_deleted() -> None:
    calls, status = recorder()
    await status.show("⏳ Queued…")
    await status.show("🎨 Working… step 1/2")
    await asyncio.sleep(0.5)
    await status.clear()
    assert calls == ["post 🎨 Working… step 1/2", "delete"]

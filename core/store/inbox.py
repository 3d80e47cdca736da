"""Platform updates kept from arrival until handled, so a crash replays instead of losing.

Telegram considers an update delivered once the bot has fetched the next batch, long
before a picture is drawn; the platform never sends it again. So an update is written
here (with its payload) before it is handled and marked handled after; what a crash left
unhandled is handled at the next start. Update ids also make redeliveries harmless.
"""

from __future__ import annotations

from core.store.repository import Repository


class UpdateInbox(Repository):
    async def receive(self, platform: str, update_id: str, payload: str | None = None) -> bool:
        """Keep an update; False when it was seen before (a redelivery)."""
        cur = await self.writes.execute(
            "INSERT OR IGNORE INTO processed_updates (platform, update_id, payload)"
            " VALUES (?, ?, ?)",
            (platform, update_id, payload),
        )
        return cur.rowcount == 1

    async def handled(self, platform: str, update_id: str) -> None:
        await self.writes.execute(
            "UPDATE processed_updates SET handled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
            " payload = NULL WHERE platform = ? AND update_id = ?",
            (platform, update_id),
        )

    async def pending(self, platform: str) -> list[tuple[str, str]]:
        """(update id, payload) of updates received but never handled, oldest first."""
        rows = await self._all(
            "SELECT update_id, payload FROM processed_updates WHERE platform = ?"
            " AND handled_at IS NULL AND payload IS NOT NULL ORDER BY created_at, rowid",
            (platform,),
        )
        return [(str(r["update_id"]), str(r["payload"])) for r in rows]

"""Which meeting reminders were already announced, shared by every process.

A reminder is claimed with one INSERT: the process that inserts it announces it,
any other (the app beside `cockpit remind` from cron, or the next cron run) sees
it taken. Claims older than a few days are dropped as new ones are made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from cockpit.store.base import StoreBase, to_utc_text

KEEP = timedelta(days=3)


class ReminderLog(StoreBase):
    """Store mixin: claim reminders so that each is announced once."""

    def claim_reminder(self, key: str, also: Sequence[str], now: datetime) -> bool:
        """True when `key` was not announced before (it is now claimed); the `also`
        keys (earlier reminders of the same meeting, now past) are claimed with it."""
        stamp = to_utc_text(now)
        with self._write() as conn:
            conn.execute("DELETE FROM reminder WHERE announced_at < ?", (to_utc_text(now - KEEP),))
            fresh = conn.execute(
                "INSERT OR IGNORE INTO reminder (key, announced_at) VALUES (?, ?)", (key, stamp)
            ).rowcount
            conn.executemany(
                "INSERT OR IGNORE INTO reminder (key, announced_at) VALUES (?, ?)",
                [(k, stamp) for k in also],
            )
        return fresh == 1

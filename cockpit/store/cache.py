"""The last data each source returned, so the next start paints at once.

One row per (source, scope): the items as one compact JSON text. A 50,000-issue
backlog is one INSERT and one SELECT plus `json.loads`, far cheaper than a row per
issue. Sources: "agenda" (scope: the day, YYYY-MM-DD), "blocked", "backlog".
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cockpit.store.base import StoreBase


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a source returned last time, and when."""

    items: list[dict[str, Any]]
    fetched_at: datetime


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
DUMP_SLICE = 500
"""Items encoded per `json` call: one call holds the GIL throughout, and 50,000 issues
in one call (~200 ms) would stall the event loop while a worker thread saves them."""


def _dumps(items: list[dict[str, Any]]) -> str:
    """`items` as one compact JSON array, encoded a slice at a time."""
    if len(items) <= DUMP_SLICE:
        return _encode(items)
    parts = [_encode(items[i : i + DUMP_SLICE])[1:-1] for i in range(0, len(items), DUMP_SLICE)]
    return "[" + ",".join(parts) + "]"


def _loads(text: str) -> list[dict[str, Any]]:
    """`json.loads` with the cyclic GC paused: a big backlog is a million new objects,
    and collections triggered while they are built would nearly double the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        items: list[dict[str, Any]] = json.loads(text)
        return items
    finally:
        if was_enabled:
            gc.enable()


class SnapshotCache(StoreBase):
    """Store mixin: save and load source snapshots."""

    def save_snapshot(
        self,
        source: str,
        items: list[dict[str, Any]],
        fetched_at: datetime,
        scope: str = "",
    ) -> None:
        """Replace the snapshot of `source` (and `scope`); committed on return."""
        text = _dumps(items)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO snapshot (source, scope, fetched_at, count, items)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (source, scope) DO UPDATE SET"
                " fetched_at = excluded.fetched_at, count = excluded.count,"
                " items = excluded.items",
                (source, scope, fetched_at.isoformat(), len(items), text),
            )

    def load_snapshot(self, source: str, scope: str = "") -> Snapshot | None:
        """The last snapshot saved for `source` (and `scope`), or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT fetched_at, items FROM snapshot WHERE source = ? AND scope = ?",
                (source, scope),
            ).fetchone()
        if row is None:
            return None
        return Snapshot(_loads(row["items"]), datetime.fromisoformat(row["fetched_at"]))

    def snapshot_time(self, source: str, scope: str = "") -> datetime | None:
        """When the snapshot of `source` was fetched, without reading its items."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT fetched_at FROM snapshot WHERE source = ? AND scope = ?", (source, scope)
            ).fetchone()
        return None if row is None else datetime.fromisoformat(row["fetched_at"])

    def forget_snapshots(self, source: str | None = None) -> None:
        """Drop cached data (one source's, or all), e.g. after switching Jira sites."""
        with self._write() as conn:
            if source is None:
                conn.execute("DELETE FROM snapshot")
            else:
                conn.execute("DELETE FROM snapshot WHERE source = ?", (source,))

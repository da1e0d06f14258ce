"""The last data each source returned, so the next start paints at once.

One row per (source, scope): the items as one compact JSON array (UTF-8, written
into the row a slice at a time through SQLite's incremental blob I/O). A 50,000-issue
backlog is one INSERT and one SELECT plus `json.loads`, far cheaper than a row per
issue. Sources: "agenda" (scope: the day, YYYY-MM-DD), "blocked", "backlog".
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from cockpit.store.base import StoreBase


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a source returned last time, and when."""

    items: list[dict[str, Any]]
    fetched_at: datetime


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
DUMP_SLICE = 250
"""Items built and encoded per step. Each `json` call holds the GIL throughout, and so
does freeing a list of dicts; a slice at a time keeps every such step to a millisecond
or two, so the event loop gets the GIL back while a worker thread saves."""


def _json_pieces(items: Iterable[dict[str, Any]]) -> tuple[list[bytes], int]:
    """`items` as the UTF-8 pieces of one compact JSON array, and how many there were.

    `items` is consumed a slice at a time (a generator builds each slice's dicts only
    then, and they are freed before the next). The pieces are never joined: a
    50,000-issue backlog is ~18 MB, and each copy of that is one step that holds the
    GIL (5-50 ms, the most when the memory is fresh from the OS).
    """
    pieces = [b"["]
    count = 0
    stream = iter(items)
    while chunk := list(islice(stream, DUMP_SLICE)):
        if count:
            pieces.append(b",")
        pieces.append(_encode(chunk)[1:-1].encode())
        count += len(chunk)
        del chunk  # freed here, a slice at a time, not 50,000 dicts at once at the end
    pieces.append(b"]")
    return pieces, count


def _loads(text: str | bytes) -> list[dict[str, Any]]:
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
        items: Iterable[dict[str, Any]],
        fetched_at: datetime,
        scope: str = "",
    ) -> None:
        """Replace the snapshot of `source` (and `scope`); committed on return.

        `items` may be a generator: it is read once, a slice at a time.
        """
        pieces, count = _json_pieces(items)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO snapshot (source, scope, fetched_at, count, items)"
                " VALUES (?, ?, ?, ?, zeroblob(?))"
                " ON CONFLICT (source, scope) DO UPDATE SET"
                " fetched_at = excluded.fetched_at, count = excluded.count,"
                " items = excluded.items",
                (source, scope, fetched_at.isoformat(), count, sum(map(len, pieces))),
            )
            (rowid,) = conn.execute(
                "SELECT rowid FROM snapshot WHERE source = ? AND scope = ?", (source, scope)
            ).fetchone()
            with conn.blobopen("snapshot", "items", rowid) as blob:
                for piece in pieces:  # each write is short: the GIL is never held long
                    blob.write(piece)

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

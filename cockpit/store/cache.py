"""The last data each source returned, so the next start paints at once.

One row per (source, scope): the items as one compact JSON array (UTF-8, written
into the row a slice at a time through SQLite's incremental blob I/O), and where
each slice ends in it. A 50,000-issue backlog is one INSERT, far cheaper than a row
per issue; a start reads and decodes only the first slice (`head=True`: more than a
screenful) and the rest after its first frame, a slice at a time. Sources: "agenda"
(scope: the day, YYYY-MM-DD), "blocked", "backlog".
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import islice
from typing import Any

from cockpit.records import record
from cockpit.store.base import StoreBase


@record(slots=True)
class Snapshot:
    """What a source returned last time, and when."""

    items: list[dict[str, Any]]
    fetched_at: datetime
    count: int
    """How many items the snapshot has (more than `items` when only its head was read)."""

    @property
    def complete(self) -> bool:
        return len(self.items) >= self.count


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
DUMP_SLICE = 100
"""Items built and encoded per step. Each `json` call holds the GIL throughout, and so
does freeing a list of dicts; a slice at a time keeps every such step under a
millisecond, so the event loop gets the GIL back while a worker thread saves. The first
slice is also what start-up decodes before the first frame: more rows than a pane has
lines, and no more (each issue costs ~8 us to decode and build)."""


def _json_pieces(items: Iterable[dict[str, Any]]) -> tuple[list[bytes], int, list[int]]:
    """`items` as the UTF-8 pieces of one compact JSON array, how many there were, and
    the byte offset where each slice of DUMP_SLICE items ends in the array.

    `items` is consumed a slice at a time (a generator builds each slice's dicts only
    then, and they are freed before the next). The pieces are never joined: a
    50,000-issue backlog is ~18 MB, and each copy of that is one step that holds the
    GIL (5-50 ms, the most when the memory is fresh from the OS).
    """
    pieces = [b"["]
    count = 0
    ends: list[int] = []
    size = 1
    stream = iter(items)
    while chunk := list(islice(stream, DUMP_SLICE)):
        if count:
            pieces.append(b",")
            size += 1
        pieces.append(_encode(chunk)[1:-1].encode())
        size += len(pieces[-1])
        ends.append(size)
        count += len(chunk)
        del chunk  # freed here, a slice at a time, not 50,000 dicts at once at the end
    pieces.append(b"]")
    return pieces, count, ends


def _loads(data: bytes, ends: list[int] | None = None) -> list[dict[str, Any]]:
    """The items of a JSON array, a slice at a time when `ends` says where slices end
    (a worker thread decoding gives the GIL back between slices), with the cyclic GC
    paused: a big backlog is a million new objects, and collections triggered while
    they are built would nearly double the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if not ends:
            items: list[dict[str, Any]] = json.loads(data)
            return items
        items, start = [], 1
        for end in ends:
            items.extend(json.loads(b"[" + data[start:end] + b"]"))
            start = end + 1
        return items
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _one_read(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction (unless the connection is in one already)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


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
        pieces, count, ends = _json_pieces(items)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO snapshot (source, scope, fetched_at, count, items, slices)"
                " VALUES (?, ?, ?, ?, zeroblob(?), ?)"
                " ON CONFLICT (source, scope) DO UPDATE SET"
                " fetched_at = excluded.fetched_at, count = excluded.count,"
                " items = excluded.items, slices = excluded.slices",
                (
                    source,
                    scope,
                    fetched_at.isoformat(),
                    count,
                    sum(map(len, pieces)),
                    json.dumps(ends, separators=(",", ":")),
                ),
            )
            (rowid,) = conn.execute(
                "SELECT rowid FROM snapshot WHERE source = ? AND scope = ?", (source, scope)
            ).fetchone()
            with conn.blobopen("snapshot", "items", rowid) as blob:
                for piece in pieces:  # each write is short: the GIL is never held long
                    blob.write(piece)

    def load_snapshot(self, source: str, scope: str = "", *, head: bool = False) -> Snapshot | None:
        """The last snapshot saved for `source` (and `scope`), or None.

        With `head`, only its first slice of items is read and decoded (DUMP_SLICE,
        more than a screenful; all of them in rows written before slices were kept).
        """
        with self._read() as conn, _one_read(conn):  # the row and its blob, as of one moment
            row = conn.execute(
                "SELECT rowid, fetched_at, count, slices FROM snapshot"
                " WHERE source = ? AND scope = ?",
                (source, scope),
            ).fetchone()
            if row is None:
                return None
            ends = json.loads(row["slices"]) if row["slices"] else None
            size = ends[0] if head and ends else -1
            with conn.blobopen("snapshot", "items", row["rowid"], readonly=True) as blob:
                data = blob.read(size)
        fetched_at = datetime.fromisoformat(row["fetched_at"])
        items = _loads(data + b"]") if size >= 0 else _loads(data, ends)
        return Snapshot(items, fetched_at, row["count"])

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

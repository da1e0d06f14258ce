"""What the store's concern modules (cache, notes, outbox, site_meta) need: its transactions."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime


class StoreBase:
    """Declares the transaction helpers `cockpit.store.db.Store` provides."""

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover
        raise NotImplementedError


def to_utc_text(value: datetime) -> str:
    """A sortable UTC timestamp; naive datetimes are taken as local time."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None

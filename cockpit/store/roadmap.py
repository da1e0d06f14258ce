"""The roadmap's own data: tracked key-result numbers (with history) and the weekly
done/total of each release and epic, from which the burn-up chart is drawn."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from cockpit.store.base import StoreBase, from_text, to_utc_text

HISTORY = 200
"""Values of one key result read back (the newest)."""
WEEKS = 26
"""Weeks of burn-up read back."""


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


class RoadmapData(StoreBase):
    """Store mixin: key-result values and weekly burn-up rows."""

    def add_kr_value(self, title: str, value: float, at: datetime) -> None:
        """Keep a new current value of the tracked number `title`; committed on return."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO kr_value (title, value, at) VALUES (?, ?, ?)",
                (title, float(value), to_utc_text(at)),
            )

    def kr_history(self, title: str) -> list[tuple[datetime, float]]:
        """(when, value) of `title`, oldest first (the newest HISTORY)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT at, value FROM kr_value WHERE title = ? COLLATE NOCASE"
                " ORDER BY at DESC, id DESC LIMIT ?",
                (title, HISTORY),
            ).fetchall()
        out = []
        for row in reversed(rows):
            when = from_text(row["at"])
            assert when is not None
            out.append((when, float(row["value"])))
        return out

    def save_weeks(self, rows: Iterable[tuple[str, date, int, int]]) -> None:
        """(item, day, done, total): each replaces its item's row for that day's week."""
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO roadmap_week (item, week, done, total) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (item, week) DO UPDATE SET"
                " done = excluded.done, total = excluded.total",
                [(item, week_of(day).isoformat(), done, total) for item, day, done, total in rows],
            )

    def weeks(self, items: Sequence[str]) -> dict[str, list[tuple[date, int, int]]]:
        """item -> [(week, done, total)], oldest first (the last WEEKS weeks kept)."""
        out: dict[str, list[tuple[date, int, int]]] = {item: [] for item in items}
        if not items:
            return out
        marks = ",".join("?" * len(items))
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT item, week, done, total FROM roadmap_week WHERE item IN ({marks})"
                " ORDER BY item, week",
                list(items),
            ).fetchall()
        for row in rows:
            out[row["item"]].append(
                (date.fromisoformat(row["week"]), int(row["done"]), int(row["total"]))
            )
        return {item: points[-WEEKS:] for item, points in out.items()}

"""The local store on real SQLite files: durability settings, privacy, migrations, cache."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cockpit.models import Issue, issue_from_cache, issue_to_cache
from cockpit.store import cache
from cockpit.store.cache import DUMP_SLICE
from cockpit.store.db import DB_NAME, Store, StoreError

FETCHED = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_is_durable_and_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder)
    store.save_snapshot("blocked", [{"key": "PAY-1"}], FETCHED)
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert mode(folder) == 0o700
    files = [p for p in folder.iterdir() if p.name.startswith(DB_NAME)]
    assert {p.name for p in files} >= {DB_NAME, DB_NAME + "-wal"}
    assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    store.close()


def test_an_open_folder_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    Store.open(folder).close()
    assert mode(folder) == 0o700


def test_migrations_run_once_and_a_newer_schema_is_refused(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    version = store._conn.execute("PRAGMA user_version").fetchone()[0]
    store.save_snapshot("backlog", [{"key": "PAY-1"}], FETCHED)
    store.close()
    again = Store.open(tmp_path)  # no "table already exists"
    assert again.load_snapshot("backlog") is not None
    again.close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer cockpit"):
        Store.open(tmp_path)


def test_snapshots_round_trip_by_source_and_scope(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    assert store.load_snapshot("agenda", scope="2025-03-04") is None
    store.save_snapshot("agenda", [{"title": "Stand-up ☕"}], FETCHED, scope="2025-03-04")
    store.save_snapshot("agenda", [{"title": "Retro"}], FETCHED, scope="2025-03-05")
    later = FETCHED + timedelta(hours=1)
    store.save_snapshot("agenda", [{"title": "Planning"}], later, scope="2025-03-04")
    store.close()

    reopened = Store.open(tmp_path)
    snap = reopened.load_snapshot("agenda", scope="2025-03-04")
    assert snap is not None and snap.items == [{"title": "Planning"}] and snap.fetched_at == later
    other = reopened.load_snapshot("agenda", scope="2025-03-05")
    assert other is not None and other.items == [{"title": "Retro"}]
    assert reopened.load_snapshot("agenda") is None
    reopened.forget_snapshots("agenda")
    assert reopened.load_snapshot("agenda", scope="2025-03-05") is None
    reopened.close()


def big_backlog(n: int) -> list[dict[str, Any]]:
    return [
        issue_to_cache(
            Issue(
                key=f"PAY-{i}",
                summary=f"As a merchant I want payout report number {i} to export as CSV",
                status="To Do",
                url=f"https://acme.atlassian.net/browse/PAY-{i}",
                type="Story",
                priority="Medium",
                assignee="Dana Developer",
                points=3.0,
                status_category="new",
                epic="PAY-1",
                rank=f"0|i{i:06d}:",
                updated=FETCHED,
            )
        )
        for i in range(n)
    ]


def test_50000_issue_backlog_round_trips_through_a_reopened_store(tmp_path: Path) -> None:
    """Its speed is a benchmark figure (bench/), not a timed assertion here."""
    items = big_backlog(50_000)
    store = Store.open(tmp_path)
    store.save_snapshot("backlog", items, FETCHED)
    store.close()
    reopened = Store.open(tmp_path)
    snap = reopened.load_snapshot("backlog")
    assert snap is not None and len(snap.items) == 50_000
    assert issue_from_cache(snap.items[49_999]).key == "PAY-49999"
    assert snap.items == items
    reopened.close()


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(StoreError, match=DB_NAME):
        Store.open(tmp_path)


def test_snapshot_time_is_read_without_the_items(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    assert store.snapshot_time("backlog") is None
    store.save_snapshot("backlog", big_backlog(3), FETCHED)
    assert store.snapshot_time("backlog") == FETCHED
    store.close()


@pytest.mark.parametrize("n", [0, 1, DUMP_SLICE, DUMP_SLICE + 1, 3 * DUMP_SLICE])
def test_a_generator_of_items_is_saved_as_the_same_compact_json_and_count(
    tmp_path: Path, n: int
) -> None:
    items = big_backlog(n)
    store = Store.open(tmp_path)
    store.save_snapshot("backlog", (dict(item) for item in items), FETCHED)
    row = store._conn.execute("SELECT count, items, typeof(items) FROM snapshot").fetchone()
    assert row[0] == n
    assert row[1].decode() == json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    assert row[2] == "blob"
    snap = store.load_snapshot("backlog")
    assert snap is not None and snap.items == items
    store.close()


def test_items_are_built_a_slice_at_a_time_while_they_are_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A generator's dicts are made per slice, so they are freed per slice too."""
    built = 0
    built_at_each_encode: list[int] = []
    encode = cache._encode

    def counting_encode(chunk: list[dict[str, Any]]) -> str:
        built_at_each_encode.append(built)
        return encode(chunk)

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal built
        for item in big_backlog(2 * DUMP_SLICE + 7):
            built += 1
            yield item

    monkeypatch.setattr(cache, "_encode", counting_encode)
    store = Store.open(tmp_path)
    store.save_snapshot("backlog", rows(), FETCHED)
    assert built_at_each_encode == [DUMP_SLICE, 2 * DUMP_SLICE, 2 * DUMP_SLICE + 7]
    snap = store.load_snapshot("backlog")
    assert snap is not None and len(snap.items) == 2 * DUMP_SLICE + 7
    store.close()


def test_reads_do_not_wait_for_a_write_in_another_thread(tmp_path: Path) -> None:
    """The event loop reads (status line, cached day) while a worker thread writes."""
    import threading

    store = Store.open(tmp_path)
    store.enqueue_priority("PAY-1", "High")
    inside, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with store._write() as conn:
            conn.execute("DELETE FROM outbox")
            inside.set()
            release.wait(10)

    writer = threading.Thread(target=long_write)
    writer.start()
    try:
        assert inside.wait(10)
        found: list[int] = []
        reader = threading.Thread(target=lambda: found.append(store.pending_count()))
        reader.start()
        reader.join(5)
        assert found == [1], "the read waited for the open write (or saw it uncommitted)"
    finally:
        release.set()
        writer.join(10)
    assert store.pending_count() == 0  # committed: the reader sees it now
    store.close()


def test_snapshots_written_by_schema_1_load_after_the_upgrade(tmp_path: Path) -> None:
    from cockpit.store.schema import MIGRATIONS

    old = sqlite3.connect(tmp_path / DB_NAME)
    old.executescript(f"BEGIN;\n{MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")
    old.execute(
        "INSERT INTO snapshot (source, scope, fetched_at, count, items) VALUES (?, ?, ?, ?, ?)",
        ("backlog", "", FETCHED.isoformat(), 1, '[{"key":"PAY-1","summary":"Ünïcode"}]'),
    )
    old.commit()
    old.close()
    store = Store.open(tmp_path)
    snap = store.load_snapshot("backlog")
    assert snap is not None and snap.items == [{"key": "PAY-1", "summary": "Ünïcode"}]
    store.save_snapshot("backlog", [{"key": "PAY-2"}], FETCHED)  # and it is replaced in place
    assert store.load_snapshot("backlog").items == [{"key": "PAY-2"}]  # type: ignore[union-attr]
    store.close()

"""Open the local SQLite database: durable settings, private files, schema migrations.

One file, `cockpit.sqlite3`, in the data folder the caller passes (platformdirs' data
folder, or a temporary one for the demo). WAL with `synchronous=FULL`: a commit is on
disk before it returns, so a note the UI called "saved" survives SIGKILL and power loss.
The folder is 0700 and the files 0600: notes are private.

`Store` is the one object the rest of the app holds; its methods come from the concern
modules (`cache`, `notes`, `outbox`), which share its connection.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cockpit.store.cache import SnapshotCache
from cockpit.store.notes import NotesJournal
from cockpit.store.outbox import OutboxQueue
from cockpit.store.schema import MIGRATIONS

DB_NAME = "cockpit.sqlite3"
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database cannot be used (e.g. written by a newer cockpit)."""


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and (path.stat().st_mode & 0o777) != 0o700:
        path.chmod(0o700)


def _private_files(db_path: Path) -> None:
    """0600 on the database and its WAL/shared-memory companions."""
    if os.name != "posix":
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        file = db_path.with_name(db_path.name + suffix)
        try:
            if (file.stat().st_mode & 0o777) != 0o600:
                file.chmod(0o600)
        except FileNotFoundError:
            pass


def connect(db_path: Path) -> sqlite3.Connection:
    """A connection with the durability and integrity settings every user needs."""
    # Create the file 0600 before SQLite does (it would use the umask, often 0644);
    # SQLite gives the -wal and -shm files the database file's permissions.
    fd = os.open(db_path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    conn = sqlite3.connect(
        db_path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network file system
        raise StoreError(f"{db_path}: SQLite could not use WAL mode (got {mode}).")
    conn.execute("PRAGMA synchronous = FULL")
    # A 50,000-issue snapshot is ~20 MB of WAL; give the space back after checkpoints.
    conn.execute(f"PRAGMA journal_size_limit = {32 * 1024 * 1024}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(conn: sqlite3.Connection, db_path: Path | str = "") -> int:
    """Bring the schema to the newest version (`PRAGMA user_version`); return it."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{db_path}: the database is from a newer cockpit (schema {version}, "
            f"this one knows {len(MIGRATIONS)}); upgrade cockpit."
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        # executescript commits first; run each step in its own transaction.
        conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    return len(MIGRATIONS)


class Store(SnapshotCache, NotesJournal, OutboxQueue):
    """The local database: snapshot cache, notes journal and drafts, outbox of Jira writes.

    Every write method commits before it returns. Safe to share between the event
    loop and worker threads: writes share one connection under one lock; reads use a
    second connection under their own lock, so the event loop reading (the status
    line's count, a cached day) never waits behind a worker thread writing a
    50,000-issue snapshot. WAL lets the reader see every committed write.
    """

    def __init__(
        self, conn: sqlite3.Connection, path: Path, reader: sqlite3.Connection | None = None
    ) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._reader = reader or conn
        self._read_lock = threading.RLock() if reader is not None else self._lock
        self.path = path

    @classmethod
    def open(cls, data_dir: Path | str) -> Store:
        """Open (creating and migrating as needed) the database in `data_dir`."""
        folder = Path(data_dir).expanduser()
        _private_dir(folder)
        db_path = folder / DB_NAME
        try:
            conn = connect(db_path)
            migrate(conn, db_path)
            reader = connect(db_path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{db_path}: cannot open the local database ({exc}).") from exc
        _private_files(db_path)
        return cls(conn, db_path, reader)

    def close(self) -> None:
        with self._lock, self._read_lock:
            self._conn.close()
            self._reader.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction, committed (and fsynced) when the block ends."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._read_lock:
            yield self._reader

"""Open the local SQLite database: durable settings, private files, schema migrations.

One file, `cockpit.sqlite3`, in the data folder the caller passes (platformdirs' data
folder, or a temporary one for the demo). WAL with `synchronous=FULL`: a commit is on
disk before it returns, so a note the UI called "saved" survives SIGKILL and power loss.
The folder is 0700 and the files 0600: notes are private.

Safe across processes (a `cockpit notes list` beside the open app, several first
starts at once): the process never opens a descriptor of its own on a database file
SQLite has open (closing it would drop SQLite's POSIX locks, and another process
would then checkpoint and delete the WAL under our feet), and each migration step
reads the schema version inside its own IMMEDIATE transaction.

Failures are `StoreError`s that name the file and say what to do: a damaged file
(`StoreDamaged`, left untouched; `cockpit notes rescue` exports what can be read), a
full disk or a read-only folder (`StoreWriteFailed`; the caller keeps what it was
writing).

`Store` is the one object the rest of the app holds; its methods come from the concern
modules (`cache`, `notes`, `outbox`, `site_meta`), which share its connection.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cockpit.store.cache import SnapshotCache
from cockpit.store.note_edits import NoteEdits
from cockpit.store.notes import NotesJournal
from cockpit.store.outbox import OutboxQueue
from cockpit.store.reminders import ReminderLog
from cockpit.store.roadmap import RoadmapData
from cockpit.store.schema import MIGRATIONS
from cockpit.store.site_meta import SiteMeta

DB_NAME = "cockpit.sqlite3"
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database cannot be used (e.g. written by a newer cockpit)."""


class StoreDamaged(StoreError):
    """The database file is damaged; it is left as it is for `cockpit notes rescue`."""


class StoreWriteFailed(StoreError):
    """A write did not reach the disk (full, read-only); nothing of it was kept."""


RESCUE_HINT = (
    "It was left untouched. Run `cockpit notes rescue` to save the notes that can "
    "still be read and start a fresh store (the damaged file is moved aside)."
)


def explain(exc: sqlite3.Error | OSError, db_path: Path) -> StoreError:
    """One sentence for the user that names the file and says what to do."""
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, sqlite3.DatabaseError) and any(
        sign in lowered for sign in ("malformed", "not a database", "corrupt")
    ):
        return StoreDamaged(f"{db_path}: the local database is damaged ({text}). {RESCUE_HINT}")
    if "full" in lowered or getattr(exc, "errno", None) == errno.ENOSPC:
        return StoreWriteFailed(
            f"{db_path}: the disk is full; nothing was written. Free some space and try again."
        )
    if "readonly" in lowered or "read-only" in lowered or isinstance(exc, PermissionError):
        return StoreWriteFailed(
            f"{db_path}: the data folder cannot be written ({text}). Make it writable "
            f"(chmod u+w {db_path.parent}) or point COCKPIT_DATA_DIR at another folder."
        )
    if "unable to open" in lowered:
        return StoreWriteFailed(
            f"{db_path}: cannot open the local database ({text}); check that "
            f"{db_path.parent} exists and is writable, or set COCKPIT_DATA_DIR."
        )
    return StoreError(f"{db_path}: the local database failed ({text}).")


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


def _create_private(db_path: Path) -> None:
    """Create a new database file 0600 before SQLite does (it would use the umask,
    often 0644); SQLite gives the -wal and -shm files the database file's mode.

    Only a file that does not exist yet is opened here: while the process has the
    database open, a descriptor of ours closing would drop SQLite's locks on it.
    """
    if db_path.exists():
        return
    try:
        fd = os.open(db_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another cockpit created it a moment ago
        return
    os.close(fd)


def connect(db_path: Path) -> sqlite3.Connection:
    """A connection with the durability and integrity settings every user needs."""
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


def statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration script, one at a time (triggers whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {pending.strip()[:60]}")


def migrate(conn: sqlite3.Connection, db_path: Path | str = "") -> int:
    """Bring the schema to the newest version (`PRAGMA user_version`); return it.

    Each step reads the version inside its own IMMEDIATE transaction, so cockpits
    starting together on a new folder run each step once, whoever comes first.
    """
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version: int = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"{db_path}: the database is from a newer cockpit (schema {version}, "
                    f"this one knows {len(MIGRATIONS)}); upgrade cockpit."
                )
            if version == len(MIGRATIONS):
                conn.execute("COMMIT")
                return version
            for statement in statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class Store(
    SnapshotCache, NotesJournal, NoteEdits, OutboxQueue, SiteMeta, RoadmapData, ReminderLog
):
    """The local database: snapshot cache, notes journal and drafts, outbox of Jira writes,
    what each remote site told us about itself, and the reminders already announced.

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
        db_path = folder / DB_NAME
        conn = reader = None
        try:
            _private_dir(folder)
            _create_private(db_path)
            conn = connect(db_path)
            migrate(conn, db_path)
            reader = connect(db_path)
            _private_files(db_path)
        except (sqlite3.Error, OSError) as exc:
            for opened in (conn, reader):
                if opened is not None:
                    opened.close()
            raise explain(exc, db_path) from exc
        return cls(conn, db_path, reader)

    def close(self) -> None:
        """Close both connections (the last one out checkpoints the WAL); idempotent."""
        with self._lock, self._read_lock:
            self._conn.close()
            self._reader.close()

    def check(self) -> str | None:
        """None when SQLite's quick integrity check passes, else what it found."""
        try:
            with self._read() as conn:
                rows = conn.execute("PRAGMA quick_check").fetchall()
        except StoreDamaged as exc:
            return str(exc.__cause__ or exc)
        found = [str(row[0]) for row in rows]
        return None if found == ["ok"] else "; ".join(found[:3])

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction, committed (and fsynced) when the block ends.

        SQLite's failures leave as `StoreError`s that name the file: a full disk is
        a `StoreWriteFailed`, after which nothing of the transaction is kept.
        """
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:  # a failed COMMIT (SQLITE_FULL) keeps it open
                    conn.execute("ROLLBACK")
                raise explain(exc, self.path) from exc

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._read_lock:
            try:
                yield self._reader
            except sqlite3.Error as exc:
                raise explain(exc, self.path) from exc

"""`cockpit notes rescue`: keep what a damaged database still holds, then start afresh.

The damaged file is only read (SQLite's read-only mode), note by note where a whole
read fails, so one bad page costs the notes on it and no others. What was read is
written as Markdown beside the file and put into a fresh store; the damaged file and
its WAL are moved aside under a dated name, never deleted. Waiting Jira changes of
the damaged file are not sent again: the rescued notes come back without them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from cockpit.models import Note
from cockpit.records import record
from cockpit.store.db import DB_NAME, Store, StoreDamaged
from cockpit.store.notes import NOTE_COLUMNS, note_from_row

MAX_IDS_PROBED = 1_000_000
"""Past this many note ids, a note-by-note read gives up (a damaged id counter)."""


@record
class Rescue:
    """What `rescue()` did, for the one-paragraph report."""

    notes: list[Note]
    unreadable: int
    moved_to: Path
    markdown: Path


def _read_notes(conn: sqlite3.Connection) -> tuple[list[Note], int]:
    """Every note that can be read, and how many ids could not be."""
    query = f"SELECT {NOTE_COLUMNS} FROM note"
    try:
        return [note_from_row(row) for row in conn.execute(query + " ORDER BY note.id")], 0
    except sqlite3.DatabaseError:
        pass
    try:
        (top,) = conn.execute("SELECT max(id) FROM note").fetchone()
    except sqlite3.DatabaseError:
        top = MAX_IDS_PROBED
    notes, unreadable = [], 0
    for note_id in range(1, min(int(top or 0), MAX_IDS_PROBED) + 1):
        try:
            row = conn.execute(query + " WHERE note.id = ?", (note_id,)).fetchone()
        except sqlite3.DatabaseError:
            unreadable += 1
            continue
        if row is not None:
            notes.append(note_from_row(row))
    return notes, unreadable


def damage_of(folder: Path) -> str | None:
    """What is wrong with `folder`'s database (None if SQLite's check passes); a
    `StoreError` when it cannot even be opened for another reason (permissions)."""
    try:
        store = Store.open(folder)
    except StoreDamaged as exc:
        return str(exc)
    try:
        return store.check()
    finally:
        store.close()


def read_damaged(db_path: Path) -> tuple[list[Note], int]:
    """The readable notes of a damaged file, opened read-only."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return _read_notes(conn)
    except sqlite3.DatabaseError:  # not even the schema can be read
        return [], 0
    finally:
        conn.close()


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def move_aside(db_path: Path, stamp: str) -> Path:
    """Rename the file and its WAL/shared-memory companions together; the new path."""
    target = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm", "-journal", ""):
        source = db_path.with_name(db_path.name + suffix)
        if source.exists():
            source.rename(target.with_name(target.name + suffix))
    return target


def rescue(folder: Path, now: datetime, render: Callable[[Sequence[Note]], str]) -> Rescue:
    """Save the readable notes of `folder`'s damaged database into a fresh one, and
    as text (`render` makes the Markdown) in a private file beside it."""
    db_path = folder / DB_NAME
    notes, unreadable = read_damaged(db_path)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    markdown = folder / f"notes-rescued-{stamp}.md"
    with open(markdown, "x", encoding="utf-8", opener=_private_opener) as out:
        out.write(render(notes))
    moved_to = move_aside(db_path, stamp)
    store = Store.open(folder)
    try:
        for note in notes:  # no Jira comment again: the damaged file may have sent it
            store.add_note(replace(note, id=None, post_to_jira=False))
    finally:
        store.close()
    return Rescue(notes, unreadable, moved_to, markdown)

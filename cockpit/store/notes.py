"""The notes journal and its drafts: nothing the user typed is ever lost.

`add_note` commits (fsync, WAL, synchronous=FULL) before it returns, so the UI may say
"saved". Drafts are upserted about once a second while the user types and come back
after a crash. Search uses an FTS5 index kept in sync by triggers; user input is turned
into quoted phrases, so no query can be an FTS syntax error.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import field, replace
from datetime import UTC, date, datetime
from typing import Any

from cockpit.models import Note
from cockpit.records import record
from cockpit.store.base import StoreBase, from_text, to_utc_text
from cockpit.store.outbox import insert_comment_job


@record(slots=True)
class Draft:
    """Text typed but not saved yet, with what it is about (the app's context)."""

    context_key: str
    text: str
    context: dict[str, Any] = field(default_factory=dict)
    updated: datetime | None = None


_WORD = re.compile(r"\w+")


def fts_query(text: str) -> str | None:
    """User text -> an FTS5 query: each word group a quoted prefix phrase, all required.

    `PAY-12 glob` -> `"PAY 12"* "glob"*`. Operators, quotes, parentheses and stars in
    the input are only separators, so the result is always valid. None if no words.
    """
    phrases = []
    for term in text.split():
        tokens = _WORD.findall(term)
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"*')
    return " ".join(phrases) or None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.astimezone()


def note_from_row(row: sqlite3.Row) -> Note:
    created = from_text(row["created"])
    assert created is not None
    return Note(
        id=row["id"],
        created=created,
        text=row["text"],
        issue_key=row["issue_key"],
        meeting_uid=row["meeting_uid"],
        meeting_title=row["meeting_title"],
        meeting_start=from_text(row["meeting_start"]),
        customer=row["customer"],
        post_to_jira=bool(row["post_to_jira"]),
        kind=row["kind"],
        story_key=row["story_key"],
    )


NOTE_COLUMNS = (
    "note.id, note.created, note.text, note.issue_key, note.meeting_uid, "
    "note.meeting_title, note.meeting_start, note.customer, note.post_to_jira, note.kind, "
    "note.story_key"
)
LIVE = "note.deleted_at IS NULL"
"""Deleted notes are kept (to restore) but left out of lists and searches."""


def _filters(
    day: date | None, customer: str | None, issue_key: str | None, since: date | None
) -> tuple[list[str], list[Any]]:
    where: list[str] = [LIVE]
    params: list[Any] = []
    if day is not None:
        where.append("note.day = ?")
        params.append(day.isoformat())
    if since is not None:
        where.append("note.day >= ?")
        params.append(since.isoformat())
    if customer is not None:
        where.append("note.customer = ? COLLATE NOCASE")
        params.append(customer)
    if issue_key is not None:
        where.append("note.issue_key = ? COLLATE NOCASE")
        params.append(issue_key)
    return where, params


class NotesJournal(StoreBase):
    """Store mixin: notes, full-text search and drafts."""

    def add_note(
        self, note: Note, *, draft_key: str | None = None, site: str | None = None
    ) -> Note:
        """Save `note` (committed on return) and give it back with its id.

        In the same transaction: the draft `draft_key` is discarded, and a note with
        `post_to_jira` and an `issue_key` gets its comment job in the outbox (once),
        for the Jira site `site` (None: the first).
        """
        created = _aware(note.created)
        meeting_start = _aware(note.meeting_start) if note.meeting_start else None
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO note (created, created_utc, day, text, issue_key, meeting_uid,"
                " meeting_title, meeting_start, customer, post_to_jira, kind)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    created.isoformat(),
                    to_utc_text(created),
                    created.date().isoformat(),
                    note.text,
                    note.issue_key,
                    note.meeting_uid,
                    note.meeting_title,
                    meeting_start.isoformat() if meeting_start else None,
                    note.customer,
                    int(note.post_to_jira),
                    note.kind,
                ),
            )
            note_id = cursor.lastrowid
            assert note_id is not None
            if note.post_to_jira and note.issue_key:
                insert_comment_job(conn, note.issue_key, note.text, note_id, site)
            if draft_key is not None:
                conn.execute("DELETE FROM draft WHERE context_key = ?", (draft_key,))
        return replace(note, id=note_id, created=created, meeting_start=meeting_start)

    def get_note(self, note_id: int) -> Note | None:
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {NOTE_COLUMNS} FROM note WHERE id = ?", (note_id,)
            ).fetchone()
        return note_from_row(row) if row else None

    def list_notes(
        self,
        day: date | None = None,
        customer: str | None = None,
        issue_key: str | None = None,
        since: date | None = None,
    ) -> list[Note]:
        """Notes matching every filter given (customer and key ignore case), oldest first."""
        where, params = _filters(day, customer, issue_key, since)
        sql = f"SELECT {NOTE_COLUMNS} FROM note"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as conn:
            found = conn.execute(sql + " ORDER BY note.created_utc, note.id", params).fetchall()
        return [note_from_row(row) for row in found]

    def search(
        self,
        query: str,
        *,
        day: date | None = None,
        customer: str | None = None,
        issue_key: str | None = None,
        since: date | None = None,
        limit: int | None = None,
    ) -> list[Note]:
        """Notes whose text, issue key, meeting title or customer contain every word of
        `query` (as word prefixes, ignoring case and accents), newest first."""
        match = fts_query(query)
        if match is None:
            return []
        where, params = _filters(day, customer, issue_key, since)
        sql = (
            f"SELECT {NOTE_COLUMNS} FROM note_fts JOIN note ON note.id = note_fts.rowid"
            " WHERE note_fts MATCH ?"
        )
        if where:
            sql += " AND " + " AND ".join(where)
        sql += " ORDER BY note.created_utc DESC, note.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._read() as conn:
            found = conn.execute(sql, [match, *params]).fetchall()
        return [note_from_row(row) for row in found]

    def last_note_for_customer(self, customer: str) -> Note | None:
        """The newest note about `customer` (case ignored), for the Customer calls pane."""
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {NOTE_COLUMNS} FROM note WHERE customer = ? COLLATE NOCASE AND {LIVE}"
                " ORDER BY created_utc DESC, id DESC LIMIT 1",
                (customer,),
            ).fetchone()
        return note_from_row(row) if row else None

    # --- drafts -------------------------------------------------------------

    def save_draft(self, context_key: str, text: str, context: dict[str, Any]) -> None:
        """Keep what the user is typing (committed on return); empty text drops it."""
        if not text.strip():
            self.discard_draft(context_key)
            return
        now = datetime.now(UTC).isoformat()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO draft (context_key, text, context, updated) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (context_key) DO UPDATE SET"
                " text = excluded.text, context = excluded.context, updated = excluded.updated",
                (context_key, text, json.dumps(context, default=str), now),
            )

    def load_drafts(self) -> list[Draft]:
        """Every unsaved draft, oldest first (offer them again after a crash)."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT context_key, text, context, updated FROM draft ORDER BY updated"
            ).fetchall()
        return [
            Draft(
                context_key=row["context_key"],
                text=row["text"],
                context=json.loads(row["context"]),
                updated=from_text(row["updated"]),
            )
            for row in found
        ]

    def discard_draft(self, context_key: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM draft WHERE context_key = ?", (context_key,))

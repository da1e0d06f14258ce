"""Editing and deleting notes, with their history: nothing is lost by a slip.

An edit keeps the text before it as a revision; a delete only marks the note
(lists and searches leave it out) and keeps a revision too, so `restore_note`
brings it back. A note made into a Jira story keeps the story's key.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cockpit.models import Note
from cockpit.records import record
from cockpit.store.base import StoreBase, from_text, to_utc_text
from cockpit.store.notes import NOTE_COLUMNS, note_from_row


@record(slots=True)
class Revision:
    """One change to a note: what it did and the text before it."""

    action: str
    text: str
    changed: datetime | None


class NoteEdits(StoreBase):
    """Store mixin: edit, delete, restore, history, story keys."""

    def _revise(self, note_id: int, action: str, set_sql: str, *args: object) -> bool:
        now = to_utc_text(datetime.now(UTC))
        with self._write() as conn:
            row = conn.execute("SELECT text FROM note WHERE id = ?", (note_id,)).fetchone()
            if row is None:
                return False
            conn.execute(
                "INSERT INTO note_revision (note_id, action, text, changed) VALUES (?, ?, ?, ?)",
                (note_id, action, row["text"], now),
            )
            conn.execute(f"UPDATE note SET {set_sql} WHERE id = ?", (*args, note_id))
        return True

    def edit_note(self, note_id: int, text: str) -> bool:
        """Replace the note's text, keeping the old text in its history."""
        return self._revise(note_id, "edit", "text = ?", text)

    def delete_note(self, note_id: int) -> bool:
        """Mark the note deleted (kept, restorable); False if there is no such note."""
        now = to_utc_text(datetime.now(UTC))
        return self._revise(note_id, "delete", "deleted_at = ?", now)

    def restore_note(self, note_id: int) -> bool:
        """Bring a deleted note back."""
        return self._revise(note_id, "restore", "deleted_at = NULL")

    def deleted_notes(self) -> list[Note]:
        """Deleted notes, most recently deleted first."""
        with self._read() as conn:
            found = conn.execute(
                f"SELECT {NOTE_COLUMNS} FROM note WHERE note.deleted_at IS NOT NULL"
                " ORDER BY note.deleted_at DESC, note.id DESC"
            ).fetchall()
        return [note_from_row(row) for row in found]

    def note_history(self, note_id: int) -> list[Revision]:
        """Every change to the note, oldest first."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT action, text, changed FROM note_revision WHERE note_id = ? ORDER BY id",
                (note_id,),
            ).fetchall()
        return [Revision(r["action"], r["text"], from_text(r["changed"])) for r in found]

    def set_story_key(self, note_id: int, key: str) -> None:
        """The Jira issue made from the note."""
        with self._write() as conn:
            conn.execute("UPDATE note SET story_key = ? WHERE id = ?", (key, note_id))

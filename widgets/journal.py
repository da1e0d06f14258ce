"""The notes journal screen: notes by day, newest first, with full-text search.

The screen is handed notes (`show_notes`) and posts `SearchChanged` when the user
types; the app runs the search against the store and hands the result back.
`up`/`down` pick a note; with the notes focused (`tab`), `e` edits it, `d` deletes
it, `s` makes a Jira story from it, `D` shows the deleted notes and `R` restores
one: each posts `NoteAction` for the app to carry out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from cockpit.models import Note
from cockpit.textsafe import plain
from cockpit.widgets.key_bar import KeyBar


def note_context(note: Note) -> str:
    """What a note is about, in a few words."""
    parts = []
    if note.kind:
        parts.append(note.kind)
    if note.issue_key:
        parts.append(note.issue_key)
    if note.customer:
        parts.append(note.customer)
    if note.meeting_title:
        when = note.meeting_start.strftime(" %H:%M") if note.meeting_start else ""
        parts.append(f"{note.meeting_title}{when}")
    return " · ".join(parts) or "free note"


def in_order(notes: Sequence[Note]) -> list[Note]:
    """Notes as the journal lists them: newest first."""
    return sorted(notes, key=lambda n: n.created, reverse=True)


def journal_text(notes: Sequence[Note], query: str = "", *, selected: int | None = None) -> Text:
    """Notes grouped by day (newest first), each with its time and context; with no
    notes, says whether none match `query` or none were written yet. The note with
    id `selected` is marked."""
    text = Text()
    current_day = None
    for note in in_order(notes):
        day = note.created.date()
        if day != current_day:
            if current_day is not None:
                text.append("\n")
            text.append(day.strftime("%A %d %B %Y") + "\n", style="bold underline")
            current_day = day
        mark = note.id is not None and note.id == selected
        text.append(("▸ " if mark else "  ") + note.created.strftime("%H:%M  "), style="bold")
        text.append(plain(note_context(note)), style="italic reverse" if mark else "italic")
        if note.post_to_jira:
            text.append("  (also a Jira comment)", style="dim")
        if note.story_key:
            text.append(f"  → story {plain(note.story_key)}", style="bold")
        text.append("\n")
        for line in plain(note.text, keep_newlines=True).splitlines() or [""]:
            text.append(f"         {line}\n")
    if not notes and query.strip():
        text.append(f"No notes match {plain(query.strip())!r}.", style="dim")
    elif not notes:
        text.append("No notes yet. Press n on any item to write one.", style="dim")
    return text


class NotesBody(VerticalScroll, can_focus=True):
    """The notes; focused with tab (a click leaves the focus in the search box)."""

    def focus_on_click(self) -> bool:
        return False


NOTE_KEYS = frozenset("edsRD/")
"""Characters that act on notes when the notes have the focus (not typed into the search)."""


class JournalScreen(Screen[None]):
    """All notes by day; `/` or typing in the box searches them."""

    CSS_PATH = "journal.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="close_journal"),
        Binding("slash", "search", "Search", id="search_notes"),
        Binding("e", "act('edit')", "Edit", id="edit_note"),
        Binding("d", "act('delete')", "Delete", id="delete_note"),
        Binding("s", "act('story')", "Make a story", id="story_from_note"),
        Binding("R", "act('restore')", "Restore", id="restore_note"),
        Binding("D", "toggle_deleted", "Deleted notes", id="deleted_notes"),
        Binding("up", "step(-1)", "Previous note", show=False),
        Binding("down", "step(1)", "Next note", show=False),
    ]

    @dataclass
    class SearchChanged(Message):
        """The search text changed; empty means every note (`deleted`: the deleted ones)."""

        query: str
        deleted: bool = False

    @dataclass
    class NoteAction(Message):
        """The user wants to `edit`, `delete`, `restore` or make a `story` of `note`."""

        action: str
        note: Note

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[Note] = []
        self.query_text = ""
        self.deleted = False
        """The deleted notes are shown (to restore one)."""
        self.selected: int | None = None
        """The id of the note the keys act on."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search notes (full text)", id="journal-search")
        with NotesBody(id="journal-body"):
            yield Static(id="journal-notes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#journal-body").border_title = "Notes journal"
        self.query_one("#journal-search").focus()

    def show_notes(self, notes: Sequence[Note], query: str = "", *, deleted: bool = False) -> None:
        self.notes = in_order(notes)
        self.query_text, self.deleted = query, deleted
        ids = [n.id for n in self.notes]
        if self.selected not in ids:
            self.selected = ids[0] if ids else None
        body = self.query_one("#journal-body")
        body.border_title = "Deleted notes (R restores, D back)" if deleted else "Notes journal"
        body.border_subtitle = f"{len(notes)} note{'s' if len(notes) != 1 else ''}" + (
            f" matching {query!r}" if query else ""
        )
        self._paint()
        self.refresh_bindings()

    def _paint(self) -> None:
        text = journal_text(self.notes, self.query_text, selected=self.selected)
        if self.deleted and not self.notes:
            text = Text("No deleted notes.", style="dim")
        self.query_one("#journal-notes", Static).update(text)

    @property
    def selected_note(self) -> Note | None:
        return next((n for n in self.notes if n.id == self.selected), None)

    def action_step(self, delta: int) -> None:
        ids = [n.id for n in self.notes]
        if not ids:
            return
        at = ids.index(self.selected) if self.selected in ids else 0
        self.selected = ids[max(0, min(len(ids) - 1, at + delta))]
        self._paint()

    def action_act(self, action: str) -> None:
        if (note := self.selected_note) is not None:
            self.post_message(self.NoteAction(action, note))

    def action_toggle_deleted(self) -> None:
        self.deleted = not self.deleted
        self.selected = None
        self.post_message(self.SearchChanged(self.query_text, self.deleted))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "act":
            if self.selected_note is None:
                return None
            restoring = parameters and parameters[0] == "restore"
            return None if bool(restoring) != self.deleted else True
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        self.post_message(self.SearchChanged(event.value, self.deleted))

    def on_key(self, event: events.Key) -> None:
        """Typing with the notes focused goes on with the search (the note keys aside)."""
        search = self.query_one("#journal-search", Input)
        if search.has_focus or not event.is_printable or not event.character:
            return
        if event.character in NOTE_KEYS:
            return
        search.focus()
        search.insert_text_at_cursor(event.character)
        event.stop()

    def action_search(self) -> None:
        self.query_one("#journal-search").focus()

    def action_close(self) -> None:
        self.dismiss(None)

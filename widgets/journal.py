"""The notes journal screen: notes by day, newest first, with full-text search.

The screen is handed notes (`show_notes`) and posts `SearchChanged` when the user
types; the app runs the search against the store and hands the result back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
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


def journal_text(notes: Sequence[Note], query: str = "") -> Text:
    """Notes grouped by day (newest first), each with its time and context; with no
    notes, says whether none match `query` or none were written yet."""
    text = Text()
    current_day = None
    for note in sorted(notes, key=lambda n: n.created, reverse=True):
        day = note.created.date()
        if day != current_day:
            if current_day is not None:
                text.append("\n")
            text.append(day.strftime("%A %d %B %Y") + "\n", style="bold underline")
            current_day = day
        text.append(note.created.strftime("  %H:%M  "), style="bold")
        text.append(plain(note_context(note)), style="italic")
        if note.post_to_jira:
            text.append("  (also a Jira comment)", style="dim")
        text.append("\n")
        for line in plain(note.text, keep_newlines=True).splitlines() or [""]:
            text.append(f"         {line}\n")
    if not notes and query.strip():
        text.append(f"No notes match {plain(query.strip())!r}.", style="dim")
    elif not notes:
        text.append("No notes yet. Press n on any item to write one.", style="dim")
    return text


class JournalScreen(Screen[None]):
    """All notes by day; `/` or typing in the box searches them."""

    CSS_PATH = "journal.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="close_journal"),
        Binding("slash", "search", "Search", id="search_notes"),
    ]

    @dataclass
    class SearchChanged(Message):
        """The search text changed; empty means every note."""

        query: str

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search notes (full text)", id="journal-search")
        with Vertical(id="journal-body"):
            yield Static(id="journal-notes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#journal-body").border_title = "Notes journal"
        self.query_one("#journal-search").focus()

    def show_notes(self, notes: Sequence[Note], query: str = "") -> None:
        body = self.query_one("#journal-body")
        body.border_subtitle = f"{len(notes)} note{'s' if len(notes) != 1 else ''}" + (
            f" matching {query!r}" if query else ""
        )
        self.query_one("#journal-notes", Static).update(journal_text(notes, query))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.post_message(self.SearchChanged(event.value))

    def action_search(self) -> None:
        self.query_one("#journal-search").focus()

    def action_close(self) -> None:
        self.dismiss(None)

"""Notes into stories, and the journal's edit, delete and restore.

`make(note)` asks the story dialog (project, type, summary from the first line,
where in the backlog) and queues a create job for the outbox; when Jira has made
the issue, the key is on the note (the sender keeps it) and the journal shows it.
Edits and deletions go through the store, which keeps each note's history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cockpit.domain.story import default_project, draft_from_note, first_line, job_fields, placement
from cockpit.models import Note
from cockpit.store.db import StoreError
from cockpit.tui.note_desk import store_failed
from cockpit.widgets.backlog import BacklogPane

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp
    from cockpit.widgets.note_editor import NoteDraft
    from cockpit.widgets.story_dialog import StoryChoice


class StoryDesk:
    """Stories from notes; the journal's note actions."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace

    # --- note to story ------------------------------------------------------------

    def make(self, note: Note) -> None:
        """Ask what the story should be, then queue it."""
        if not self.workspace.has_jira:
            self.app.notify("No Jira site is configured.", severity="warning")
            return
        if note.story_key:
            self.app.notify(f"This note is already {note.story_key}.", severity="warning")
            return
        from cockpit.widgets.story_dialog import StoryDialog  # lazy: a modal

        backlog = self.app.query_one("#backlog", BacklogPane)
        selected = backlog.selected_issue.key if backlog.selected_issue else None
        project = default_project(note, self.workspace.projects)
        if not project and selected:
            project = selected.rsplit("-", 1)[0]
        label = f"From: {first_line(note.text)}"
        dialog = StoryDialog(label, project, first_line(note.text), selected=selected)
        self.app.push_screen(dialog, lambda choice: self._queue(note, choice, selected))

    def _queue(self, note: Note, choice: StoryChoice | None, selected: str | None) -> None:
        if choice is None or note.id is None:
            return
        backlog = self.app.query_one("#backlog", BacklogPane)
        order = [i.key for i in backlog.order[:1]]
        where = placement(choice.place, order, selected)  # type: ignore[arg-type]
        draft = draft_from_note(
            note, choice.project, summary=choice.summary, issue_type=choice.type
        )
        try:
            self.workspace.store.enqueue_create(
                choice.project,
                job_fields(draft, **where),
                note.id,
                site=self.workspace.backlog_site,  # placed in the Backlog pane's board
            )
        except StoreError as exc:
            store_failed(self.app, exc, "No story was queued; try again.")
            return
        self.app.notify(f"Story queued: {draft.summary}", timeout=4, markup=False)
        self.app.writes.after_write()

    # --- the journal --------------------------------------------------------------

    def journal_action(self, action: str, note: Note) -> None:
        if action == "story":
            self.make(note)
        elif action == "edit":
            self._edit(note)
        elif action in ("delete", "restore"):
            store = self.workspace.store
            try:
                (store.delete_note if action == "delete" else store.restore_note)(note.id or 0)
            except StoreError as exc:
                store_failed(self.app, exc, "The note is unchanged.")
                return
            said = (
                "Note deleted (D shows deleted notes, R restores)."
                if action == "delete"
                else "Note restored."
            )
            self.app.notify(said, timeout=4)
            self._changed(note)

    def _edit(self, note: Note) -> None:
        from cockpit.widgets.note_editor import NoteEditor  # lazy: a modal

        label = f"Editing the note of {note.created:%a %d %b %H:%M}"
        editor = NoteEditor(f"edit:{note.id}", label, text=note.text, title="Edit note")
        self.app.push_screen(editor, lambda draft: self._edited(note, draft))

    def _edited(self, note: Note, draft: NoteDraft | None) -> None:
        if draft is None or draft.text == note.text or note.id is None:
            return
        try:
            self.workspace.store.edit_note(note.id, draft.text)
        except StoreError as exc:
            store_failed(self.app, exc, "The note keeps its old text.")
            return
        self.app.notify("Note changed (the old text is kept in its history).", timeout=4)
        self._changed(note)
        if draft.story:
            updated = self.workspace.store.get_note(note.id)
            if updated is not None:
                self.make(updated)

    def story_made(self, note_id: int) -> None:
        """Jira made the story of note `note_id`: the journal shows its key."""
        note = self.workspace.store.get_note(note_id)
        if note is not None:
            self._changed(note)

    def _changed(self, note: Note) -> None:
        from cockpit.widgets.journal import JournalScreen  # lazy: a modal

        if note.customer:
            self.app.board.repaint_calls()
        for screen in self.app.screen_stack:
            if isinstance(screen, JournalScreen):
                self.app.notes.show_journal(screen.query_text, deleted=screen.deleted)

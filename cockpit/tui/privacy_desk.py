"""Privacy mode (`P`): while the PM shares the screen, meeting titles, customer
names, attendee names and note text are shown as neutral placeholders on every
screen, and the status line says so; issue summaries (Backlog, Blocked and its
blockers, your own panes) show a known customer's placeholder instead of its name.
The app keeps acting on the real data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cockpit.domain.privacy import Privacy
from cockpit.models import Issue, Note

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp

NOTE_LABEL = "a note (what it is about is hidden: privacy mode)"


class PrivacyDesk:
    """Whether privacy mode is on, and the placeholders while it is."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.privacy: Privacy | None = None

    @property
    def on(self) -> bool:
        return self.privacy is not None

    def toggle(self) -> None:
        # lazy: the modals load when first used
        from textual.widgets import Input

        from cockpit.widgets.journal import JournalScreen
        from cockpit.widgets.prep_screen import PrepScreen
        from cockpit.widgets.status_line import StatusLine

        app = self.app
        self.privacy = None if self.on else Privacy(self._known_customers())
        board = app.board
        board.privacy = self.privacy
        board.repaint_today()
        board.repaint_calls()
        board.repaint_blocked()
        from cockpit.widgets.backlog import BacklogPane

        for backlog in app.query(BacklogPane):  # summaries naming a customer
            backlog.set_mask(self.privacy.text if self.privacy else None)
        app.own_panes.repaint()
        app.query_one(StatusLine).privacy = self.on
        for screen in app.screen_stack:
            if isinstance(screen, PrepScreen):
                screen.set_mask(self.privacy.sheet if self.privacy else None)
            elif isinstance(screen, JournalScreen):
                app.notes.show_journal(screen.query_one("#journal-search", Input).value)
        said = "on: titles, names and notes are hidden" if self.on else "off"
        app.notify(f"Privacy mode {said}.", timeout=3)

    def _known_customers(self) -> list[str]:
        agenda = self.app.board.agenda
        seen = [m.customer for m in (*agenda.meetings, *agenda.upcoming_calls) if m.customer]
        return [*self.app.workspace.customers.values(), *seen]

    def notes(self, notes: list[Note]) -> list[Note]:
        if self.privacy is None:
            return notes
        return [self.privacy.note(n) for n in notes]

    def shown(self, item: object) -> object:
        """An issue as the detail view shows it (customer names hidden when on)."""
        if self.privacy is not None and isinstance(item, Issue):
            return self.privacy.issue(item)
        return item

    def note_label(self, label: str) -> str:
        return NOTE_LABEL if self.on else label

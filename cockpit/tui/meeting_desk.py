"""What the app does for meetings beyond listing them: declined ones shown or not,
the dial-in copied, the prep sheet opened (see `prep_desk`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from cockpit.models import Meeting
from cockpit.runtime.crash import unexpected_error
from cockpit.widgets.item_pane import ItemPane

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp
    from cockpit.widgets.prep_screen import PrepScreen


class MeetingDesk:
    """The meeting keys' work: `D` (declined shown struck through), `d` (copy dial-in),
    `enter` (the prep sheet: at once from what is on screen, Jira's part in a worker)."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app

    def selected_meeting(self) -> Meeting | None:
        focused = self.app.focused
        item = focused.selected if isinstance(focused, ItemPane) else None
        return item if isinstance(item, Meeting) else None

    def toggle_declined(self) -> None:
        board = self.app.board
        board.show_declined = not board.show_declined
        board.repaint_today()
        board.repaint_calls()
        said = "shown, struck through" if board.show_declined else "hidden"
        self.app.notify(f"Meetings you declined are {said}.", timeout=3)

    def copy_dial_in(self, meeting: Meeting | None = None) -> None:
        meeting = meeting or self.selected_meeting()
        if meeting is None or not meeting.dial_in:
            self.app.notify("This meeting has no dial-in number.", severity="warning")
            return
        entry = meeting.dial_in[0]
        self.app.copy_to_clipboard(entry.dial_string())
        pin = f" (PIN {entry.pin})" if entry.pin else ""
        self.app.notify(f"Copied the dial-in {entry.number}{pin}.", timeout=4, markup=False)

    def join_link_now(self) -> str | None:
        """The join link of the meeting under way, else of the next one today."""
        from cockpit.domain.agenda import now_and_next  # lazy: as open_prep

        meetings = self.app.board.agenda.meetings
        current, upcoming = now_and_next(meetings, self.app.workspace.now())
        by_uid = {m.uid: m for m in meetings}
        for uid in (current, upcoming):
            if uid and by_uid[uid].join_url:
                return by_uid[uid].join_url
        return None

    def open_prep(self, meeting: Meeting, then: Callable[[str | None], None]) -> None:
        # lazy: the modal and the prep rules load when first used
        from cockpit.sync.prep import local_prep
        from cockpit.widgets.prep_screen import PrepScreen

        privacy = self.app.privacy.privacy
        mask = privacy.sheet if privacy else None
        screen = PrepScreen(local_prep(self.app.workspace, meeting), mask=mask)
        self.app.push_screen(screen, then)
        if not screen.sheet.jira_pending:
            return
        self.app.run_worker(self._fill(screen), group="prep", exclusive=True, exit_on_error=False)

    async def _fill(self, screen: PrepScreen) -> None:
        from cockpit.sync.prep import build_prep  # lazy: as open_prep

        try:
            sheet = await build_prep(self.app.workspace, screen.sheet.meeting)
        except Exception as exc:  # a bug or an answer nobody expected: said, not silent
            problem = unexpected_error(exc, "Prep sheet")
            sheet = replace(screen.sheet, jira_pending=False, jira_problem=problem)
        if screen in self.app.screen_stack:
            screen.show_sheet(sheet)

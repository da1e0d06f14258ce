"""What the app does for meetings beyond listing them: declined ones shown or not,
the dial-in copied, the prep sheet opened (see `prep_desk`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cockpit.models import Meeting
from cockpit.widgets.item_pane import ItemPane

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp


class MeetingDesk:
    """The meeting keys' work: `D` (declined shown struck through), `c` (copy dial-in)."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app

    def selected_meeting(self) -> Meeting | None:
        focused = self.app.focused
        item = focused.selected if isinstance(focused, ItemPane) else None
        return item if isinstance(item, Meeting) else None

    def toggle_declined(self) -> None:
        board = self.app.board
        board.show_declined = not board.show_declined
        board.repaint_today("")
        board.repaint_calls("")
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

"""The app's desks: each class that acts for one kind of intent, made on first use.

None of them is needed for the first frame, and their imports (the digest rules,
the move planner, the roadmap's chart) would delay it; so each is a cached property
that imports its module when first asked. `CockpitApp` inherits them.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp
    from cockpit.tui.backlog_writes import BacklogWrites
    from cockpit.tui.board_desk import BoardDesk
    from cockpit.tui.digest_desk import DigestDesk
    from cockpit.tui.issue_actions import IssueActions
    from cockpit.tui.meeting_desk import MeetingDesk
    from cockpit.tui.note_desk import NoteDesk
    from cockpit.tui.privacy_desk import PrivacyDesk
    from cockpit.tui.refresh import Refresher
    from cockpit.tui.reminder_desk import ReminderDesk
    from cockpit.tui.roadmap_desk import RoadmapDesk
    from cockpit.tui.story_desk import StoryDesk


class Desks:
    """Mixed into `CockpitApp`: `app.notes`, `app.writes`, ... made when first used."""

    _reminder_minutes: tuple[int, ...]
    _refresh_minutes: float

    @property
    def as_app(self) -> CockpitApp:
        """This object as the app it is mixed into (what each desk is given)."""
        return cast("CockpitApp", self)

    @cached_property
    def notes(self) -> NoteDesk:
        """Notes and drafts: the editor, the journal, recovered drafts."""
        from cockpit.tui.note_desk import NoteDesk

        return NoteDesk(self.as_app)

    @cached_property
    def writes(self) -> BacklogWrites:
        """Backlog moves, priorities and the outbox."""
        from cockpit.tui.backlog_writes import BacklogWrites

        return BacklogWrites(self.as_app)

    @cached_property
    def boards(self) -> BoardDesk:
        """Switching the Backlog pane's board (b), the board view (V)."""
        from cockpit.tui.board_desk import BoardDesk

        return BoardDesk(self.as_app)

    @cached_property
    def digests(self) -> DigestDesk:
        """The stand-up and update drafts."""
        from cockpit.tui.digest_desk import DigestDesk

        return DigestDesk(self.as_app)

    @cached_property
    def actions(self) -> IssueActions:
        """Flag, transition, assign, unlink."""
        from cockpit.tui.issue_actions import IssueActions

        return IssueActions(self.as_app)

    @cached_property
    def stories(self) -> StoryDesk:
        """Stories from notes; the journal's edit, delete and restore."""
        from cockpit.tui.story_desk import StoryDesk

        return StoryDesk(self.as_app)

    @cached_property
    def roadmap(self) -> RoadmapDesk:
        """The Roadmap screen and its refresh."""
        from cockpit.tui.roadmap_desk import RoadmapDesk

        return RoadmapDesk(self.as_app)

    @cached_property
    def meeting_desk(self) -> MeetingDesk:
        """The prep sheet, declined meetings shown or not, dial-in, join."""
        from cockpit.tui.meeting_desk import MeetingDesk

        return MeetingDesk(self.as_app)

    @cached_property
    def reminders(self) -> ReminderDesk:
        """Meeting reminders while the app runs (from the clock's tick)."""
        from cockpit.tui.reminder_desk import ReminderDesk

        return ReminderDesk(self.as_app, self._reminder_minutes)

    @cached_property
    def privacy(self) -> PrivacyDesk:
        """Privacy mode: placeholders for titles, names and notes."""
        from cockpit.tui.privacy_desk import PrivacyDesk

        return PrivacyDesk(self.as_app)

    @cached_property
    def refresher(self) -> Refresher:
        """The sources' refreshes: at start (after the first frame), on r, on their timer."""
        from cockpit.tui.refresh import Refresher

        return Refresher(self.as_app, self._refresh_minutes)

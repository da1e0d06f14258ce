"""The app's message handlers: one per intent a pane or screen posts, each handing
it to the desk that acts on it. `CockpitApp` inherits them (Textual finds handlers
along the class's MRO)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from cockpit.models import Issue, Meeting
from cockpit.tui.desks import Desks
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.blocked_pane import BlockedPane
from cockpit.widgets.item_pane import ItemPane

if TYPE_CHECKING:  # the modal screens load when first opened (start-up)
    from cockpit.tui.board import PaneBoard
    from cockpit.tui.own_panes import OwnPanes
    from cockpit.widgets.action_pickers import AssigneePicker
    from cockpit.widgets.digest_screen import DigestScreen
    from cockpit.widgets.issue_pane import IssuePane
    from cockpit.widgets.journal import JournalScreen
    from cockpit.widgets.note_editor import NoteEditor
    from cockpit.widgets.prep_screen import PrepScreen
    from cockpit.widgets.roadmap_screen import RoadmapScreen


if TYPE_CHECKING:
    _AppMixin = App[None]
else:  # a plain mixin: each App subclass costs Textual ~0.5 ms to make at start
    _AppMixin = object


class Routing(Desks, _AppMixin):
    """Mixed into `CockpitApp`: every pane's and screen's message, to its desk."""

    board: PaneBoard
    own_panes: OwnPanes

    def open_link(self, url: str | None) -> None:
        if not url:
            self.notify("This item has no link to open.", severity="warning")
            return
        from cockpit.tui.browser import open_in_browser  # lazy: webbrowser, when first used

        self.notify(open_in_browser(url), timeout=4, markup=False)

    def on_item_pane_detail_requested(self, message: ItemPane.DetailRequested) -> None:
        from cockpit.widgets.detail import DetailScreen  # lazy: a modal

        item = message.item

        def then(request: str | None) -> None:
            if request == "open":
                self.open_link(link_of(item))
            elif request == "note":
                self.notes.open_editor(item)
            elif request and isinstance(item, Issue):
                self.actions.act(request, item)

        if isinstance(item, Meeting):
            self.meeting_desk.open_prep(item, then)  # the prep sheet: details and more
        else:
            shown = self.privacy.shown(item)  # privacy mode: customer names hidden
            self.push_screen(DetailScreen(shown), then)

    def on_prep_screen_dial_in_copy_requested(
        self, message: PrepScreen.DialInCopyRequested
    ) -> None:
        self.meeting_desk.copy_dial_in(message.meeting)

    def on_item_pane_open_requested(self, message: ItemPane.OpenRequested) -> None:
        self.open_link(link_of(message.item))

    def on_item_pane_note_requested(self, message: ItemPane.NoteRequested) -> None:
        self.notes.open_editor(message.item)

    def on_note_editor_draft_changed(self, message: NoteEditor.DraftChanged) -> None:
        self.notes.keep_draft(message.context_key, message.text)

    def on_journal_screen_search_changed(self, message: JournalScreen.SearchChanged) -> None:
        self.notes.show_journal(message.query, deleted=message.deleted)

    def on_journal_screen_note_action(self, message: JournalScreen.NoteAction) -> None:
        self.stories.journal_action(message.action, message.note)

    def on_digest_screen_copy_requested(self, message: DigestScreen.CopyRequested) -> None:
        self.digests.copy(message.kind, message.text)

    def on_digest_screen_export_requested(self, message: DigestScreen.ExportRequested) -> None:
        self.digests.export(message.kind, message.text)

    def on_item_pane_action_requested(self, message: ItemPane.ActionRequested) -> None:
        self.actions.act(message.action, message.issue)

    def on_assignee_picker_query_changed(self, message: AssigneePicker.QueryChanged) -> None:
        self.actions.search_users(message)

    def on_blocked_pane_chase_toggled(self, message: BlockedPane.ChaseToggled) -> None:
        self.board.blocked.toggle()

    def on_blocked_pane_jump_requested(self, message: BlockedPane.JumpRequested) -> None:
        self.board.blocked.jump(message.blocker)

    def on_roadmap_screen_issues_requested(self, message: RoadmapScreen.IssuesRequested) -> None:
        self.roadmap.show_issues(message.item)

    def on_roadmap_screen_number_requested(self, message: RoadmapScreen.NumberRequested) -> None:
        self.roadmap.ask_number(message.key_result)

    def on_roadmap_screen_open_requested(self, message: RoadmapScreen.OpenRequested) -> None:
        self.open_link(message.url)

    def on_backlog_pane_moved(self, message: BacklogPane.Moved) -> None:
        self.writes.moved(message)

    def on_backlog_pane_priority_requested(self, message: BacklogPane.PriorityRequested) -> None:
        self.writes.pick_priority(message.issue)

    def on_issue_pane_priority_requested(self, message: IssuePane.PriorityRequested) -> None:
        self.own_panes.pick_priority(message.issue)


def link_of(item: object) -> str | None:
    """The join link of a meeting, the page of an issue."""
    if isinstance(item, Meeting):
        return item.join_url
    url = getattr(item, "url", None)
    return url if isinstance(url, str) else None

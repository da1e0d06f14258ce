"""CockpitApp: the four panes, their keys, and who does what behind them.

The only place that wires data to widgets. Start-up paints from the local store
at once, then refreshes every source concurrently in app-level workers; a
failure becomes a pane state and a toast, never a crash. The work is shared out:
`PaneBoard` shows data and freshness, `Refresher` runs the refreshes, `Clockwork`
keeps the day shown and moves what moves with the clock, `NoteDesk` the notes,
`BacklogWrites` the moves, priorities and the outbox. The app keeps the keys and
forwards each pane's message to the one that acts on it.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input

from cockpit.config import REFRESH_MINUTES
from cockpit.models import Issue, Meeting, SourceState
from cockpit.runtime.crash import describe
from cockpit.runtime.loop_latency import quicken_thread_switches
from cockpit.runtime.quiet_gc import QUIET
from cockpit.sync.workspace import Workspace
from cockpit.tui.board import PaneBoard
from cockpit.tui.clockwork import Clockwork
from cockpit.tui.layout import compose_panes, slot_bindings, slot_pane
from cockpit.tui.own_panes import OwnPanes
from cockpit.tui.refresh import Refresher
from cockpit.tui.resume import Resume
from cockpit.widgets import STYLESHEETS
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.blocked_pane import BlockedPane
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.key_bar import KeyBar
from cockpit.widgets.pane_grid import PaneGrid
from cockpit.widgets.status_line import StatusLine

if TYPE_CHECKING:  # the modal screens and the desks load when first used (start-up)
    from cockpit.sync.digests import DigestKind
    from cockpit.tui.backlog_writes import BacklogWrites
    from cockpit.tui.board_desk import BoardDesk
    from cockpit.tui.digest_desk import DigestDesk
    from cockpit.tui.issue_actions import IssueActions
    from cockpit.tui.meeting_desk import MeetingDesk
    from cockpit.tui.note_desk import NoteDesk
    from cockpit.tui.privacy_desk import PrivacyDesk
    from cockpit.tui.reminder_desk import ReminderDesk
    from cockpit.tui.roadmap_desk import RoadmapDesk
    from cockpit.tui.story_desk import StoryDesk
    from cockpit.widgets.action_pickers import AssigneePicker
    from cockpit.widgets.digest_screen import DigestScreen
    from cockpit.widgets.issue_pane import IssuePane
    from cockpit.widgets.journal import JournalScreen
    from cockpit.widgets.note_editor import NoteEditor
    from cockpit.widgets.prep_screen import PrepScreen
    from cockpit.widgets.roadmap_screen import RoadmapScreen

FIRST_FRAME_ENV = "COCKPIT_FIRST_FRAME_FILE"
"""For benchmarks: a file the app writes the time of its first painted frame to."""


class CockpitApp(App[None]):
    """A product manager's day on one screen."""

    TITLE = "PM Cockpit"
    CSS_PATH = STYLESHEETS
    BINDINGS: ClassVar[list[BindingType]] = [
        # keys 1-9 follow `[layout] panes` (ids kept from when 1-4 were fixed panes)
        Binding("1", "focus_slot(1)", "Pane 1", id="focus_today", show=False),
        Binding("2", "focus_slot(2)", "Pane 2", id="focus_calls", show=False),
        Binding("3", "focus_slot(3)", "Pane 3", id="focus_blocked", show=False),
        Binding("4", "focus_slot(4)", "Pane 4", id="focus_backlog", show=False),
        *(
            Binding(f"{n}", f"focus_slot({n})", f"Pane {n}", id=f"focus_{n}", show=False)
            for n in range(5, 10)
        ),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("b", "switch_board", "Next board", id="switch_board", show=False),
        Binding("V", "board_view", "Board view", id="board_view", show=False),
        Binding("left_square_bracket", "step_day(-1)", "Prev day", id="prev_day"),
        Binding("right_square_bracket", "step_day(1)", "Next day", id="next_day"),
        Binding("t", "today", "Back to today", id="today", show=False),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("N", "journal", "Notes journal", id="journal"),
        Binding("S", "digest('standup')", "Stand-up", id="standup"),
        Binding("U", "digest('update')", "Update", id="update"),
        Binding("D", "toggle_declined", "Declined", id="show_declined", show=False),
        Binding("d", "copy_dial_in", "Copy dial-in", id="copy_dial_in", show=False),
        Binding("O", "join_next", "Join now/next", id="join_next", show=False),
        Binding("P", "toggle_privacy", "Privacy", id="privacy", show=False),
        Binding("R", "roadmap", "Roadmap", id="roadmap", show=False),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        day: date | None = None,
        keymap: Mapping[str, str] | None = None,
        refresh_on_start: bool = True,
        refresh_minutes: float = REFRESH_MINUTES,
        reminder_minutes: Sequence[int] = (5,),
    ) -> None:
        super().__init__()
        quicken_thread_switches()  # the loop wins the GIL back from busy workers in 1 ms
        self.workspace = workspace
        self.day = day or workspace.today()
        self.keymap = dict(keymap or {})
        self.refresh_on_start = refresh_on_start
        self.quiet_gc = QUIET
        self.board = PaneBoard(self)
        self.own_panes = OwnPanes(self)
        self.resume = Resume(self)  # (the board shown is restored before the first paint)
        self.refresher = Refresher(self, refresh_minutes)
        self.clockwork = Clockwork(self, pinned=day is not None)
        self._reminder_minutes = tuple(reminder_minutes)
        self.sync_started = asyncio.Event()
        """Set once the start-up refresh and outbox drain are under way (after the first frame)."""
        self._filter_target: ItemPane | None = None

    # The desks are made on first use: none of them is needed for the first frame,
    # and their imports (the digest rules, the move planner) would delay it.

    @cached_property
    def notes(self) -> NoteDesk:
        """Notes and drafts: the editor, the journal, recovered drafts."""
        from cockpit.tui.note_desk import NoteDesk

        return NoteDesk(self)

    @cached_property
    def writes(self) -> BacklogWrites:
        """Backlog moves, priorities and the outbox."""
        from cockpit.tui.backlog_writes import BacklogWrites

        return BacklogWrites(self)

    @cached_property
    def boards(self) -> BoardDesk:
        """Switching the Backlog pane's board (b), the board view (V)."""
        from cockpit.tui.board_desk import BoardDesk

        return BoardDesk(self)

    @cached_property
    def digests(self) -> DigestDesk:
        """The stand-up and update drafts."""
        from cockpit.tui.digest_desk import DigestDesk

        return DigestDesk(self)

    @cached_property
    def actions(self) -> IssueActions:
        """Flag, transition, assign, unlink."""
        from cockpit.tui.issue_actions import IssueActions

        return IssueActions(self)

    @cached_property
    def stories(self) -> StoryDesk:
        """Stories from notes; the journal's edit, delete and restore."""
        from cockpit.tui.story_desk import StoryDesk

        return StoryDesk(self)

    @cached_property
    def roadmap(self) -> RoadmapDesk:
        """The Roadmap screen and its refresh."""
        from cockpit.tui.roadmap_desk import RoadmapDesk

        return RoadmapDesk(self)

    @cached_property
    def meeting_desk(self) -> MeetingDesk:
        """The prep sheet, declined meetings shown or not, dial-in, join."""
        from cockpit.tui.meeting_desk import MeetingDesk

        return MeetingDesk(self)

    @cached_property
    def reminders(self) -> ReminderDesk:
        """Meeting reminders while the app runs (from the clock's tick)."""
        from cockpit.tui.reminder_desk import ReminderDesk

        return ReminderDesk(self, self._reminder_minutes)

    @cached_property
    def privacy(self) -> PrivacyDesk:
        """Privacy mode: placeholders for titles, names and notes."""
        from cockpit.tui.privacy_desk import PrivacyDesk

        return PrivacyDesk(self)

    @property
    def states(self) -> dict[str, SourceState]:
        """Each source's freshness, as the status line shows it."""
        return self.board.states

    # --- layout and life ----------------------------------------------------

    def compose(self) -> ComposeResult:
        # the first pane's room and the grid's shape are set here, not on mount:
        # changing a class after mount styles the panes a second time
        # (the first pane shown has the room; the backlog starts muted until Jira answers)
        with PaneGrid(id="panes", classes=PaneGrid.classes_for(self.size)):
            yield from compose_panes(self.workspace)
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self.query_one(StatusLine).today_key = self._key_of("today")
        with self.quiet_gc:
            self.board.paint_from_cache()
            self.own_panes.paint_from_cache()
        self.resume.restore()  # the pane, cursor and theme of the last run
        self.board.update_status()
        self.clockwork.start()
        if marker := os.environ.get(FIRST_FRAME_ENV):
            self.call_after_refresh(_mark_first_frame, marker)
        self.call_after_refresh(self.quiet_gc.release_start)
        if self.refresh_on_start:
            # after the first frame: starting the workers costs imports (httpx's
            # transport, anyio) that would otherwise hold back the cached view
            self.call_after_refresh(self._start_syncing)
        self.call_after_refresh(lambda: self.notes.recover_drafts())  # the desk loads then

    def _start_syncing(self) -> None:
        self.action_refresh()
        self.writes.drain_now()
        self.writes.start_polling()
        self.sync_started.set()

    def _on_unmount(self) -> None:
        if "writes" in self.__dict__:  # quitting within a burst: its moves are queued, not lost
            self.writes.on_quit()

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.resume.save()  # while the screen (its focus, its cursors) is still there
        super().exit(*args, **kwargs)

    async def on_unmount(self) -> None:
        await self.workspace.aclose()

    def _fatal_error(self) -> None:
        """An unhandled error: one line after the app closes, never Textual's traceback
        with its local variables (a note's text, a token); the details go to a file."""
        error = sys.exception()
        self.bell()
        self._exit_renderables.append(Text(describe(error) if error else "cockpit: stopped"))
        self._close_messages_no_wait()

    # --- actions ------------------------------------------------------------

    def action_refresh(self) -> None:
        self.refresher.all()

    def action_focus_pane(self, pane: str) -> None:
        # set_focus now, not focus() (which waits a tick): "3" then Enter typed fast
        # must act on the Blocked pane.
        self.screen.set_focus(self.query_one(f"#{pane}"))

    def action_focus_slot(self, slot: int) -> None:
        """Keys 1-9: the slot-th pane of the layout."""
        if (pane := slot_pane(self.query_one(PaneGrid).panes, slot)) is not None:
            self.screen.set_focus(pane)

    def action_switch_board(self) -> None:
        self.boards.switch()

    def action_board_view(self) -> None:
        self.boards.open_view()

    def action_step_day(self, delta: int) -> None:
        self.clockwork.step_day(delta)

    def action_today(self) -> None:
        self.clockwork.back_to_today()

    def action_journal(self) -> None:
        self.notes.open_journal()

    def action_digest(self, kind: DigestKind) -> None:
        self.digests.open(kind)

    def action_toggle_declined(self) -> None:
        self.meeting_desk.toggle_declined()

    def action_copy_dial_in(self) -> None:
        self.meeting_desk.copy_dial_in()

    def action_toggle_privacy(self) -> None:
        self.privacy.toggle()

    def action_join_next(self) -> None:
        self.open_link(self.meeting_desk.join_link_now())

    def write_to_terminal(self, text: str) -> None:
        """Escape sequences for the terminal itself (a desktop notification)."""
        driver = getattr(self, "_driver", None)
        if driver is not None and not self.is_headless:
            driver.write(text)

    def action_roadmap(self) -> None:
        if not self.roadmap.showing:
            self.roadmap.open()

    def drain_outbox_now(self) -> None:
        self.writes.drain_now()

    async def action_filter(self) -> None:
        focused = self.focused
        self._filter_target = (
            focused if isinstance(focused, ItemPane) else self.query_one("#today", ItemPane)
        )
        box = await self._filter_box()
        box.display = True
        box.focus()

    async def _filter_box(self) -> Input:
        """The filter box, mounted above the status line the first time `/` is pressed
        (not at start: nothing shows it before then, and it would cost the first frame)."""
        for box in self.query("#filter").results(Input):
            return box
        box = Input(placeholder="filter this pane (enter keeps, esc clears)", id="filter")
        await self.mount(box, before=self.query_one(StatusLine))
        return box

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter" and self._filter_target is not None:
            self._filter_target.set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self._close_filter(clear=False)

    def on_item_pane_filter_clear_requested(self, message: ItemPane.FilterClearRequested) -> None:
        if message.pane is self._filter_target:
            self._close_filter(clear=True)
        else:  # filtered before the box moved on to another pane
            message.pane.set_filter("")

    def on_key(self, event: Key) -> None:
        if event.key == "escape" and any(box.has_focus for box in self.query("#filter")):
            self._close_filter(clear=True)

    def _close_filter(self, *, clear: bool) -> None:
        box, target = self.query_one("#filter", Input), self._filter_target
        if clear:
            box.value = ""
            if target is not None:
                target.set_filter("")
        box.display = bool(box.value)
        if target is not None:
            target.focus()

    def key_of(self, binding_id: str) -> str:
        return self._key_of(binding_id)

    def _key_of(self, binding_id: str) -> str:
        """The first key bound to `binding_id`, as the key bar would show it."""
        defaults = {b.id: b.key for b in self.BINDINGS if isinstance(b, Binding)}
        key = self.keymap.get(binding_id, defaults[binding_id]).split(",")[0]
        return self.get_key_display(Binding(key, ""))

    def action_help(self) -> None:
        # lazy: the modal screens load when first used (TextArea alone is ~15 ms of start)
        from cockpit.widgets.digest_screen import DigestScreen
        from cockpit.widgets.help import HelpScreen, help_entries
        from cockpit.widgets.issue_pane import IssuePane
        from cockpit.widgets.journal import JournalScreen
        from cockpit.widgets.note_editor import NoteEditor
        from cockpit.widgets.roadmap_rows import ROADMAP_BINDINGS

        moving = [
            Binding("tab", "", "Next pane"),
            Binding("shift+tab", "", "Previous pane"),
            Binding("up,down", "", "Move the cursor"),
            Binding("ctrl+p", "", "Command palette"),
        ]
        groups: list[tuple[str, Sequence[BindingType]]] = [
            ("Everywhere", slot_bindings(self.BINDINGS, self.query_one(PaneGrid).panes)),
            ("Every pane", ItemPane.BINDINGS),
            ("Blocked", BlockedPane.BINDINGS),
            ("Backlog", BacklogPane.BINDINGS),
            *([("Your own panes", IssuePane.BINDINGS)] if self.own_panes.groups else []),
            ("Note editor", NoteEditor.BINDINGS),
            ("Notes journal", JournalScreen.BINDINGS),
            ("Stand-up and update", DigestScreen.BINDINGS),
            ("Roadmap", ROADMAP_BINDINGS),
            ("Moving around", moving),
        ]
        display = lambda key: self.get_key_display(Binding(key, ""))  # noqa: E731
        self.push_screen(HelpScreen(help_entries(groups, self.keymap, display)))

    # --- messages from panes and screens: one handler per intent ---------------

    def on_item_pane_detail_requested(self, message: ItemPane.DetailRequested) -> None:
        from cockpit.widgets.detail import DetailScreen  # lazy: a modal

        item = message.item

        def then(request: str | None) -> None:
            if request == "open":
                self.open_link(_link_of(item))
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
        self.open_link(_link_of(message.item))

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

    def open_link(self, url: str | None) -> None:
        if not url:
            self.notify("This item has no link to open.", severity="warning")
            return
        from cockpit.tui.browser import open_in_browser  # lazy: webbrowser, when first used

        self.notify(open_in_browser(url), timeout=4, markup=False)

    # --- command palette ----------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from cockpit.tui.palette import palette_commands  # lazy: when the palette opens

        yield from palette_commands(self)


def _link_of(item: object) -> str | None:
    """The join link of a meeting, the page of an issue."""
    if isinstance(item, Meeting):
        return item.join_url
    url = getattr(item, "url", None)
    return url if isinstance(url, str) else None


def _mark_first_frame(path: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"{time.time():.6f}\n")

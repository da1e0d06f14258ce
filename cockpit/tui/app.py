"""CockpitApp: the main screen's panes, their keys, and who does what behind them.

The only place that wires data to widgets. Start-up paints from the local store
at once, then refreshes every source concurrently in app-level workers; a
failure becomes a pane state and a toast, never a crash. The work is shared out:
`PaneBoard` shows data and freshness, `Clockwork` keeps the day shown and moves
what moves with the clock; the refresher and the desks (`tui.desks`: notes,
backlog writes, issue actions, stories, digests, roadmap, meetings, reminders,
privacy) are made on first use, and `tui.routing` hands each pane's
and screen's message to the desk that acts on it. The app keeps the keys.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input

from cockpit.config import REFRESH_MINUTES
from cockpit.models import SourceState
from cockpit.runtime.crash import describe
from cockpit.runtime.loop_latency import quicken_thread_switches
from cockpit.runtime.quiet_gc import QUIET
from cockpit.sync.workspace import Workspace
from cockpit.tui.board import PaneBoard
from cockpit.tui.clockwork import Clockwork
from cockpit.tui.layout import compose_panes, slot_bindings, slot_pane
from cockpit.tui.own_panes import OwnPanes
from cockpit.tui.resume import Resume
from cockpit.tui.routing import Routing
from cockpit.widgets import STYLESHEETS
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.blocked_pane import BlockedPane
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.key_bar import KeyBar
from cockpit.widgets.main_screen import MainScreen
from cockpit.widgets.pane_grid import PaneGrid
from cockpit.widgets.status_line import StatusLine

if TYPE_CHECKING:  # the modal screens and the desks load when first used (start-up)
    from cockpit.sync.digests import DigestKind

FIRST_FRAME_ENV = "COCKPIT_FIRST_FRAME_FILE"
"""For benchmarks: a file the app writes the time of its first painted frame to."""


class CockpitApp(Routing, App[None]):
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
        self._refresh_minutes = refresh_minutes
        self.clockwork = Clockwork(self, pinned=day is not None)
        self._reminder_minutes = tuple(reminder_minutes)
        self.sync_started = asyncio.Event()
        """Set once the start-up refresh and outbox drain are under way (after the first frame)."""
        self._filter_target: ItemPane | None = None

    @property
    def states(self) -> dict[str, SourceState]:
        """Each source's freshness, as the status line shows it."""
        return self.board.states

    # --- layout and life ----------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return MainScreen()

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

    # --- command palette ----------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from cockpit.tui.palette import palette_commands  # lazy: when the palette opens

        yield from palette_commands(self)


def _mark_first_frame(path: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"{time.time():.6f}\n")

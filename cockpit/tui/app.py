"""CockpitApp: the four panes, their keys, and the workers that feed them.

The only place that wires data to widgets. Start-up paints from the local store
at once, then refreshes every source concurrently in app-level workers; a
failure becomes a pane state and a toast, never a crash.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import get_current_worker

from cockpit.domain.present import blocked_table, calls_table, today_table
from cockpit.models import Agenda, Issue, Meeting, SourceState
from cockpit.runtime.crash import unexpected_error
from cockpit.runtime.loop_latency import quicken_thread_switches
from cockpit.runtime.quiet_gc import QUIET
from cockpit.sources.errors import Incomplete, SourceError
from cockpit.sync.workspace import Workspace, split_day
from cockpit.textsafe import plain
from cockpit.tui.writes import OUTBOX_POLL, WritesMixin
from cockpit.widgets import STYLESHEETS
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.key_bar import KeyBar
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

PANES = ("today", "calls", "blocked", "backlog")
FIRST_FRAME_ENV = "COCKPIT_FIRST_FRAME_FILE"
"""For benchmarks: a file the app writes the time of its first painted frame to."""


class CockpitApp(WritesMixin, App[None]):
    """A product manager's day on one screen."""

    TITLE = "PM Cockpit"
    CSS_PATH = STYLESHEETS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "focus_pane('today')", "Today", id="focus_today", show=False),
        Binding("2", "focus_pane('calls')", "Calls", id="focus_calls", show=False),
        Binding("3", "focus_pane('blocked')", "Blocked", id="focus_blocked", show=False),
        Binding("4", "focus_pane('backlog')", "Backlog", id="focus_backlog", show=False),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("left_square_bracket", "step_day(-1)", "Prev day", id="prev_day"),
        Binding("right_square_bracket", "step_day(1)", "Next day", id="next_day"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("N", "journal", "Notes journal", id="journal"),
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
    ) -> None:
        super().__init__()
        quicken_thread_switches()  # the loop wins the GIL back from busy workers in 1 ms
        self.workspace = workspace
        self.day = day or workspace.today()
        self.keymap = dict(keymap or {})
        self.refresh_on_start = refresh_on_start
        self.states: dict[str, SourceState] = {"Calendar": SourceState("Calendar")}
        if workspace.has_jira:
            self.states["Jira"] = SourceState("Jira")
        self._jira_errors: dict[str, str | None] = {"blocked": None, "backlog": None}
        self.init_writes()
        self.quiet_gc = QUIET
        self.sync_started = asyncio.Event()
        """Set once the start-up refresh and outbox drain are under way (after the first frame)."""

    # --- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Grid(id="panes"):
            yield TablePane("Today", id="today", empty_text="no meetings")
            yield TablePane("Customer calls", id="calls", empty_text="no customer calls")
            yield TablePane("Blocked", id="blocked", empty_text="nothing blocked")
            yield BacklogPane(id="backlog")
        yield Input(placeholder="filter this pane (enter keeps, esc clears)", id="filter")
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self.query_one("#today", TablePane).focus()
        with self.quiet_gc:
            self._paint_from_cache()
        self._update_status()
        if marker := os.environ.get(FIRST_FRAME_ENV):
            self.call_after_refresh(_mark_first_frame, marker)
        self.call_after_refresh(self.quiet_gc.release_start)
        if self.refresh_on_start:
            # after the first frame: starting the workers costs imports (httpx's
            # transport, anyio) that would otherwise hold back the cached view
            self.call_after_refresh(self._start_syncing)
        self.call_after_refresh(self.recover_drafts)

    def _start_syncing(self) -> None:
        self.action_refresh()
        self.drain_outbox_now()
        self.set_interval(OUTBOX_POLL, self._poll_outbox)
        self.sync_started.set()

    async def on_unmount(self) -> None:
        await self.workspace.aclose()

    def _fatal_error(self) -> None:
        """An unhandled error: one line after the app closes, never Textual's traceback
        with its local variables (a note's text, a token); the details go to a file."""
        from rich.text import Text

        from cockpit.runtime.crash import describe

        error = sys.exception()
        self.bell()
        self._exit_renderables.append(Text(describe(error) if error else "cockpit: stopped"))
        self._close_messages_no_wait()

    def _poll_outbox(self) -> None:
        if self.workspace.store.pending_count():
            self.drain_outbox()

    # --- data in ------------------------------------------------------------

    def _paint_from_cache(self) -> None:
        """Show what the store has at once, marked stale until fresh data arrives."""
        ws = self.workspace
        cached = ws.cached_agenda(self.day)
        if cached is not None:
            self._show_agenda(cached.value, stale_since=cached.fetched_at)
            self._set_state("Calendar", fetched_at=cached.fetched_at, stale=True)
        else:
            self._show_agenda(Agenda(self.day), stale_since=None)
        for name in ("blocked", "backlog") if ws.has_jira else ():
            hit = ws.cached_issues(name)
            if hit is not None:
                self._show_issues(name, hit.value, stale_since=hit.fetched_at)
                self._set_state("Jira", fetched_at=hit.fetched_at, stale=True)

    def _show_agenda(self, agenda: Agenda, *, stale_since: datetime | None) -> None:
        meetings, calls = split_day(agenda)
        now = self.workspace.now()
        subtitle = _stale_label(stale_since)
        today = self.query_one("#today", TablePane)
        today.pane_title = (
            "Today" if self.day == self.workspace.today() else self.day.strftime("%a %d %b")
        )
        today.show(today_table(meetings, now), subtitle=subtitle)
        last_note = self.workspace.store.last_note_for_customer
        self.query_one("#calls", TablePane).show(
            calls_table(calls, self.day, last_note), subtitle=subtitle
        )

    def _show_issues(self, name: str, issues: list[Issue], *, stale_since: datetime | None) -> None:
        subtitle = _stale_label(stale_since)
        if name == "blocked":
            self.query_one("#blocked", TablePane).show(
                blocked_table(issues, self.workspace.today()), subtitle=subtitle
            )
        else:
            backlog = self.query_one("#backlog", BacklogPane)
            backlog.set_issues(issues, stale=stale_since is not None)
            backlog.border_subtitle = subtitle

    def _set_state(self, name: str, **changes: object) -> None:
        old = self.states[name]
        self.states[name] = SourceState(
            name=name,
            fetched_at=changes.get("fetched_at", old.fetched_at),  # type: ignore[arg-type]
            stale=bool(changes.get("stale", old.stale)),
            error=changes.get("error", old.error),  # type: ignore[arg-type]
            syncing=bool(changes.get("syncing", old.syncing)),
        )
        self._update_status()

    def _update_status(self) -> None:
        status = self.query_one(StatusLine)
        status.day = self.day
        status.today = self.workspace.today()
        status.states = tuple(self.states.values())
        status.pending = self.workspace.store.pending_count()

    # --- workers --------------------------------------------------------------

    @work(exclusive=True, group="agenda", exit_on_error=False)
    async def refresh_agenda(self) -> None:
        with self.quiet_gc:
            await self._refresh_agenda()

    async def _refresh_agenda(self) -> None:
        day = self.day
        self._set_state("Calendar", syncing=True)
        try:
            agenda, errors = await self.workspace.fetch_agenda(day)
            if day != self.day:
                return
            self._show_agenda(agenda, stale_since=None)
        except SourceError as exc:
            self._source_failed("Calendar", exc.told_in(self.workspace.tz))
            return
        except Exception as exc:  # a bug or an answer nobody expected: stale, with the reason
            self._source_failed("Calendar", unexpected_error(exc, "Calendar refresh"))
            return
        failures = [e for e in errors if not isinstance(e, Incomplete)]
        if errors:
            message = "; ".join(e.told_in(self.workspace.tz) for e in errors)
            self._source_failed("Calendar", message, stale=bool(failures))
        else:
            self._set_state(
                "Calendar", syncing=False, stale=False, error=None, fetched_at=self.workspace.now()
            )

    @work(exclusive=True, group="blocked", exit_on_error=False)
    async def refresh_blocked(self) -> None:
        with self.quiet_gc:
            await self._refresh_issues("blocked")

    @work(exclusive=True, group="backlog", exit_on_error=False)
    async def refresh_backlog(self) -> None:
        with self.quiet_gc:
            await self._refresh_issues("backlog")

    async def _refresh_issues(self, name: str) -> None:
        self._set_state("Jira", syncing=True)
        fetch = self.workspace.fetch_blocked if name == "blocked" else self.workspace.fetch_backlog
        try:
            issues = await fetch()
            if not (name == "backlog" and self.pending_ranks()):
                # (moves not yet in Jira stay on screen; the drain refreshes after)
                self._show_issues(name, issues, stale_since=None)
        except SourceError as exc:
            self._jira_errors[name] = exc.told_in(self.workspace.tz)
        except Exception as exc:  # a bug or an answer nobody expected: stale, with the reason
            self._jira_errors[name] = unexpected_error(exc, "Jira refresh")
        else:
            self._jira_errors[name] = None
        errors = [e for e in self._jira_errors.values() if e]
        if errors:
            self._source_failed("Jira", errors[0])
        else:
            me = get_current_worker()
            busy = any(
                w.group in ("blocked", "backlog") and w.is_running and w is not me
                for w in self.workers
            )
            self._set_state(
                "Jira", syncing=busy, stale=False, error=None, fetched_at=self.workspace.now()
            )

    def _source_failed(self, name: str, message: str, *, stale: bool = True) -> None:
        """Keep the last good data, say why it is stale: in the panes, the status line, a toast.

        With `stale=False` the data did arrive but a limit left part of it out.
        """
        already_said = self.states[name].error == message
        panes = ("#today", "#calls") if name == "Calendar" else ("#blocked", "#backlog")
        if stale:
            self._set_state(name, syncing=False, stale=True, error=message)
            for pane in panes:
                self.query_one(pane).show_problem(message)  # type: ignore[attr-defined]
        else:
            self._set_state(
                name, syncing=False, stale=False, error=message, fetched_at=self.workspace.now()
            )
            for pane in panes:
                self.query_one(pane).border_subtitle = "incomplete"
        if not already_said:
            self.notify(
                plain(message),
                title=f"{name} {'not refreshed' if stale else 'incomplete'}",
                severity="error" if stale else "warning",
                timeout=8,
                markup=False,
            )

    # --- actions ------------------------------------------------------------

    def action_refresh(self) -> None:
        self.refresh_agenda()
        if self.workspace.has_jira:
            self.refresh_blocked()
            self.refresh_backlog()

    def action_focus_pane(self, pane: str) -> None:
        # set_focus now, not focus() (which waits a tick): "3" then Enter typed fast
        # must act on the Blocked pane.
        self.screen.set_focus(self.query_one(f"#{pane}"))

    def action_step_day(self, delta: int) -> None:
        self.day = self.day + timedelta(days=delta)
        cached = self.workspace.cached_agenda(self.day)
        agenda = cached.value if cached is not None else Agenda(self.day)
        self._show_agenda(agenda, stale_since=cached.fetched_at if cached else None)
        self._update_status()
        self.refresh_agenda()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        self._filter_target = (
            self.focused if isinstance(self.focused, ItemPane) else self.query_one("#today")
        )
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            target = getattr(self, "_filter_target", None)
            if target is not None:
                target.set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self._close_filter(clear=False)

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", None)
        box = self.query_one("#filter", Input)
        if key == "escape" and box.has_focus:
            self._close_filter(clear=True)

    def _close_filter(self, *, clear: bool) -> None:
        box = self.query_one("#filter", Input)
        target = getattr(self, "_filter_target", None)
        if clear:
            box.value = ""
            if target is not None:
                target.set_filter("")
        box.display = bool(box.value)
        if target is not None:
            target.focus()

    def action_help(self) -> None:
        from cockpit.widgets.help import HelpScreen, help_entries  # modals load when first used
        from cockpit.widgets.note_editor import NoteEditor

        groups: list[tuple[str, Sequence[BindingType]]] = [
            ("Everywhere", self.BINDINGS),
            ("Every pane", ItemPane.BINDINGS),
            ("Backlog", BacklogPane.BINDINGS),
            ("Note editor", NoteEditor.BINDINGS),
            (
                "Moving around",
                [
                    Binding("tab", "", "Next pane"),
                    Binding("shift+tab", "", "Previous pane"),
                    Binding("up,down", "", "Move the cursor"),
                    Binding("ctrl+p", "", "Command palette"),
                ],
            ),
        ]
        display = lambda key: self.get_key_display(Binding(key, ""))  # noqa: E731
        self.push_screen(HelpScreen(help_entries(groups, self.keymap, display)))

    # --- messages from panes --------------------------------------------------

    def on_item_pane_detail_requested(self, message: ItemPane.DetailRequested) -> None:
        self.show_details(message.item)

    def show_details(self, item: object) -> None:
        """The detail view; its `o` and `n` keys act on the item once it closes."""
        from cockpit.widgets.detail import DetailScreen

        def then(request: str | None) -> None:
            if request == "open":
                self.open_link(_link_of(item))
            elif request == "note":
                self.open_note_editor(item)

        self.push_screen(DetailScreen(item), then)

    def on_item_pane_open_requested(self, message: ItemPane.OpenRequested) -> None:
        self.open_link(_link_of(message.item))

    def open_link(self, url: str | None) -> None:
        from cockpit.tui.browser import open_in_browser

        if not url:
            self.notify("This item has no link to open.", severity="warning")
            return
        self.notify(open_in_browser(url), timeout=4, markup=False)

    # --- command palette ----------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Refresh all panes", "Fetch calendars and Jira again", self.action_refresh
        )
        yield SystemCommand("Show keys", "Every key and what it does", self.action_help)
        yield SystemCommand("Notes journal", "Every note, by day, with search", self.action_journal)
        yield SystemCommand(
            "Write a note", "A free note, not tied to an item", lambda: self.open_note_editor(None)
        )
        yield SystemCommand("Send waiting changes", "Try the outbox now", self.drain_outbox_now)
        yield SystemCommand("Previous day", "Show the day before", lambda: self.action_step_day(-1))
        yield SystemCommand("Next day", "Show the day after", lambda: self.action_step_day(1))
        for pane, title in zip(
            PANES, ("Today", "Customer calls", "Blocked", "Backlog"), strict=True
        ):
            yield SystemCommand(
                f"Go to {title}",
                f"Focus the {title} pane",
                lambda p=pane: self.action_focus_pane(p),
            )


def _link_of(item: object) -> str | None:
    """The join link of a meeting, the page of an issue."""
    if isinstance(item, Meeting):
        return item.join_url
    return getattr(item, "url", None)


def _mark_first_frame(path: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"{time.time():.6f}\n")


def _stale_label(since: datetime | None) -> str:
    if since is None:
        return ""
    return f"cached {since.strftime('%a %H:%M')}, refreshing"

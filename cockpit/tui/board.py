"""The panes and the status line as the app shows them: data in, freshness said.

`PaneBoard` is handed agendas and issues (from the store or a refresh) and each
source's state; it never fetches. A source that failed keeps its last good data,
marked stale with the reason, in its own panes only.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from cockpit.domain.pending_actions import apply_pending
from cockpit.domain.present import Table, calls_table, stale_label, today_table
from cockpit.models import Agenda, Issue, Meeting, Note, SourceState
from cockpit.sync.workspace import split_day
from cockpit.textsafe import plain
from cockpit.tui.blocked_view import BlockedView
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from cockpit.domain.privacy import Privacy
    from cockpit.tui.app import CockpitApp

SOURCE_PANES = {"Calendar": ("#today", "#calls"), "Jira": ("#blocked", "#backlog")}


def _kept(pane: TablePane, subtitle: str | None) -> str:
    """`subtitle`, or the pane's own when None (a repaint keeps "not refreshed")."""
    return str(pane.border_subtitle or "") if subtitle is None else subtitle


class PaneBoard:
    """What the four panes and the status line show, and how fresh each source is."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace
        self.states: dict[str, SourceState] = {"Calendar": SourceState("Calendar")}
        """Each source's refresh state (`error`: why its last refresh failed)."""
        if self.workspace.has_jira:
            self.states["Jira"] = SourceState("Jira")
        self.write_error: str | None = None
        """Why the outbox could not send to Jira last time (writes wait meanwhile)."""
        self.agenda = Agenda(app.day)
        """The agenda on screen, repainted as the clock moves and notes are saved."""
        self.privacy: Privacy | None = None
        """Privacy mode: what the panes show instead of titles, names and notes."""
        self._blocked: list[Issue] = []
        self.show_declined = False
        """Meetings the user declined are listed (struck through) when True."""
        self._fresh: set[str] = set()
        """Issue lists shown from a refresh: a cached list loading late must not replace them."""
        self.blocked = BlockedView(app)
        """The Blocked pane's two views (with blockers, or the chase list)."""

    @property
    def day(self) -> date:
        return self.app.day

    def paint_from_cache(self) -> None:
        """Show what the store has at once, marked stale until fresh data arrives
        (the status line follows with the app's `update_status`, once)."""
        ws = self.workspace
        cached = ws.cached_agenda(self.day)
        if cached is not None:
            self.show_agenda(cached.value, stale_since=cached.fetched_at)
            self.set_state("Calendar", fetched_at=cached.fetched_at, stale=True, show=False)
        else:
            self.show_agenda(Agenda(self.day), stale_since=None)
        if ws.has_jira:
            ws.cached_blockers()
        for name in ("blocked", "backlog") if ws.has_jira else ():
            hit = ws.cached_issues(name, head=True)  # a screenful now, the rest after
            if hit is not None:
                self.show_issues(name, hit.value, stale_since=hit.fetched_at, total=hit.total)
                self.set_state("Jira", fetched_at=hit.fetched_at, stale=True, show=False)
                if hit.total is not None:
                    self.app.call_after_refresh(self._paint_rest, name)

    def _paint_rest(self, name: str) -> None:
        self.app.run_worker(self._rest_from_cache(name), group="cache", exit_on_error=False)

    async def _rest_from_cache(self, name: str) -> None:
        """After the first frame: the whole cached list, decoded in a thread (a slice at
        a time, so the event loop keeps the GIL), replaces its head unless fresh data
        came first."""
        with self.app.quiet_gc:
            hit = await asyncio.to_thread(self.workspace.cached_issues, name)
        if hit is not None and name not in self._fresh:
            self.show_issues(name, hit.value, stale_since=hit.fetched_at)

    def show_agenda(self, agenda: Agenda, *, stale_since: datetime | None) -> None:
        self.agenda = agenda
        subtitle = stale_label(stale_since)
        self.repaint_today(subtitle)
        self.repaint_calls(subtitle)

    def repaint_today(self, subtitle: str | None = None) -> None:
        """Today's rows again from the agenda on screen: now, next and past move with
        the clock (`subtitle` None keeps the pane's)."""
        today = self.app.query_one("#today", TablePane)
        title = "Today" if self.day == self.workspace.today() else self.day.strftime("%a %d %b")
        if subtitle is None and not self.agenda.meetings and title == today.pane_title:
            return  # nothing moves (and a "not refreshed" message stays)
        today.pane_title = title

        def build(meetings: Sequence[Meeting]) -> Table:
            return today_table(
                meetings,
                self.workspace.now(),
                day=self.agenda.day,
                show_declined=self.show_declined,
            )

        if self.privacy is None:
            table = build(self.agenda.meetings)
        else:
            from cockpit.domain.privacy import masked_table  # lazy: only in privacy mode

            table = masked_table(build, self.agenda.meetings, self.privacy)
        today.show(table, subtitle=_kept(today, subtitle))

    def repaint_calls(self, subtitle: str | None = None) -> None:
        """The Customer calls rows again, each customer with its last note now."""
        _, calls = split_day(self.agenda)
        pane = self.app.query_one("#calls", TablePane)
        if subtitle is None and not calls:
            return
        last_note = self.workspace.store.last_note_for_customer
        privacy = self.privacy
        if privacy is None:
            table = calls_table(calls, self.agenda.day, last_note, show_declined=self.show_declined)
        else:

            def hidden_note(alias: str) -> Note | None:
                note = last_note(privacy.real_customer(alias))
                return privacy.note(note) if note else None

            def build(meetings: Sequence[Meeting]) -> Table:
                return calls_table(
                    meetings, self.agenda.day, hidden_note, show_declined=self.show_declined
                )

            from cockpit.domain.privacy import masked_table  # lazy: only in privacy mode

            table = masked_table(build, calls, privacy)
        pane.show(table, subtitle=_kept(pane, subtitle))

    def repaint_blocked(self) -> None:
        """The Blocked rows again (customer names hidden in privacy mode)."""
        self.blocked.show(self._shown_issues(self._blocked), self.blocked.subtitle)

    def _shown_issues(self, issues: list[Issue]) -> list[Issue]:
        if self.privacy is None:
            return issues
        return [self.privacy.issue(issue) for issue in issues]

    def show_issues(
        self,
        name: str,
        issues: list[Issue],
        *,
        stale_since: datetime | None,
        total: int | None = None,
    ) -> None:
        """Show `issues` (the first of `total` while the rest of a cached list loads)."""
        if stale_since is None:
            self._fresh.add(name)
        subtitle = stale_label(stale_since)
        if name == "blocked":
            self._blocked = list(issues)
            self.blocked.show(self._shown_issues(self._blocked), subtitle)
        else:
            backlog = self.app.query_one("#backlog", BacklogPane)
            shown = apply_pending(issues, self.workspace.store.open_jobs())
            backlog.set_issues(shown, stale=stale_since is not None, total=total)
            self.app.boards.show_lines(backlog, subtitle)

    def set_state(
        self,
        name: str,
        *,
        fetched_at: datetime | None = None,
        stale: bool | None = None,
        error: str | Literal[False] | None = False,
        syncing: bool | None = None,
        show: bool = True,
    ) -> None:
        """Change what is given of a source's state (`error=False`: keep the error);
        `show=False` leaves the status line to a later `update_status`."""
        old = self.states[name]
        self.states[name] = SourceState(
            name=name,
            fetched_at=fetched_at if fetched_at is not None else old.fetched_at,
            stale=old.stale if stale is None else stale,
            error=old.error if error is False else (error or None),
            syncing=old.syncing if syncing is None else syncing,
        )
        if show:
            self.update_status()

    def writes_failed(self, reason: str | None) -> None:
        """The outbox could not send to Jira (`reason`), or it could again (None)."""
        self.write_error = reason
        self.update_status()

    def update_status(self) -> None:
        status = self.app.query_one(StatusLine)
        status.day = self.day
        status.today = self.workspace.today()
        status.states = tuple(self._shown_state(s) for s in self.states.values())
        status.pending = self.workspace.store.pending_count()

    def _shown_state(self, state: SourceState) -> SourceState:
        """A state as the status line tells it: times in the workspace's zone, and
        for Jira, a write error when its refresh has none."""
        fetched_at = state.fetched_at.astimezone(self.workspace.tz) if state.fetched_at else None
        error = state.error or (self.write_error if state.name == "Jira" else None)
        return dataclasses.replace(state, fetched_at=fetched_at, error=error)

    def source_failed(self, name: str, message: str, *, stale: bool = True) -> None:
        """Keep the last good data, say why it is stale: in the panes, the status line, a toast.

        With `stale=False` the data did arrive but a limit left part of it out.
        """
        already_said = self.states[name].error == message
        panes = [self.app.query_one(selector, ItemPane) for selector in SOURCE_PANES[name]]
        if stale:
            self.set_state(name, syncing=False, stale=True, error=message)
            for pane in panes:
                pane.show_problem(message)
        else:
            now = self.workspace.now()
            self.set_state(name, syncing=False, stale=False, error=message, fetched_at=now)
            for pane in panes:
                pane.border_subtitle = "incomplete"
        if not already_said:
            self.app.notify(
                plain(message),
                title=f"{name} {'not refreshed' if stale else 'incomplete'}",
                severity="error" if stale else "warning",
                timeout=8,
                markup=False,
            )

"""The refresh workers: every source at once, each in its own app-level worker.

A failure of any kind (a refusal, an answer nobody expected, a bug) ends as that
source's panes marked stale with the reason, never as a fresh-looking pane and
never as a stop of the others. Each refresh, whoever started it, tells the
`RefreshSchedule` how it ended, so background refreshes back off after failures;
`tick` starts the ones that are due, never one whose last run is still going.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.worker import Worker, get_current_worker

from cockpit.runtime.crash import unexpected_error
from cockpit.sources.errors import Incomplete, RateLimited, SourceError
from cockpit.sync.schedule import RefreshSchedule
from cockpit.tui.own_panes import PREFIX as OWN

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp

ISSUE_GROUPS = ("blocked", "backlog")


class Refresher:
    """Starts and finishes refreshes; what they bring goes to the app's `PaneBoard`."""

    def __init__(self, app: CockpitApp, refresh_minutes: float) -> None:
        self.app = app
        self.workspace = app.workspace
        self._jira_errors: dict[str, str | None] = dict.fromkeys(ISSUE_GROUPS)
        self.schedule = RefreshSchedule(refresh_minutes, self.groups, self.workspace.now())

    @property
    def groups(self) -> tuple[str, ...]:
        """The worker groups: one per refresh (`agenda`, and Jira's two)."""
        if not self.workspace.has_jira:
            return ("agenda",)
        return ("agenda", *ISSUE_GROUPS, *self.app.own_panes.groups)

    def all(self) -> None:
        for group in self.groups:
            self.start(group)

    def start(self, group: str) -> Worker[None]:
        if group == "blocked" and self.app.roadmap.wanted and not self.running("roadmap"):
            self.app.roadmap.refresh()  # the roadmap comes with Jira's refreshes, once in use
        if group.startswith(OWN):
            return self.app.run_worker(
                self._quietly(self._own(group)), group=group, exclusive=True, exit_on_error=False
            )
        return self.agenda() if group == "agenda" else self.issues(group)

    async def _own(self, group: str) -> None:
        """One of the user's own panes (`[[panes]]`): it fails alone, in its own pane."""
        errors = await self.app.own_panes.refresh(group)
        self._ended(group, errors or (), ok=errors is None)

    def agenda(self) -> Worker[None]:
        return self.app.run_worker(
            self._quietly(self._agenda()), group="agenda", exclusive=True, exit_on_error=False
        )

    def issues(self, name: str) -> Worker[None]:
        return self.app.run_worker(
            self._quietly(self._issues(name)), group=name, exclusive=True, exit_on_error=False
        )

    def running(self, group: str) -> bool:
        """A refresh of `group` has started and not finished."""
        return any(w.group == group and not w.is_finished for w in self.app.workers)

    def tick(self, now: datetime) -> None:
        """Start the background refreshes that are due, skipping any still running."""
        self.start_idle(self.schedule.due(now))

    def start_idle(self, groups: Iterable[str]) -> None:
        """Start a refresh of each of `groups` that is not running already."""
        for group in groups:
            if not self.running(group):
                self.start(group)

    def jira_answered(self) -> None:
        """Jira took a write: refresh at once what failed to refresh from it before."""
        self.start_idle(name for name, error in self._jira_errors.items() if error)

    async def _quietly(self, refresh: Awaitable[None]) -> None:
        """The collector waits while a refresh builds its thousands of objects."""
        with self.app.quiet_gc:
            await refresh

    def _ended(self, group: str, errors: Iterable[SourceError] = (), *, ok: bool) -> None:
        until = [e.until for e in errors if isinstance(e, RateLimited) and e.until]
        self.schedule.finished(group, self.workspace.now(), ok=ok, until=max(until, default=None))

    async def _agenda(self) -> None:
        board, day = self.app.board, self.app.day
        board.set_state("Calendar", syncing=True)
        try:
            agenda, errors = await self.workspace.fetch_agenda(day)
            if day != self.app.day:
                return
            failed = sum(not isinstance(e, Incomplete) for e in errors)
            if not failed or failed < len(self.workspace.calendars):
                # (when every calendar failed, the rows on screen stay, marked stale)
                board.show_agenda(agenda, stale_since=None)
        except SourceError as exc:
            board.source_failed("Calendar", exc.told_in(self.workspace.tz))
            self._ended("agenda", [exc], ok=False)
            return
        except Exception as exc:  # a bug or an answer nobody expected: stale, with the reason
            board.source_failed("Calendar", unexpected_error(exc, "Calendar refresh"))
            self._ended("agenda", ok=False)
            return
        failures = [e for e in errors if not isinstance(e, Incomplete)]
        self._ended("agenda", failures, ok=not failures)
        if errors:
            message = "; ".join(e.told_in(self.workspace.tz) for e in errors)
            board.source_failed("Calendar", message, stale=bool(failures))
        else:
            now = self.workspace.now()
            board.set_state("Calendar", syncing=False, stale=False, error=None, fetched_at=now)

    async def _issues(self, name: str) -> None:
        board = self.app.board
        board.set_state("Jira", syncing=True)
        fetch = self.workspace.fetch_blocked if name == "blocked" else self.workspace.fetch_backlog
        try:
            issues = await fetch()
            if not (name == "backlog" and self.app.writes.pending_ranks()):
                # (moves not yet in Jira stay on screen; the drain refreshes after)
                board.show_issues(name, issues, stale_since=None)
        except SourceError as exc:
            self._jira_errors[name] = exc.told_in(self.workspace.tz)
            self._ended(name, [exc], ok=False)
        except Exception as exc:  # a bug or an answer nobody expected: stale, with the reason
            self._jira_errors[name] = unexpected_error(exc, "Jira refresh")
            self._ended(name, ok=False)
        else:
            self._jira_errors[name] = None
            self._ended(name, ok=True)
        errors = [e for e in self._jira_errors.values() if e]
        if errors:
            board.source_failed("Jira", errors[0])
            return
        me = get_current_worker()
        busy = any(
            w.group in ISSUE_GROUPS and w.is_running and w is not me for w in self.app.workers
        )
        now = self.workspace.now()
        board.set_state("Jira", syncing=busy, stale=False, error=None, fetched_at=now)

    def backlog_fetching(self) -> bool:
        """A backlog refresh has started and not finished."""
        return self.running("backlog")

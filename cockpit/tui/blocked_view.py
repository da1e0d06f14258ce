"""What the Blocked pane shows: blocked issues with their blockers, or the chase list.

`PaneBoard` hands it the blocked issues (from the store or a refresh); the blockers
come from the workspace, and the actions still on their way to Jira are laid over
them. The chase list, and any list longer than `INLINE_ROWS`, is built, made plain
and measured in a thread, so 5,000 blocked issues never hold a keystroke back; a
newer list replaces one still being built. `enter` on a blocker jumps to it: its
own row in Blocked, else its row in the Backlog, else its details.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from cockpit.domain.blockers import blocked_pane_table, chase_count, chase_table
from cockpit.domain.pending_actions import apply_pending
from cockpit.models import Issue
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.blocked_pane import BlockedPane
from cockpit.widgets.table_pane import Prepared, prepare

if TYPE_CHECKING:
    from cockpit.store.outbox import Job
    from cockpit.tui.app import CockpitApp

CHASE_SUBTITLE = "chase list: who to ask (c: back)"
INLINE_ROWS = 500
"""Blocked lists up to this long are shown at once (the first frame paints them)."""


def build(
    chasing: bool,
    issues: Sequence[Issue],
    jobs: Sequence[Job],
    blockers: Mapping[str, Issue],
    today: date,
) -> tuple[Prepared, int | None]:
    """The pane's table, ready to show, and its count (the chase list's own)."""
    shown = apply_pending(issues, jobs)
    if chasing:
        table = chase_table(shown, blockers, today)
        return prepare(table), chase_count(table)
    return prepare(blocked_pane_table(shown, today, blockers)), None


class BlockedView:
    """The Blocked pane's rows, in either of its two views."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace
        self.issues: list[Issue] = []
        self.subtitle = ""
        self.chasing = False

    @property
    def pane(self) -> BlockedPane:
        return self.app.query_one("#blocked", BlockedPane)

    def show(self, issues: Sequence[Issue], subtitle: str) -> None:
        """Show `issues` in the current view (a long list or the chase list is built
        in a thread)."""
        self.issues = list(issues)
        self.subtitle = subtitle
        blockers = dict(self.workspace.blockers)
        if (privacy := self.app.board.privacy) is not None:  # their summaries too
            blockers = {key: privacy.issue(blocker) for key, blocker in blockers.items()}
        args = (
            self.chasing,
            self.issues,
            self.workspace.store.open_jobs(),
            blockers,
            self.workspace.today(),
        )
        if self.chasing or len(self.issues) > INLINE_ROWS:
            self.app.run_worker(
                self._build(args), group="blocked-view", exclusive=True, exit_on_error=False
            )
        else:
            self._paint(self.issues, *build(*args))

    async def _build(
        self, args: tuple[bool, list[Issue], list[Job], dict[str, Issue], date]
    ) -> None:
        prepared, count = await asyncio.to_thread(build, *args)
        if args[0] == self.chasing and args[1] is self.issues:
            self._paint(args[1], prepared, count)

    def _paint(self, issues: list[Issue], prepared: Prepared, count: int | None) -> None:
        subtitle = self.subtitle
        if self.chasing:
            subtitle = " · ".join(s for s in (CHASE_SUBTITLE, self.subtitle) if s)
        self.pane.show(prepared.table, subtitle=subtitle, count=count, prepared=prepared)

    def toggle(self) -> None:
        """Chase list on or off."""
        self.chasing = not self.chasing
        self.pane.chasing = self.chasing
        self.show(self.issues, self.subtitle)

    def jump(self, blocker: Issue) -> None:
        """Go to `blocker`: its Blocked row, its Backlog row, or its details."""
        pane = self.pane
        if self.chasing:
            self.toggle()
        if pane.select_key(blocker.key):
            self.app.screen.set_focus(pane)
            return
        backlog = self.app.query_one("#backlog", BacklogPane)
        if backlog.select_key(blocker.key):
            self.app.screen.set_focus(backlog)
            return
        from cockpit.widgets.detail import DetailScreen  # lazy: a modal

        def then(request: str | None) -> None:
            if request in ("flag", "transition", "assign", "unlink"):
                self.app.actions.act(request, blocker)

        self.app.push_screen(DetailScreen(blocker), then)

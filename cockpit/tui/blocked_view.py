"""What the Blocked pane shows: blocked issues with their blockers, or the chase list.

`PaneBoard` hands it the blocked issues (from the store or a refresh); the blockers
come from the workspace. The chase list is computed in a thread, so 5,000 blocked
issues never hold a keystroke back; a newer list replaces one still computing.
`enter` on a blocker jumps to it: its own row in Blocked, else its row in the
Backlog, else its details.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cockpit.domain.blockers import blocked_pane_table, chase_count, chase_table
from cockpit.domain.pending_actions import apply_pending
from cockpit.models import Issue
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.blocked_pane import BlockedPane

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp

CHASE_SUBTITLE = "chase list: who to ask (c: back)"


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
        """Show `issues` in the current view (the chase list is computed in a thread)."""
        self.issues = list(issues)
        self.subtitle = subtitle
        if self.chasing:
            self._compute_chase()
        else:
            shown = apply_pending(self.issues, self.workspace.store.open_jobs())
            table = blocked_pane_table(shown, self.workspace.today(), self.workspace.blockers)
            self.pane.show(table, subtitle=subtitle)

    def toggle(self) -> None:
        """Chase list on or off."""
        self.chasing = not self.chasing
        self.pane.chasing = self.chasing
        self.show(self.issues, self.subtitle)

    def _compute_chase(self) -> None:
        self.app.run_worker(self._chase(), group="chase-list", exclusive=True, exit_on_error=False)

    async def _chase(self) -> None:
        issues, blockers, today = self.issues, dict(self.workspace.blockers), self.workspace.today()
        shown = apply_pending(issues, self.workspace.store.open_jobs())
        table = await asyncio.to_thread(chase_table, shown, blockers, today)
        count = await asyncio.to_thread(chase_count, table)
        if self.chasing and issues is self.issues:
            subtitle = " · ".join(s for s in (CHASE_SUBTITLE, self.subtitle) if s)
            self.pane.show(table, subtitle=subtitle, count=count)

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

"""Boards on the main screen: `b` switches the Backlog pane's board, `V` opens the
board view; the Backlog pane's border says which board it shows.

Switching waits while moves are on their way to Jira (they belong to the board on
screen). The new board's cached backlog paints at once, then it is refreshed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cockpit.runtime.crash import unexpected_error
from cockpit.sources.errors import SourceError
from cockpit.textsafe import plain
from cockpit.widgets.backlog import BacklogPane

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp


class BoardDesk:
    """The current board: its lines on the Backlog pane (the board at the bottom, the
    active sprint on top), switching, the board view."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace

    def show_lines(self, pane: BacklogPane, state: str) -> None:
        """The board line (with `state`) under the Backlog pane, the sprint line on top:
        one read of the store for both."""
        line, sprint = self._cached_lines()
        pane.border_subtitle = " · ".join(part for part in (line, state) if part)
        pane.banner = sprint

    def _cached_lines(self) -> tuple[str, str]:
        """The current board's line and sprint line, as last kept ("" for none)."""
        if not self.workspace.has_jira or self.workspace.board is None:
            return "", ""
        return self.workspace.board_lines()

    def switch(self, step: int = 1) -> None:
        ws = self.workspace
        if len(ws.board_set.ids) < 2:
            self.app.notify(
                "One board is configured; boards = [42, 57] under [jira] adds more.",
                markup=False,
            )
            return
        if self.app.writes.pending_ranks():
            self.app.notify(
                "Moves on this board are still on their way to Jira; switch when they are sent.",
                severity="warning",
                markup=False,
            )
            return
        ws.board_set.switch(step)
        pane = self.app.query_one("#backlog", BacklogPane)
        hit = ws.cached_issues("backlog")
        board = self.app.board
        board._fresh.discard("backlog")
        if hit is not None:
            board.show_issues("backlog", hit.value, stale_since=hit.fetched_at)
        else:
            board.show_issues("backlog", [], stale_since=ws.now())
            self.show_lines(pane, "loading")
        self.app.notify(f"Backlog: {ws.board_set.cached_line() or ws.board}", markup=False)
        self.app.refresher.issues("backlog")

    def open_view(self) -> None:
        if not self.workspace.has_jira or self.workspace.board is None:
            self.app.notify("No board is configured ([jira] board in config.toml).", markup=False)
            return
        self.app.run_worker(
            self._open_view(), group="board_view", exclusive=True, exit_on_error=False
        )

    async def _open_view(self) -> None:
        ws = self.workspace
        try:
            view = await ws.board_set.view(await ws.jira_for(ws.backlog_site), ws.board or 0)
        except SourceError as exc:
            self.app.notify(plain(str(exc)), title="Board view", severity="error", markup=False)
            return
        except Exception as exc:  # a bug or an answer nobody expected: a toast, never a crash
            message = unexpected_error(exc, "Board view")
            self.app.notify(message, title="Board view", severity="error", markup=False)
            return
        from cockpit.widgets.board_view import BoardViewScreen  # lazy: a modal

        self.app.push_screen(BoardViewScreen(view))

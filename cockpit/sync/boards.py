"""Several boards (`boards = [42, 57]`): the current board's backlog, what the Backlog
pane says about the board, and the board view (`V`).

A Scrum board's backlog pane tells its active sprint (name, days left, points done /
committed); a Kanban board's shows its backlog column (or its first column when it
has no backlog). What a board is (its name and type) is asked once per run; the
line the pane shows is kept in the store, so a restart paints it from there.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from cockpit.models import Issue
from cockpit.records import record

if TYPE_CHECKING:
    from cockpit.sources.jira import JiraClient
    from cockpit.sources.jira_boards import BoardInfo, BoardReader, Sprint
    from cockpit.sync.workspace import Workspace


@record(slots=True)
class SprintSummary:
    name: str
    days_left: int | None
    done: float
    committed: float


@record(slots=True)
class ViewColumn:
    """One column of the board view: its issues in rank order and its WIP limits."""

    name: str
    issues: tuple[Issue, ...]
    max: int | None = None
    min: int | None = None

    @property
    def over(self) -> bool:
        """More issues than its WIP limit allows."""
        return self.max is not None and len(self.issues) > self.max


@record(slots=True)
class BoardView:
    board: BoardInfo
    columns: tuple[ViewColumn, ...]


def _pts(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def sprint_summary(sprint: Sprint, issues: list[Issue], today: date) -> SprintSummary:
    left = None if sprint.end is None else max(0, (sprint.end.date() - today).days)
    done = sum(i.points or 0.0 for i in issues if i.status_category == "done")
    return SprintSummary(sprint.name, left, done, sum(i.points or 0.0 for i in issues))


def board_line(board: BoardInfo) -> str:
    """What the Backlog pane's bottom border says about its board: "Payments team (scrum)"."""
    return f"{board.name} ({board.type or 'board'})"


def sprint_line(sprint: SprintSummary | None) -> str:
    """The Backlog pane's first line on a Scrum board with an active sprint, e.g.
    "Sprint 14 · 4 days left · 13/21 pts"; "" without one."""
    if sprint is None:
        return ""
    days = "" if sprint.days_left is None else f" · {sprint.days_left} days left"
    return f"{sprint.name}{days} · {_pts(sprint.done)}/{_pts(sprint.committed)} pts"


class Boards:
    """The workspace's boards: which is current, and what each one is."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._info: dict[int, BoardInfo] = {}

    @property
    def ids(self) -> tuple[int, ...]:
        ws = self.workspace
        return ws.boards or ((ws.board,) if ws.board is not None else ())

    def switch(self, step: int = 1) -> int | None:
        """Make the next board (by `step`) current; its id, or None with one board."""
        ids = self.ids
        if len(ids) < 2 or self.workspace.board not in ids:
            return None
        current = ids[(ids.index(self.workspace.board) + step) % len(ids)]
        self.workspace.board = current
        return current

    def cached_line(self, board: int | None = None) -> str:
        """The board line last kept for `board` (default: the current one)."""
        return self.workspace.board_lines(board)[0]

    async def info(self, client: JiraClient, board: int) -> BoardInfo:
        """The board's name and type: asked once, then kept in the store."""
        if board not in self._info:
            item = self.workspace.kept_board(board)
            if item.get("type"):
                from cockpit.sources.jira_boards import BoardInfo

                self._info[board] = BoardInfo(board, str(item.get("name")), str(item["type"]))
            else:
                self._info[board] = await _reader(client).board(board)
        return self._info[board]

    async def backlog(self, client: JiraClient, board: int) -> list[Issue]:
        """The board's backlog (Kanban: its backlog column, or first column), and the
        line the pane shows about the board kept in the store. The backlog and the
        active sprint are asked at once; the sprint's issues, when there is one, next."""
        if not hasattr(client, "call"):  # a test double with a backlog only
            return await client.backlog(board)
        reader = _reader(client)
        info = await self.info(client, board)
        summary = None
        if info.type == "kanban":
            issues = await reader.kanban_backlog(board)
        elif info.type == "scrum":
            issues, sprint = await asyncio.gather(
                client.backlog(board), reader.active_sprint(board)
            )
            if sprint is not None:
                in_sprint = [b.issue for b in await reader.sprint_issues(board, sprint.id)]
                summary = sprint_summary(sprint, in_sprint, self.workspace.today())
        else:
            issues = await client.backlog(board)
        kept = {
            "line": board_line(info),
            "sprint": sprint_line(summary),
            "name": info.name,
            "type": info.type,
        }
        self.workspace.keep_board(board, kept)
        return issues

    async def view(self, client: JiraClient, board: int) -> BoardView:
        """The board as its columns, each with its issues in rank order."""
        reader = _reader(client)
        info = await self.info(client, board)
        columns = await reader.columns(board)
        sprint = await reader.active_sprint(board) if info.type == "scrum" else None
        if sprint is not None:  # a Scrum board's columns hold its active sprint, as in Jira
            issues = await reader.sprint_issues(board, sprint.id)
            info = dataclasses.replace(info, name=f"{info.name} · {sprint.name}")
        else:
            issues = await reader.board_issues(board)
        view = []
        for column in columns:
            ids = set(column.status_ids)
            held = tuple(b.issue for b in issues if b.status_id in ids)
            view.append(ViewColumn(column.name, held, column.max, column.min))
        return BoardView(info, tuple(view))


def _reader(client: JiraClient) -> BoardReader:
    from cockpit.sources.jira_boards import BoardReader  # lazy: httpx, off the first frame

    return BoardReader(client)

"""Jira Agile boards: type, column configuration (with WIP limits), the active sprint,
and the issues of a board, a sprint or a backlog, in rank order.

`BoardReader` reads through `JiraClient.call` (its retries and refusals). A Kanban
board without a backlog answers 400 to `/backlog`; its first column stands in.
Every list is bounded (`MAX_ISSUES`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from cockpit.models import Issue
from cockpit.records import record
from cockpit.sources.errors import BadResponse
from cockpit.sources.jira_fields import SOURCE, parse_issue, parse_time
from cockpit.sources.jira_refusal import JiraRefused

if TYPE_CHECKING:
    from cockpit.sources.jira import JiraClient

PAGE = 100
MAX_ISSUES = 5000
FIELDS = ("summary", "status", "issuetype", "priority", "assignee", "updated")


@record(slots=True)
class BoardInfo:
    id: int
    name: str
    type: str
    """"scrum", "kanban" (or what else Jira says, e.g. "simple")."""


@record(slots=True)
class BoardColumn:
    name: str
    status_ids: tuple[str, ...]
    max: int | None = None
    min: int | None = None


@record(slots=True)
class Sprint:
    id: int
    name: str
    start: datetime | None
    end: datetime | None
    goal: str = ""


@record(slots=True)
class BoardIssue:
    """An issue on a board, with its status id (columns map status ids)."""

    issue: Issue
    status_id: str


class BoardReader:
    """Reads one site's boards."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client

    @property
    def _agile(self) -> str:
        return self.client.site.agile

    async def board(self, board: int) -> BoardInfo:
        data = await self.client.call("GET", f"{self._agile}/board/{int(board)}")
        if not isinstance(data, dict) or not isinstance(data.get("id"), int):
            raise BadResponse(SOURCE, f"Jira's answer for board {board} had no id.")
        return BoardInfo(data["id"], str(data.get("name") or board), str(data.get("type") or ""))

    async def columns(self, board: int) -> list[BoardColumn]:
        data = await self.client.call("GET", f"{self._agile}/board/{int(board)}/configuration")
        config = data.get("columnConfig") if isinstance(data, dict) else None
        columns = config.get("columns") if isinstance(config, dict) else None
        if not isinstance(columns, list):
            raise BadResponse(SOURCE, f"Jira's configuration of board {board} had no columns.")
        out = []
        for column in columns:
            if not isinstance(column, dict):
                continue
            statuses = column.get("statuses") or []
            ids = tuple(
                str(s["id"]) for s in statuses if isinstance(s, dict) and s.get("id") is not None
            )
            out.append(
                BoardColumn(
                    str(column.get("name") or "?"),
                    ids,
                    _count(column.get("max")),
                    _count(column.get("min")),
                )
            )
        return out

    async def active_sprint(self, board: int) -> Sprint | None:
        data = await self.client.call(
            "GET", f"{self._agile}/board/{int(board)}/sprint", params={"state": "active"}
        )
        values = data.get("values") if isinstance(data, dict) else None
        if not isinstance(values, list):
            raise BadResponse(SOURCE, f"Jira's sprints of board {board} had no 'values'.")
        for sprint in values:
            if isinstance(sprint, dict) and isinstance(sprint.get("id"), int):
                return Sprint(
                    sprint["id"],
                    str(sprint.get("name") or sprint["id"]),
                    parse_time(sprint.get("startDate")),
                    parse_time(sprint.get("endDate")),
                    str(sprint.get("goal") or ""),
                )
        return None

    async def sprint_issues(self, board: int, sprint: int) -> list[BoardIssue]:
        return await self._issues(f"/board/{int(board)}/sprint/{int(sprint)}/issue")

    async def board_issues(self, board: int) -> list[BoardIssue]:
        return await self._issues(f"/board/{int(board)}/issue")

    async def kanban_backlog(self, board: int) -> list[Issue]:
        """The backlog of a Kanban board; without one, its first column."""
        try:
            return await self.client.backlog(board)
        except JiraRefused as exc:
            if exc.status != 400:
                raise
        columns = await self.columns(board)
        first = set(columns[0].status_ids) if columns else set()
        return [b.issue for b in await self.board_issues(board) if b.status_id in first]

    async def _issues(self, path: str) -> list[BoardIssue]:
        ids = await self.client.fields()
        wanted = [*FIELDS, *(f for f in (ids.points, ids.rank, ids.flagged) if f)]
        out: list[BoardIssue] = []
        while len(out) < MAX_ISSUES:
            page = await self.client.call(
                "GET",
                f"{self._agile}{path}",
                params={"startAt": len(out), "maxResults": PAGE, "fields": ",".join(wanted)},
            )
            issues = page.get("issues") if isinstance(page, dict) else None
            if not isinstance(issues, list):
                raise BadResponse(SOURCE, "Jira's board answer had no 'issues' list.")
            out.extend(_board_issue(raw, ids, self.client.site.url) for raw in issues)
            total = page.get("total")
            if not issues or (isinstance(total, int) and len(out) >= total):
                break
        return out[:MAX_ISSUES]


def _board_issue(raw: Any, ids: Any, site: str) -> BoardIssue:
    issue = parse_issue(raw, ids, site)
    status = raw["fields"].get("status")
    return BoardIssue(issue, str(status.get("id")) if isinstance(status, dict) else "")


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

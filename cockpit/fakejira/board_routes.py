"""The fake's Agile board endpoints: a board, its configuration, its sprints and issues.

Shapes as Atlassian documents them (jira-software-swagger: Board, BoardConfig,
Sprint, SearchResults); issue pages are startAt/maxResults/total like `/backlog`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cockpit.fakejira.core import FakeResponse
from cockpit.fakejira.render import jira_time
from cockpit.fakejira.reqs import as_int, field_ids, page, q
from cockpit.fakejira.state import STATUSES

if TYPE_CHECKING:
    from cockpit.fakejira.boards import FakeBoard, FakeSprint
    from cockpit.fakejira.core import FakeJira, LoggedRequest

AGILE = "/rest/agile/1.0"


def board_bean(fake: FakeJira, board: FakeBoard) -> dict[str, Any]:
    return {
        "id": board.id,
        "self": f"{fake.base_url}{AGILE}/board/{board.id}",
        "name": board.name,
        "type": board.type,
    }


def _board(fake: FakeJira, m: re.Match[str]) -> FakeBoard | FakeResponse:
    board = fake.boards.get(int(m["board"]))
    if board is None:
        return FakeResponse.error(
            404, f"Board {m['board']} does not exist or you do not have permission to see it."
        )
    return board


def boards(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    values = [board_bean(fake, b) for b in fake.boards.values()]
    start, end = page(req, len(values))
    return FakeResponse.json(
        200,
        {
            "maxResults": 50,
            "startAt": start,
            "total": len(values),
            "isLast": end >= len(values),
            "values": values[start:end],
        },
    )


def board(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    found = _board(fake, m)
    return (
        found
        if isinstance(found, FakeResponse)
        else FakeResponse.json(200, board_bean(fake, found))
    )


def configuration(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    found = _board(fake, m)
    if isinstance(found, FakeResponse):
        return found
    api = f"{fake.base_url}/rest/api/2"
    columns = []
    for column in found.columns:
        entry: dict[str, Any] = {
            "name": column.name,
            "statuses": [
                {"id": STATUSES[s][0], "self": f"{api}/status/{STATUSES[s][0]}"}
                for s in column.statuses
                if s in STATUSES
            ],
        }
        if column.min is not None:
            entry["min"] = column.min
        if column.max is not None:
            entry["max"] = column.max
        columns.append(entry)
    return FakeResponse.json(
        200,
        {
            "id": found.id,
            "name": found.name,
            "type": found.type,
            "self": f"{fake.base_url}{AGILE}/board/{found.id}/configuration",
            "columnConfig": {"columns": columns, "constraintType": "issueCount"},
            "ranking": {"rankCustomFieldId": int(fake.ids.rank.rsplit("_", 1)[1])},
        },
    )


def _sprint_bean(fake: FakeJira, board: FakeBoard, sprint: FakeSprint) -> dict[str, Any]:
    return {
        "id": sprint.id,
        "self": f"{fake.base_url}{AGILE}/sprint/{sprint.id}",
        "state": "active",
        "name": sprint.name,
        "startDate": jira_time(sprint.start, rfc3339=True),
        "endDate": jira_time(sprint.end, rfc3339=True),
        "originBoardId": board.id,
        "goal": sprint.goal,
    }


def sprints(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    found = _board(fake, m)
    if isinstance(found, FakeResponse):
        return found
    if found.type != "scrum":
        return FakeResponse.error(400, "The board does not support sprints.")
    states = (q(req, "state") or "future,active,closed").split(",")
    values = (
        [_sprint_bean(fake, found, found.sprint)] if found.sprint and "active" in states else []
    )
    return FakeResponse.json(
        200, {"maxResults": 50, "startAt": 0, "isLast": True, "values": values}
    )


def _issue_page(fake: FakeJira, req: LoggedRequest, keys: list[str]) -> FakeResponse:
    start = max(0, as_int(q(req, "startAt"), 0))
    size = max(0, min(as_int(q(req, "maxResults"), 50), fake.max_page))
    wanted = field_ids(req.query.get("fields")) or ["*navigable"]
    r = fake.renderer(2)
    issues = [r.issue(fake.issues[k], wanted) for k in keys[start : start + size]]
    return FakeResponse.json(
        200,
        {
            "expand": "names,schema",
            "startAt": start,
            "maxResults": size,
            "total": len(keys),
            "issues": issues,
        },
    )


def sprint_issues(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    found = _board(fake, m)
    if isinstance(found, FakeResponse):
        return found
    sprint = found.sprint
    if sprint is None or sprint.id != int(m["sprint"]):
        return FakeResponse.error(404, f"Sprint {m['sprint']} does not exist.")
    keys = [k for k in fake.order.keys if k in set(sprint.keys)]
    return _issue_page(fake, req, keys)


def board_issues(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    found = _board(fake, m)
    if isinstance(found, FakeResponse):
        return found
    shown = {s for c in found.columns for s in c.statuses}
    keys = [
        k
        for k in fake.order.keys
        if found.holds(k) and fake.issues[k].type != "Epic" and fake.issues[k].status in shown
    ]
    return _issue_page(fake, req, keys)


def backlog(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    found = _board(fake, m)
    if isinstance(found, FakeResponse):
        return found
    if found.type == "kanban" and not found.kanban_backlog:
        return FakeResponse.error(400, "The board does not support the backlog.")
    return _issue_page(fake, req, fake.backlog_keys(found.id))


BOARD = AGILE.replace(".", r"\.") + r"/board/(?P<board>\d+)"
BOARD_ROUTES = [
    ("GET", AGILE.replace(".", r"\.") + "/board", boards, False),
    ("GET", BOARD, board, False),
    ("GET", BOARD + "/configuration", configuration, False),
    ("GET", BOARD + "/backlog", backlog, False),
    ("GET", BOARD + "/issue", board_issues, False),
    ("GET", BOARD + "/sprint", sprints, False),
    ("GET", BOARD + r"/sprint/(?P<sprint>\d+)/issue", sprint_issues, False),
]

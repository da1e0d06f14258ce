"""The fake's boards: Scrum and Kanban, their column configuration and the active sprint.

A board shows the issues of its projects (all projects when it names none) in the
site's one rank order. Its columns map statuses, with optional WIP limits (issue
count). A Scrum board may have an active sprint; its backlog is every open issue
not in that sprint. A Kanban board with a backlog keeps the issues of its first
column's statuses there; without one, `/backlog` answers 400, as Jira does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

BoardType = Literal["scrum", "kanban"]


@dataclass
class FakeColumn:
    name: str
    statuses: tuple[str, ...]
    max: int | None = None
    min: int | None = None


@dataclass
class FakeSprint:
    id: int
    name: str
    start: datetime
    end: datetime
    keys: list[str] = field(default_factory=list)
    goal: str = ""


@dataclass
class FakeBoard:
    id: int
    name: str
    type: BoardType = "scrum"
    projects: tuple[str, ...] = ()
    """Projects whose issues are on the board (empty: every project)."""
    columns: list[FakeColumn] = field(default_factory=list)
    sprint: FakeSprint | None = None
    kanban_backlog: bool = False
    """Kanban: the first column is the board's backlog (Jira's "Kanban backlog")."""

    def holds(self, key: str) -> bool:
        return not self.projects or key.rsplit("-", 1)[0] in self.projects


def scrum_columns() -> list[FakeColumn]:
    return [
        FakeColumn("To Do", ("To Do",)),
        FakeColumn("In Progress", ("In Progress", "Blocked")),
        FakeColumn("In Review", ("In Review",)),
        FakeColumn("Done", ("Done", "Closed")),
    ]

"""Backlogs of plain issues (PAY-1, PAY-2, ...) for the headless backlog tests."""

from __future__ import annotations

from cockpit.domain.backlog_order import BacklogOrder
from cockpit.models import Issue


def issue(n: int, **extra: object) -> Issue:
    """PAY-`n`, a medium-priority story nobody has taken; `extra` overrides fields."""
    fields: dict[str, object] = {
        "summary": f"Story number {n}",
        "status": "To Do",
        "url": f"https://jira.example/browse/PAY-{n}",
        "type": "Story",
        "priority": "Medium",
        "assignee": None,
    }
    fields.update(extra)
    return Issue(key=f"PAY-{n}", **fields)  # type: ignore[arg-type]


def make(count: int) -> BacklogOrder:
    """PAY-1 to PAY-`count`, top first."""
    return BacklogOrder(issue(n) for n in range(1, count + 1))

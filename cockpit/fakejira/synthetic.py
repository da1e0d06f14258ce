"""Synthetic backlogs of any size, for scale tests and `--issues N`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypedDict, Unpack

from cockpit.fakejira.core import DEFAULT_SITE, FakeJira
from cockpit.fakejira.state import PRIORITIES, FakeIssue, FieldIds, Flavor

_TYPES = ("Story", "Story", "Task", "Bug")
_PEOPLE = ("Ana Costa", "Ben Okafor", "Chen Wei", "Dana Levi", None)


class FakeJiraOptions(TypedDict, total=False):
    """FakeJira's other keyword arguments, passed on by `synthetic_jira`."""

    email: str | None
    token: str | None
    board_id: int
    board_name: str
    user: str
    max_page: int
    latency_ms: int
    clock: Callable[[], datetime]


def synthetic_jira(
    n: int,
    *,
    flavor: Flavor = "cloud",
    project: str = "PAY",
    base_url: str = DEFAULT_SITE,
    field_ids: FieldIds | None = None,
    start: datetime | None = None,
    **kwargs: Unpack[FakeJiraOptions],
) -> FakeJira:
    """A fake with `n` open backlog issues PROJECT-1..n in rank order (no links)."""
    fake = FakeJira(flavor=flavor, base_url=base_url, field_ids=field_ids, **kwargs)
    start = start or datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(1, n + 1):
        when = start + timedelta(minutes=i)
        fake.add_issue(
            FakeIssue(
                key=f"{project}-{i}",
                summary=f"Synthetic backlog item {i}",
                type=_TYPES[i % len(_TYPES)],
                status="In Progress" if i % 7 == 0 else "To Do",
                priority=PRIORITIES[i % len(PRIORITIES)],
                assignee=_PEOPLE[i % len(_PEOPLE)],
                points=float(i % 8) if i % 3 else None,
                created=when,
                updated=when,
            )
        )
    return fake


BLOCKER_OWNERS = ("Ana Costa", "Ben Okafor", "Chen Wei", None)


def synthetic_blocked(n: int, blockers: int) -> FakeJira:
    """A fake Jira with `n` issues (PAY-1..n), each linked "is blocked by" one of
    `blockers` others (OPS-1..), owned in turn by `BLOCKER_OWNERS` (None: unassigned)."""
    fake = FakeJira()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for b in range(1, blockers + 1):
        owner = BLOCKER_OWNERS[b % len(BLOCKER_OWNERS)]
        fake.add_issue(FakeIssue(key=f"OPS-{b}", summary=f"Blocker {b}", assignee=owner))
    for i in range(1, n + 1):
        when = start + timedelta(hours=i)
        fake.add_issue(FakeIssue(key=f"PAY-{i}", summary=f"Blocked {i}", updated=when))
        fake.link(f"OPS-{i % blockers + 1}", f"PAY-{i}")
    return fake

"""Unblocking actions not yet confirmed by Jira, shown on the issues at once.

The panes show Jira's issues with the open outbox jobs laid over them (a flag set,
a new status, a new assignee, a link gone), so an action shows before Jira takes
it, stays across a restart and a refresh that fetched the old state, and goes
away by itself when Jira refuses it (the job is failed, no longer open).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cockpit.models import BlockReason, Issue

if TYPE_CHECKING:
    from cockpit.store.outbox import Job

ACTIONS = ("flag", "transition", "assign", "unlink")


def _reasons(flagged: bool, status: str, blocked_by: tuple[str, ...]) -> tuple[BlockReason, ...]:
    reasons: list[BlockReason] = []
    if flagged:
        reasons.append("flagged")
    if status.strip().lower() == "blocked":
        reasons.append("status")
    if blocked_by:
        reasons.append("link")
    return tuple(reasons)


def overlay(issue: Issue, jobs: Iterable[Job]) -> Issue:
    """`issue` as it will be once `jobs` (its open action jobs, in order) are sent."""
    flagged, status, assignee = issue.flagged, issue.status, issue.assignee
    blocked_by = issue.blocked_by
    for job in jobs:
        p = job.payload
        if job.kind == "flag":
            flagged = bool(p.get("on"))
        elif job.kind == "transition":
            status = str(p.get("to") or status)
        elif job.kind == "assign":
            assignee = p.get("name") if p.get("account") else None
        elif job.kind == "unlink":
            blocked_by = tuple(k for k in blocked_by if k != p.get("blocker"))
    return dataclasses.replace(
        issue,
        flagged=flagged,
        status=status,
        assignee=assignee,
        blocked_by=blocked_by,
        reasons=_reasons(flagged, status, blocked_by) if issue.reasons else issue.reasons,
    )


def apply_pending(issues: Sequence[Issue], jobs: Iterable[Job]) -> list[Issue]:
    """`issues` with the open action `jobs` laid over them (the same list if none)."""
    by_key: dict[str, list[Job]] = {}
    for job in jobs:
        if job.kind in ACTIONS and job.state in ("pending", "sending"):
            by_key.setdefault(job.key, []).append(job)
    if not by_key:
        return list(issues)
    return [overlay(i, by_key[i.key]) if i.key in by_key else i for i in issues]

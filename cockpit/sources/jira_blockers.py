"""The issues that block others: summary, status and owner, one search per 100.

A blocked issue's links carry the blocker's summary and status but not its
assignee, so the blockers are asked for with `key in (...)` searches of at most
`BLOCKER_BATCH` keys each: never one request per blocker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cockpit.models import Issue
from cockpit.sources.jira_fields import parse_issue

if TYPE_CHECKING:
    from cockpit.sources.jira import JiraClient

BLOCKER_BATCH = 100
"""Keys per search (Jira's page size: one request per batch)."""
BLOCKER_FIELDS = ("summary", "status", "issuetype", "priority", "assignee", "updated")


def blocker_keys(blocked: Iterable[Issue]) -> list[str]:
    """Every distinct key that blocks one of `blocked`, in first-seen order."""
    return list(dict.fromkeys(key for issue in blocked for key in issue.blocked_by))


async def fetch_blockers(jira: JiraClient, keys: Sequence[str]) -> dict[str, Issue]:
    """Key -> the blocker as an `Issue` (those Jira did not return are left out)."""
    found: dict[str, Issue] = {}
    if not keys:
        return found
    ids = await jira.fields()
    for start in range(0, len(keys), BLOCKER_BATCH):
        chunk = keys[start : start + BLOCKER_BATCH]
        jql = f"key in ({', '.join(chunk)})"
        for raw in await jira.search(jql, BLOCKER_FIELDS):
            issue = parse_issue(raw, ids, jira.site.url)
            found[issue.key] = issue
    return found

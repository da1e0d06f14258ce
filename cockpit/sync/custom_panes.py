"""Custom panes (`[[panes]]`): fetched through the workspace, kept in the store per pane.

The app and `cockpit pane TITLE` both go through these functions, so the headless
twin prints what the pane shows. Each pane's issues are a snapshot of their own
(source "pane", scope: the title), so one pane's refusal never touches another's.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import TYPE_CHECKING

from cockpit.records import record
from cockpit.runtime.quiet_gc import QUIET
from cockpit.sources.pane_issue import PaneIssue, pane_issue_from_cache, pane_issue_to_cache
from cockpit.sync.workspace import Cached

if TYPE_CHECKING:
    from cockpit.config.panes import PaneConfig
    from cockpit.sources.jira import JiraClient
    from cockpit.sources.jira_columns import Column, PaneQuery
    from cockpit.sync.workspace import Workspace

SNAPSHOT = "pane"
_QUERIES: weakref.WeakKeyDictionary[JiraClient, PaneQuery] = weakref.WeakKeyDictionary()
"""One per Jira client: its site's field list is asked once."""


@record(slots=True)
class PaneData:
    """What a custom pane shows: its columns' headers and its issues."""

    headers: tuple[str, ...]
    items: list[PaneIssue]


def find_pane(workspace: Workspace, title: str) -> PaneConfig | None:
    """The `[[panes]]` table titled `title` (case-insensitive)."""
    folded = title.strip().casefold()
    return next((p for p in workspace.panes if p.title.casefold() == folded), None)


def _scope(pane: PaneConfig) -> str:
    return pane.title.casefold()


def _query(client: JiraClient) -> PaneQuery:
    from cockpit.sources.jira_columns import PaneQuery  # lazy: httpx, after the first frame

    query = _QUERIES.get(client)
    if query is None:
        query = _QUERIES[client] = PaneQuery(client)
    return query


async def fetch_pane(workspace: Workspace, pane: PaneConfig) -> PaneData:
    """Run the pane's JQL on its site and keep what came back in the store."""
    with QUIET:
        client = await workspace.jira_for(pane.site)
        columns, items = await _query(client).issues(pane.jql, pane.columns)
        data = PaneData(_headers(columns), items)
        fetched_at = workspace.now()
        headers = {"headers": list(data.headers), "columns": list(pane.columns)}

        def save() -> None:
            rows = (headers, *(pane_issue_to_cache(i) for i in items))
            workspace.store.save_snapshot(SNAPSHOT, rows, fetched_at, scope=_scope(pane))

        await asyncio.to_thread(save)
        return data


def cached_pane(workspace: Workspace, pane: PaneConfig) -> Cached[PaneData] | None:
    """The pane's last issues from the store, if any."""
    snapshot = workspace.store.load_snapshot(SNAPSHOT, scope=_scope(pane))
    if snapshot is None or not snapshot.items:
        return None
    first, *rest = snapshot.items
    headers = first.get("headers") if isinstance(first, dict) else None
    if not isinstance(headers, list) or first.get("columns") != list(pane.columns):
        return None  # the columns changed since: wait for the refresh
    items = [pane_issue_from_cache(item) for item in rest]
    return Cached(snapshot.fetched_at, PaneData(tuple(map(str, headers)), items))


def _headers(columns: list[Column]) -> tuple[str, ...]:
    return tuple(c.header for c in columns)

"""The fake's changelogs: `POST /rest/api/3/changelog/bulkfetch` (Cloud) and the
`changelog` of a searched issue (`expand=changelog`, Cloud and Data Center).

Shapes follow the contract: `BulkChangelogResponseBean` (issueChangeLogs, a
nextPageToken absent on the last page) and `PageOfChangelogs` (startAt, maxResults,
total, histories). Times are RFC 3339, as the contract's `date-time` says.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cockpit.fakejira.core import FakeResponse
from cockpit.fakejira.render import Renderer, jira_time
from cockpit.fakejira.reqs import as_int, read_json
from cockpit.fakejira.state import FakeChange, FakeIssue, FakeItem

if TYPE_CHECKING:
    from cockpit.fakejira.core import FakeJira, LoggedRequest

MAX_ISSUES = 1000
MAX_FIELDS = 10
DEFAULT_PAGE = 1000


def item_json(item: FakeItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "field": item.field,
        "fieldId": item.field_id,
        "fieldtype": item.fieldtype,
    }
    for name, value in (
        ("from", item.old),
        ("fromString", item.old_text),
        ("to", item.new),
        ("toString", item.new_text),
    ):
        if value is not None:  # the contract's strings are not nullable: absent instead
            out[name] = value
    return out


def history_json(r: Renderer, change: FakeChange, items: list[FakeItem]) -> dict[str, Any]:
    return {
        "id": str(change.id),
        "author": r.user(change.author),
        "created": jira_time(change.when, rfc3339=True),
        "items": [item_json(i) for i in items],
    }


def page_of_changelogs(r: Renderer, issue: FakeIssue) -> dict[str, Any]:
    """What `expand=changelog` adds to an issue: its whole history, oldest first."""
    histories = [history_json(r, c, c.items) for c in issue.history]
    return {
        "startAt": 0,
        "maxResults": len(histories),
        "total": len(histories),
        "histories": histories,
    }


def bulkfetch(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    """Changelogs of up to 1,000 issues, filtered by up to 10 field ids, oldest first."""
    if fake.flavor != "cloud":
        return FakeResponse.error(404, "Not found.")
    body = read_json(req)
    if not isinstance(body, dict):
        return FakeResponse.error(400, "Can not deserialize the request body.")
    refs = body.get("issueIdsOrKeys")
    wanted = body.get("fieldIds") or []
    if not isinstance(refs, list) or not 1 <= len(refs) <= MAX_ISSUES:
        return FakeResponse.error(400, f"issueIdsOrKeys: between 1 and {MAX_ISSUES} issues.")
    if not isinstance(wanted, list) or len(wanted) > MAX_FIELDS:
        return FakeResponse.error(400, f"fieldIds: at most {MAX_FIELDS} field ids.")
    size = max(1, min(as_int(body.get("maxResults"), DEFAULT_PAGE), 10000))
    entries: list[tuple[FakeIssue, FakeChange, list[FakeItem]]] = []
    for ref in dict.fromkeys(str(r) for r in refs):
        issue = fake.lookup(ref)
        if issue is None:
            continue
        for change in issue.history:
            items = [i for i in change.items if not wanted or i.field_id in wanted]
            if items:
                entries.append((issue, change, items))
    entries.sort(key=lambda e: (e[1].when, e[0].id))
    start = 0
    token = body.get("nextPageToken")
    if token:
        match = re.fullmatch(r"cl-(\d+)", str(token))
        if match is None:
            return FakeResponse.error(400, "The provided next page token is invalid.")
        start = int(match[1])
    r = fake.renderer(3)
    logs: list[dict[str, Any]] = []
    for issue, change, items in entries[start : start + size]:
        if not logs or logs[-1]["issueId"] != str(issue.id):
            logs.append({"issueId": str(issue.id), "changeHistories": []})
        logs[-1]["changeHistories"].append(history_json(r, change, items))
    out: dict[str, Any] = {"issueChangeLogs": logs}
    if start + size < len(entries):
        out["nextPageToken"] = f"cl-{start + size}"
    return FakeResponse.json(200, out)

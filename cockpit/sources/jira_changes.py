"""What changed in Jira in a window, with each issue's changelog, in few requests.

One JQL search finds the issues of the projects updated since the window began (the
day before, in fact: JQL reads dates in the Jira user's own time zone, so the exact
cut is made on the changelog's timestamps), plus unresolved issues due inside it.

- **Cloud**: the search asks for fields only, then `POST /changelog/bulkfetch` gets
  the histories of up to 1,000 issues a call, filtered to the seven fields the
  stand-up reads. Chosen over `expand=changelog` on `/search/jql`, which Cloud caps
  per issue (the newest entries only), which carries every field's history
  (descriptions, comments' edits) and makes pages smaller: 1,000 changed issues
  cost 10 search pages plus one bulkfetch call, whatever their histories hold.
- **Data Center**: no bulkfetch; `expand=changelog` on `/rest/api/2/search` gives
  each issue's whole history in the same pages.

Status categories come from GET /status (a changelog names statuses, not their
category), so a workflow whose done status is "Closed" or "Shipped" still counts.
Paging, 429 and size caps are the client's (`JiraClient.call` -> `http.send`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cockpit.models import ChangeField, ChangeItem, IssueChange
from cockpit.sources.errors import BadResponse
from cockpit.sources.jira import BASE_FIELDS, JiraClient, JiraFields, _quote
from cockpit.sources.jira_fields import blocker_links, parse_issue, parse_time
from cockpit.sources.jira_site import SOURCE

BULK_ISSUES = 1000
"""Issues per bulkfetch call (the contract's maximum)."""
SYSTEM_FIELDS: Mapping[str, ChangeField] = {
    "status": "status",
    "resolution": "resolution",
    "fixVersions": "fixVersion",
    "duedate": "duedate",
    "issuelinks": "link",
}
FIELD_NAMES: Mapping[str, ChangeField] = {
    "status": "status",
    "resolution": "resolution",
    "fix version": "fixVersion",
    "duedate": "duedate",
    "link": "link",
    "sprint": "sprint",
    "flagged": "flagged",
}
"""Changelog `field` names, for Data Center entries that carry no `fieldId`."""


class JiraChanges:
    """The changed issues of a window; hand it the site's `JiraClient`."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client

    async def changed(
        self, projects: Sequence[str], since: datetime, until: datetime
    ) -> list[IssueChange]:
        """Issues of `projects` that changed (or fell due) in [since, until), with history."""
        client = self.client
        ids = await client.fields()  # a known site's are remembered: no request
        jql = window_jql(projects, since, until)
        wanted = [*BASE_FIELDS, "issuelinks", "duedate", "statuscategorychangedate"]
        wanted += [f for f in (ids.flagged, ids.epic_link) if f]
        cloud = client.site.flavor == "cloud"
        if cloud:
            wanted.append("parent")
        # the statuses are needed only to read the histories: asked beside the search
        raws, statuses = await asyncio.gather(
            client.search(jql, wanted, changelog=not cloud), client.statuses()
        )
        categories = _categories(statuses)
        if cloud:
            histories = await self._bulkfetch([str(r.get("id")) for r in raws], ids)
        else:
            histories = {str(r.get("id")): _dc_histories(r) for r in raws}
        site = client.site.url
        return await asyncio.to_thread(
            lambda: [
                build_change(raw, histories.get(str(raw.get("id")), []), ids, categories, site)
                for raw in raws
            ]
        )

    async def _bulkfetch(self, issue_ids: list[str], ids: JiraFields) -> dict[str, list[Any]]:
        """issue id -> its changelog entries, in batches of 1,000 issues, every page."""
        fields = [*SYSTEM_FIELDS, *(f for f in (ids.sprint, ids.flagged) if f)]
        out: dict[str, list[Any]] = {}
        url = f"{self.client.site.api}/changelog/bulkfetch"
        for at in range(0, len(issue_ids), BULK_ISSUES):
            body: dict[str, Any] = {
                "issueIdsOrKeys": issue_ids[at : at + BULK_ISSUES],
                "fieldIds": fields,
                "maxResults": 1000,
            }
            seen: set[str] = set()
            while True:
                page = await self.client.call("POST", url, json=body, retry=True)
                logs = page.get("issueChangeLogs") if isinstance(page, dict) else None
                if not isinstance(logs, list):
                    raise BadResponse(SOURCE, "Jira's changelog answer had no 'issueChangeLogs'.")
                for log in logs:
                    if isinstance(log, dict) and isinstance(log.get("changeHistories"), list):
                        out.setdefault(str(log.get("issueId")), []).extend(log["changeHistories"])
                token = page.get("nextPageToken")
                if not token:
                    break
                if token in seen:
                    raise BadResponse(SOURCE, "Jira's changelog answer repeated a page token.")
                seen.add(token)
                body["nextPageToken"] = token
        return out


def window_jql(projects: Sequence[str], since: datetime, until: datetime) -> str:
    """Updated since the day before `since`, or unresolved and due inside the window."""
    start = (since.astimezone(UTC) - timedelta(days=1)).date().isoformat()
    end = until.astimezone(UTC).date().isoformat()
    scope = "project in (" + ", ".join(_quote(p) for p in projects) + ") AND " if projects else ""
    return (
        f'{scope}(updated >= "{start}" OR (duedate >= "{start}" AND duedate <= "{end}" '
        "AND resolution = EMPTY)) ORDER BY key"
    )


def _categories(statuses: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Status id and lower-cased name -> category key ('new', 'indeterminate', 'done')."""
    out: dict[str, str] = {}
    for status in statuses:
        category = status.get("statusCategory")
        key = category.get("key") if isinstance(category, dict) else None
        if isinstance(key, str):
            out[str(status.get("id"))] = key
            out[str(status.get("name", "")).lower()] = key
    return out


def _dc_histories(raw: Any) -> list[Any]:
    changelog = raw.get("changelog") if isinstance(raw, dict) else None
    histories = changelog.get("histories") if isinstance(changelog, dict) else None
    return histories if isinstance(histories, list) else []


def change_time(value: Any) -> datetime | None:
    """A changelog time: Jira's text forms, or epoch seconds or milliseconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, UTC)
    return parse_time(value)


def _kind(item: Mapping[str, Any], ids: JiraFields) -> ChangeField | None:
    field_id = item.get("fieldId")
    if isinstance(field_id, str):
        if field_id == ids.sprint:
            return "sprint"
        if field_id == ids.flagged:
            return "flagged"
        if field_id in SYSTEM_FIELDS:
            return SYSTEM_FIELDS[field_id]
        if field_id.startswith("customfield_"):
            return None
    return FIELD_NAMES.get(str(item.get("field", "")).lower())


def _text(value: Any) -> str | None:
    return str(value) if value is not None and value != "" else None


def parse_history(
    entries: Sequence[Any], ids: JiraFields, categories: Mapping[str, str]
) -> tuple[ChangeItem, ...]:
    """Changelog entries as `ChangeItem`s of the fields the stand-up reads, oldest first."""
    items: list[ChangeItem] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        when = change_time(entry.get("created"))
        author = entry.get("author")
        who = author.get("displayName") if isinstance(author, dict) else None
        if when is None or not isinstance(entry.get("items"), list):
            continue
        for raw in entry["items"]:
            kind = _kind(raw, ids) if isinstance(raw, dict) else None
            if kind is None:
                continue
            old, new = _text(raw.get("fromString")), _text(raw.get("toString"))
            old_id, new_id = _text(raw.get("from")), _text(raw.get("to"))
            old_cat = new_cat = None
            if kind == "status":
                old_cat = categories.get(old_id or "") or categories.get((old or "").lower())
                new_cat = categories.get(new_id or "") or categories.get((new or "").lower())
            items.append(
                ChangeItem(when, kind, old, new, old_id, new_id, old_cat, new_cat, _text(who))
            )
    items.sort(key=lambda i: i.when)
    return tuple(items)


def build_change(
    raw: Any,
    entries: Sequence[Any],
    ids: JiraFields,
    categories: Mapping[str, str],
    site_url: str,
) -> IssueChange:
    """One searched issue and its changelog entries as an `IssueChange`."""
    issue = parse_issue(raw, ids, site_url)
    due_text = raw["fields"].get("duedate")
    due = None
    if isinstance(due_text, str):
        try:
            due = date.fromisoformat(due_text[:10])
        except ValueError:
            due = None
    return IssueChange(
        key=issue.key,
        summary=issue.summary,
        status=issue.status,
        status_category=issue.status_category or categories.get(issue.status.lower()),
        assignee=issue.assignee,
        epic=issue.epic,
        url=issue.url,
        history=parse_history(entries, ids, categories),
        reasons=issue.reasons,
        blocked_by=issue.blocked_by,
        due=due,
        resolved_blockers=tuple(
            key for key, done in blocker_links(raw["fields"].get("issuelinks")) if done
        ),
    )

"""The roadmap's reads from Jira: fix versions with their counts, open epics, counts.

Counts, never lists, wherever Jira can count:

- **Cloud**: `GET /rest/api/3/project/{key}/version?expand=issuesstatus` gives each
  version's issues by status category in the same page (unreleased: every page;
  released: the newest page only, enough for the last 30 days). An epic's children
  and a key result's query are counted with `POST /search/approximate-count`.
- **Data Center**: `GET /rest/api/2/project/{key}/versions` (no issue counts there);
  counts come from `POST /rest/api/2/search` with `maxResults: 0` (its `total`).

Children of an epic are `parent = KEY` on Cloud, `"Epic Link" = KEY` on Data
Center. Every call goes through the client (`JiraClient.call`: retries, size caps,
refusals). Bounded: at most MAX_VERSIONS versions and MAX_EPICS epics a project.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from typing import Any

import httpx

from cockpit.records import record
from cockpit.sources.errors import BadResponse
from cockpit.sources.jira import JiraClient, _quote
from cockpit.sources.jira_fields import parse_issue, parse_time
from cockpit.sources.jira_site import SOURCE

MAX_VERSIONS = 200
MAX_EPICS = 300
VERSION_PAGE = 50
CATEGORIES = (("todo", "To Do"), ("in_progress", "In Progress"), ("done", "Done"))
"""Our name for each status category, and JQL's."""


@record(slots=True)
class VersionRow:
    """A fix version as Jira gave it; `counts` is (to do, in progress, done) or None
    when the site does not count (Data Center)."""

    id: str
    name: str
    description: str
    project: str
    start: date | None
    release: date | None
    released: bool
    counts: tuple[int, int, int] | None
    url: str


@record(slots=True)
class EpicRow:
    key: str
    summary: str
    project: str
    start: date | None
    due: date | None
    url: str


@record(slots=True)
class BlockedRow:
    """A blocked issue: the fix version ids and the epic it counts against."""

    key: str
    versions: tuple[str, ...]
    epic: str | None


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class JiraRoadmap:
    """The roadmap reads of one site; hand it the site's `JiraClient`."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        api = client.site.api
        path = "/search/approximate-count" if self.cloud else "/search"
        self._count_url = httpx.URL(f"{api}{path}")
        """Built once: parsing the URL is a third of a count's own cost."""

    @property
    def cloud(self) -> bool:
        return self.client.site.flavor == "cloud"

    def children_jql(self, epic: str) -> str:
        return f"parent = {epic}" if self.cloud else f'"Epic Link" = {epic}'

    # --- versions ---------------------------------------------------------------

    async def versions(self, project: str) -> list[VersionRow]:
        """Unreleased versions of `project`, and its most recently released ones."""
        if self.cloud:
            unreleased, released = await asyncio.gather(
                self._version_pages(project, "unreleased", every_page=True),
                self._version_pages(project, "released", every_page=False),
            )
            return unreleased + released
        url = f"{self.client.site.api}/project/{project}/versions"
        data = await self.client.call("GET", url)
        if not isinstance(data, list):
            raise BadResponse(SOURCE, f"Jira's versions of {project} were not a list.")
        rows = [r for v in data if (r := self._version(v, project)) is not None]
        return rows[:MAX_VERSIONS]

    async def _version_pages(
        self, project: str, status: str, *, every_page: bool
    ) -> list[VersionRow]:
        url = f"{self.client.site.api}/project/{project}/version"
        params: dict[str, Any] = {
            "expand": "issuesstatus",
            "status": status,
            "maxResults": VERSION_PAGE,
            "orderBy": "-releaseDate" if status == "released" else "sequence",
        }
        out: list[VersionRow] = []
        while True:
            page = await self.client.call("GET", url, params={**params, "startAt": len(out)})
            values = page.get("values") if isinstance(page, dict) else None
            if not isinstance(values, list):
                raise BadResponse(SOURCE, f"Jira's versions of {project} had no 'values'.")
            out.extend(r for v in values if (r := self._version(v, project)) is not None)
            if not every_page or not values or page.get("isLast", True) or len(out) >= MAX_VERSIONS:
                return out[:MAX_VERSIONS]

    def _version(self, raw: Any, project: str) -> VersionRow | None:
        if not isinstance(raw, dict) or raw.get("id") is None or raw.get("archived"):
            return None
        status = raw.get("issuesStatusForFixVersion")
        counts = None
        if isinstance(status, dict):
            num = [int(status.get(k) or 0) for k in ("toDo", "inProgress", "done", "unmapped")]
            counts = (num[0] + num[3], num[1], num[2])
        vid = str(raw["id"])
        return VersionRow(
            id=vid,
            name=str(raw.get("name") or vid),
            description=str(raw.get("description") or ""),
            project=project,
            start=_day(raw.get("startDate")),
            release=_day(raw.get("releaseDate")),
            released=bool(raw.get("released")),
            counts=counts,
            url=f"{self.client.site.url}/projects/{project}/versions/{vid}",
        )

    # --- epics ------------------------------------------------------------------

    async def open_epics(self, project: str) -> list[EpicRow]:
        jql = (
            f"project = {_quote(project)} AND issuetype = Epic AND statusCategory != Done"
            " ORDER BY key"
        )
        raws = await self.client.search(jql, ["summary", "duedate", "created", "status"])
        out: list[EpicRow] = []
        for raw in raws[:MAX_EPICS]:
            key = raw.get("key") if isinstance(raw, dict) else None
            fields = raw.get("fields") if isinstance(raw, dict) else None
            if not isinstance(key, str) or not isinstance(fields, dict):
                continue
            created = parse_time(fields.get("created"))
            out.append(
                EpicRow(
                    key=key,
                    summary=str(fields.get("summary") or ""),
                    project=project,
                    start=created.date() if created else None,
                    due=_day(fields.get("duedate")),
                    url=f"{self.client.site.url}/browse/{key}",
                )
            )
        return out

    # --- counts -----------------------------------------------------------------

    async def count(self, jql: str) -> int:
        """How many issues match `jql`, without listing them."""
        url = self._count_url
        if self.cloud:
            data = await self.client.call_at("POST", url, json={"jql": jql}, retry=True)
            value = data.get("count") if isinstance(data, dict) else None
        else:
            body = {"jql": jql, "maxResults": 0, "fields": ["id"]}
            data = await self.client.call_at("POST", url, json=body, retry=True)
            value = data.get("total") if isinstance(data, dict) else None
        if not isinstance(value, int):
            raise BadResponse(SOURCE, "Jira's count answer had no number in it.")
        return value

    async def category_counts(self, jql: str) -> tuple[int, int, int]:
        """(to do, in progress, done) of the issues of `jql`, counted concurrently."""
        todo, doing, done = await asyncio.gather(
            *(self.count(f"({jql}) AND statusCategory = {_quote(name)}") for _, name in CATEGORIES)
        )
        return todo, doing, done

    async def first_issues(self, jql: str, fields: Sequence[str], limit: int = 100) -> list[Any]:
        """The first `limit` (at most 100) raw issues of `jql`: one page, never more."""
        api = self.client.site.api
        body: dict[str, Any] = {"jql": jql, "fields": list(fields), "maxResults": min(limit, 100)}
        if self.cloud:
            page = await self.client.call("POST", f"{api}/search/jql", json=body, retry=True)
        else:
            page = await self.client.call(
                "POST", f"{api}/search", json={**body, "startAt": 0}, retry=True
            )
        issues = page.get("issues") if isinstance(page, dict) else None
        if not isinstance(issues, list):
            raise BadResponse(SOURCE, "Jira's search answer had no 'issues' list.")
        return issues[:limit]

    async def blocked(self, projects: Sequence[str]) -> list[BlockedRow]:
        """Blocked issues of `projects` (the Blocked pane's rule), with versions and epic."""
        client = self.client
        ids = await client.fields()
        query = await client.default_blocked_jql(projects)
        wanted = ["summary", "status", "issuelinks", "fixVersions"]
        wanted += [f for f in (ids.flagged, ids.epic_link) if f]
        if self.cloud:
            wanted.append("parent")
        raws = await client.search(query, wanted)
        out: list[BlockedRow] = []
        for raw in raws:
            issue = parse_issue(raw, ids, client.site.url)
            if not issue.reasons:
                continue
            versions = raw["fields"].get("fixVersions") or []
            out.append(
                BlockedRow(
                    issue.key,
                    tuple(str(v.get("id")) for v in versions if isinstance(v, dict)),
                    issue.epic,
                )
            )
        return out

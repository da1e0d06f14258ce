"""The Jira client (Cloud REST v3 or Data Center REST v2, plus Agile 1.0), async on httpx.

Reads: blocked issues (JQL search, paged the flavor's way), the board backlog in rank
order, boards, priorities, comments. Writes: rank (at most 50 issues a call, 207
partial failures returned), priority, comments (ADF on Cloud, escaped wiki markup on DC).
Every call goes through `cockpit.sources.http.send` (retries, Retry-After); refusals
become one clear sentence, malformed answers BadResponse. Never logs a secret.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import field
from datetime import datetime
from typing import Any, TypeVar

import httpx

from cockpit.models import Issue
from cockpit.records import record
from cockpit.sources.errors import BadResponse
from cockpit.sources.http import RetryPolicy, json_body, send
from cockpit.sources.jira_actions import JiraActions
from cockpit.sources.jira_adf import adf_to_text, text_to_adf
from cockpit.sources.jira_catalog import JiraCatalog, SiteMemory, StaleSite
from cockpit.sources.jira_fields import JiraFields, parse_issue, parse_time
from cockpit.sources.jira_refusal import JiraRefused, refusal
from cockpit.sources.jira_site import SOURCE, Flavor, JiraSite, build_http_client, detect_flavor
from cockpit.sources.jira_wiki import wiki_escape, wiki_unescape

__all__ = [
    "Comment",
    "Flavor",
    "JiraClient",
    "JiraFields",
    "JiraRefused",
    "JiraSite",
    "RankResult",
    "build_http_client",
    "detect_flavor",
]

PAGE = 100
RANK_BATCH = 50
BASE_FIELDS = ("summary", "status", "issuetype", "priority", "assignee", "updated")
BLOCKED_FIELDS = ("issuelinks", "statuscategorychangedate")
T = TypeVar("T")


@record
class RankResult:
    """What a rank call did: `failed` maps issue key -> Jira's reason (207 partial)."""

    ranked: tuple[str, ...] = ()
    failed: Mapping[str, str] = field(default_factory=dict)


@record
class Comment:
    """A Jira comment, its body flattened to plain text."""

    id: str
    body: str
    created: datetime | None


class JiraClient(JiraActions):
    """One Jira site; hand it the client from `build_http_client(site)` (the unblocking
    writes come from `JiraActions`)."""

    def __init__(
        self, http: httpx.AsyncClient, site: JiraSite, *, policy: RetryPolicy | None = None
    ) -> None:
        self.http = http
        self.site = site
        self.policy = policy or RetryPolicy()
        self.catalog = JiraCatalog(lambda path: self._json("GET", f"{self.site.api}{path}"))
        self._status_list: list[dict[str, Any]] | None = None

    def __repr__(self) -> str:
        return f"JiraClient({self.site.url!r}, {self.site.flavor})"

    # --- plumbing -----------------------------------------------------------------

    async def _request(
        self,
        method: str,
        url: str | httpx.URL,
        *,
        ok: tuple[int, ...] = (200,),
        retry: bool = False,
        **kw: Any,
    ) -> httpx.Response:
        response = await send(
            self.http, method, url, source=SOURCE, policy=self.policy, retry_writes=retry, **kw
        )
        if response.status_code in ok:
            return response
        raise refusal(self.site, response, url)

    async def _json(self, method: str, url: str | httpx.URL, **kw: Any) -> Any:
        return json_body(await self._request(method, url, **kw), SOURCE)

    def remember_site_in(self, memory: SiteMemory) -> None:
        """Keep the site's field ids and status names in `memory` across runs."""
        self.catalog.memory = memory

    async def fields(self) -> JiraFields:
        """The site's custom field ids (remembered, or discovered once per client)."""
        return await self.catalog.fields()

    async def _trusting(self, read: Callable[[], Awaitable[T]]) -> T:
        """`read()`; if it shows that remembered field ids or statuses are stale (a page
        without a remembered field, a search refused with 400), ask the site again
        and read once more."""
        seen = self.catalog.generation
        try:
            return await read()
        except (StaleSite, JiraRefused) as exc:
            if isinstance(exc, JiraRefused) and exc.status != 400:
                raise
            if not await self.catalog.rediscover(seen):
                raise
        return await read()

    async def statuses(self) -> list[dict[str, Any]]:
        """The site's statuses with their categories, as Jira gives them (GET /status,
        asked once per client): the stand-up decides done/started by category."""
        if self._status_list is None:
            data = await self._json("GET", f"{self.site.api}/status")
            if not isinstance(data, list):
                raise BadResponse(SOURCE, "Jira's status list was not a list.")
            self._status_list = [s for s in data if isinstance(s, dict)]
        return self._status_list

    async def call(self, method: str, url: str, **kw: Any) -> Any:
        """A JSON request with the client's retries and refusals (for `jira_changes`)."""
        return await self._json(method, url, **kw)

    async def call_at(self, method: str, url: httpx.URL, **kw: Any) -> Any:
        """`call` to a URL parsed once (the roadmap's hundreds of counts)."""
        return await self._json(method, url, **kw)

    # --- reads --------------------------------------------------------------------

    async def myself(self) -> str:
        """The signed-in user's display name (tests the credential)."""
        data = await self._json("GET", f"{self.site.api}/myself")
        if not isinstance(data, dict):
            raise BadResponse(SOURCE, "Jira's /myself answer was not an object.")
        return str(data.get("displayName") or data.get("name") or data.get("emailAddress") or "?")

    async def boards(self) -> list[tuple[int, str]]:
        """(id, name) of every board the user can see."""
        out: list[tuple[int, str]] = []
        start = 0
        while True:
            page = await self._json(
                "GET", f"{self.site.agile}/board", params={"startAt": start, "maxResults": 50}
            )
            values = page.get("values") if isinstance(page, dict) else None
            if not isinstance(values, list):
                raise BadResponse(SOURCE, "Jira's board list had no 'values'.")
            for board in values:
                if isinstance(board, dict) and isinstance(board.get("id"), int):
                    out.append((board["id"], str(board.get("name", ""))))
            start += len(values)
            if not values or page.get("isLast", True) or start >= page.get("total", start + 1):
                return out

    async def default_blocked_jql(self, projects: Sequence[str]) -> str:
        """Unresolved issues of `projects` that are flagged, in Blocked, or linked as blocked."""
        ids, statuses = await asyncio.gather(self.fields(), self.catalog.statuses())
        ors = []
        if ids.flagged:
            ors.append(f"{ids.jql_ref(ids.flagged)} = Impediment")
        if "blocked" in statuses:
            ors.append('status = "Blocked"')
        ors.append('issueLinkType = "is blocked by"')
        scope = ""
        if projects:
            scope = "project in (" + ", ".join(_quote(p) for p in projects) + ") AND "
        return f"{scope}resolution = EMPTY AND ({' OR '.join(ors)}) ORDER BY updated DESC"

    async def blocked(self, projects: Sequence[str], jql: str | None = None) -> list[Issue]:
        """Blocked issues; a link counts only while the blocker is not done.

        `jql` (the config's blocked_jql) replaces the default query; its issues are all
        kept, with whatever reasons apply.
        """
        return await self._trusting(lambda: self._blocked(projects, jql))

    async def _blocked(self, projects: Sequence[str], jql: str | None) -> list[Issue]:
        query = jql or await self.default_blocked_jql(projects)  # fields and statuses at once
        ids = await self.fields()
        wanted = [*BASE_FIELDS, *BLOCKED_FIELDS, *(f for f in (ids.flagged,) if f)]
        raws = await self.search(query, wanted)
        self.catalog.check_page(ids, wanted, raws)
        issues = [parse_issue(raw, ids, self.site.url) for raw in raws]
        return issues if jql else [i for i in issues if i.reasons]

    async def search(
        self, jql: str, fields: Sequence[str], *, changelog: bool = False, limit: int = 0
    ) -> list[Any]:
        """Every raw issue matching `jql`, with `fields`, across all pages
        (`changelog`: each with its history, Data Center's `expand=changelog`;
        `limit`: at most that many, when not 0)."""
        if self.site.flavor == "cloud":
            found = await self._search_cloud(jql, fields, changelog, limit)
        else:
            found = await self._search_dc(jql, fields, changelog, limit)
        return found[:limit] if limit else found

    async def _search_cloud(
        self, jql: str, fields: Sequence[str], changelog: bool, limit: int = 0
    ) -> list[Any]:
        out: list[Any] = []
        token: str | None = None
        seen: set[str] = set()
        while True:
            body: dict[str, Any] = {"jql": jql, "fields": list(fields), "maxResults": PAGE}
            if changelog:
                body["expand"] = "changelog"
            if token:
                body["nextPageToken"] = token
            page = await self._json("POST", f"{self.site.api}/search/jql", json=body, retry=True)
            issues = page.get("issues") if isinstance(page, dict) else None
            if not isinstance(issues, list):
                raise BadResponse(SOURCE, "Jira's search answer had no 'issues' list.")
            out.extend(issues)
            token = page.get("nextPageToken")
            if page.get("isLast") is True or not token or (limit and len(out) >= limit):
                return out
            if token in seen:
                raise BadResponse(SOURCE, "Jira's search repeated a page token.")
            seen.add(token)

    async def _search_dc(
        self, jql: str, fields: Sequence[str], changelog: bool, limit: int = 0
    ) -> list[Any]:
        body: dict[str, Any] = {"jql": jql, "fields": list(fields), "maxResults": PAGE}
        if changelog:
            body["expand"] = ["changelog"]
        return await self._paged(
            "POST",
            f"{self.site.api}/search",
            lambda start: {"json": {**body, "startAt": start}},
            limit=limit,
        )

    async def _paged(
        self,
        method: str,
        url: str,
        args: Any,
        convert: Callable[[Any], Any] | None = None,
        check: Callable[[list[Any]], None] | None = None,
        limit: int = 0,
    ) -> list[Any]:
        """startAt/maxResults/total paging; stops at total or on an empty page.

        `convert` is applied to each page as it arrives (after `check`), so building
        50,000 models never holds the event loop in one go (it took ~0.8 s after the
        last page).
        """
        out: list[Any] = []
        while True:
            page = await self._json(method, url, retry=True, **args(len(out)))
            issues = page.get("issues") if isinstance(page, dict) else None
            if not isinstance(issues, list):
                raise BadResponse(SOURCE, "Jira's answer had no 'issues' list.")
            if check is not None:
                check(issues)
            out.extend(map(convert, issues) if convert else issues)
            total = page.get("total")
            if not issues or (isinstance(total, int) and len(out) >= total):
                return out
            if limit and len(out) >= limit:
                return out

    async def backlog(self, board: int) -> list[Issue]:
        """The board's backlog in rank order (all pages)."""
        return await self._trusting(lambda: self._backlog(board))

    async def _backlog(self, board: int) -> list[Issue]:
        ids = await self.fields()
        wanted = [
            *BASE_FIELDS,
            *(f for f in (ids.points, ids.rank, ids.flagged, ids.epic_link) if f),
        ]
        if self.site.flavor == "cloud":
            wanted.append("parent")
        url = f"{self.site.agile}/board/{int(board)}/backlog"
        return await self._paged(
            "GET",
            url,
            lambda start: {
                "params": {"startAt": start, "maxResults": PAGE, "fields": ",".join(wanted)}
            },
            convert=lambda raw: parse_issue(raw, ids, self.site.url),
            check=lambda page: self.catalog.check_page(ids, wanted, page),
        )

    async def priorities(self) -> list[str]:
        """The site's priority names, highest first (as Jira orders them)."""
        data = await self._json("GET", f"{self.site.api}/priority")
        if not isinstance(data, list):
            raise BadResponse(SOURCE, "Jira's priority list was not a list.")
        return [p["name"] for p in data if isinstance(p, dict) and isinstance(p.get("name"), str)]

    async def comments(self, key: str) -> list[Comment]:
        """Every comment on `key` (oldest first), bodies as plain text."""
        url = f"{self.site.api}/issue/{_key(key)}/comment"
        out: list[Comment] = []
        while True:
            page = await self._json(
                "GET", url, params={"startAt": len(out), "maxResults": PAGE, "orderBy": "created"}
            )
            items = page.get("comments") if isinstance(page, dict) else None
            if not isinstance(items, list):
                raise BadResponse(SOURCE, f"Jira's comments on {key} had no 'comments' list.")
            for item in items:
                if not isinstance(item, dict) or item.get("id") is None:
                    raise BadResponse(SOURCE, f"Jira sent a comment on {key} without an id.")
                body = item.get("body")
                out.append(
                    Comment(
                        str(item["id"]),
                        wiki_unescape(body) if isinstance(body, str) else adf_to_text(body),
                        parse_time(item.get("created")),
                    )
                )
            total = page.get("total")
            if not items or not isinstance(total, int) or len(out) >= total:
                return out

    # --- writes -------------------------------------------------------------------

    async def rank(
        self, keys: Sequence[str], *, before: str | None = None, after: str | None = None
    ) -> RankResult:
        """Move `keys` (kept in this order) before or after another issue.

        Lists longer than 50 go in several calls. Issues Jira refused (207) are in
        `failed`; a 403 (no Schedule Issues permission) raises JiraRefused.
        """
        if (before is None) == (after is None):
            raise ValueError("rank needs exactly one of before= or after=")
        keys = [k for k in keys if k]
        ranked: list[str] = []
        failed: dict[str, str] = {}
        anchor_after = after
        for i in range(0, len(keys), RANK_BATCH):
            chunk = keys[i : i + RANK_BATCH]
            body: dict[str, Any] = {"issues": chunk}
            if before is not None:
                body["rankBeforeIssue"] = before
            else:
                body["rankAfterIssue"] = anchor_after
            response = await self._request(
                "PUT", f"{self.site.agile}/issue/rank", json=body, ok=(204, 207, 200)
            )
            chunk_failed = _rank_failures(response, chunk) if response.status_code == 207 else {}
            failed.update(chunk_failed)
            done = [k for k in chunk if k not in chunk_failed]
            ranked.extend(done)
            if done:
                anchor_after = done[-1]
        return RankResult(tuple(ranked), failed)

    async def set_priority(self, key: str, name: str) -> None:
        await self._request(
            "PUT",
            f"{self.site.api}/issue/{_key(key)}",
            json={"fields": {"priority": {"name": name}}},
            ok=(204, 200),
        )

    async def add_comment(self, key: str, text: str) -> str:
        """Post a comment (ADF on Cloud, escaped wiki markup on Data Center, so both
        say exactly `text`); returns its id.

        Not retried after a lost answer: the outbox reconciles through `comments()`.
        """
        body: Any = text_to_adf(text) if self.site.flavor == "cloud" else wiki_escape(text)
        data = json_body(
            await self._request(
                "POST",
                f"{self.site.api}/issue/{_key(key)}/comment",
                json={"body": body},
                ok=(201, 200),
            ),
            SOURCE,
        )
        if not isinstance(data, dict) or data.get("id") is None:
            raise BadResponse(SOURCE, f"Jira did not say which comment it created on {key}.")
        return str(data["id"])


def _rank_failures(response: httpx.Response, chunk: Sequence[str]) -> dict[str, str]:
    data = json_body(response, SOURCE)
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BadResponse(SOURCE, "Jira's partial rank answer (207) had no 'entries'.")
    failed: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("status") in (200, 204):
            continue
        key = str(entry.get("issueKey") or entry.get("issueId") or "?")
        errors = entry.get("errors")
        reason = "; ".join(str(e) for e in errors) if isinstance(errors, list) and errors else ""
        failed[key] = reason or f"Jira did not rank {key} (HTTP {entry.get('status')})."
    return failed


def _key(key: str) -> str:
    if not key or not all(c.isalnum() or c in "-_" for c in key):
        raise ValueError(f"not a Jira issue key: {key!r}")
    return key


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

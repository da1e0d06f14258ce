"""The fake Jira's endpoints: REST v2/v3 platform and Agile 1.0, Cloud or Data Center."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cockpit.fakejira import actions, history
from cockpit.fakejira.board_routes import BOARD_ROUTES
from cockpit.fakejira.changelog import bulkfetch
from cockpit.fakejira.core import FakeResponse
from cockpit.fakejira.render import field_list
from cockpit.fakejira.reqs import as_int, page, q, read_json
from cockpit.fakejira.search import search_jql, search_old
from cockpit.fakejira.state import PRIORITIES, STATUSES
from cockpit.fakejira.versions import approximate_count, version_list, version_page
from cockpit.sources.jira_adf import adf_to_text

if TYPE_CHECKING:
    from cockpit.fakejira.core import FakeJira, LoggedRequest

Handler = Callable[["FakeJira", "LoggedRequest", "re.Match[str]"], "FakeResponse"]
MAX_RANK = 50


def route(fake: FakeJira, req: LoggedRequest) -> FakeResponse:
    for method, pattern, handler, anonymous in ROUTES:
        match = re.fullmatch(pattern, req.path)
        if match is None or method != req.method:
            continue
        version = match.groupdict().get("v")
        if version is not None and fake.flavor == "datacenter" and version != "2":
            return FakeResponse.error(404, "Not found.")
        if not anonymous and not fake.authorized(req.headers):
            return FakeResponse.error(
                401, "You are not authenticated. Authentication required to perform this operation."
            )
        return handler(fake, req, match)
    if any(re.fullmatch(p, req.path) for _, p, _, _ in ROUTES):
        return FakeResponse.error(405, "Method not allowed.")
    return FakeResponse.error(404, "Not found.")


# --- platform ---------------------------------------------------------------------


def server_info(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    cloud = fake.flavor == "cloud"
    return FakeResponse.json(
        200,
        {
            "baseUrl": fake.base_url,
            "version": "1001.0.0-SNAPSHOT" if cloud else "9.12.4",
            "versionNumbers": [1001, 0, 0] if cloud else [9, 12, 4],
            "deploymentType": "Cloud" if cloud else "Server",
            "buildNumber": 100250 if cloud else 9120004,
            "buildDate": "2024-05-01T00:00:00.000+00:00",
            "serverTime": "2024-05-01T00:00:00.000+00:00",
            "scmInfo": "0",
            "serverTitle": "PM Cockpit fake Jira",
        },
    )


def myself(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    user = fake.renderer(int(m["v"])).user(fake.user) or {}
    user.update(emailAddress=fake.email or "pm@example.com", timeZone="UTC", locale="en_US")
    return FakeResponse.json(200, user)


def fields(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    return FakeResponse.json(200, field_list(fake.ids, fake.flavor))


def priorities(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    return FakeResponse.json(200, fake.renderer(int(m["v"])).priorities())


def statuses(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    r = fake.renderer(int(m["v"]))
    return FakeResponse.json(200, [r.status(name) for name in STATUSES])


def edit_issue(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    issue = fake.lookup(m["key"])
    if issue is None:
        return FakeResponse.error(
            404, "Issue does not exist or you do not have permission to see it."
        )
    body = read_json(req)
    if not isinstance(body, dict) or not isinstance(body.get("fields", {}), dict):
        return FakeResponse.error(400, "Can not deserialize the request body.")
    changes = body.get("fields", {})
    if "priority" in changes:
        wanted = changes["priority"] or {}
        name = wanted.get("name") if isinstance(wanted, dict) else None
        if name is None and isinstance(wanted, dict) and wanted.get("id"):
            ids = {str(i + 1): p for i, p in enumerate(PRIORITIES)}
            name = ids.get(str(wanted["id"]))
        if name not in PRIORITIES:
            return FakeResponse.error(
                400, errors={"priority": f"The priority selected is invalid: {name!r}."}
            )
        issue.priority = name
    if "assignee" in changes and changes["assignee"] is None:
        issue.assignee = None
    if fake.ids.flagged in changes:
        on = bool(changes[fake.ids.flagged])
        if on != issue.flagged:
            history.flag(fake, issue.key, on, fake.clock())
    if isinstance(changes.get("summary"), str):
        issue.summary = changes["summary"]
    issue.updated = fake.clock()
    fake.touch()
    return FakeResponse(204)


def comments(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    issue = fake.lookup(m["key"])
    if issue is None:
        return FakeResponse.error(
            404, "Issue does not exist or you do not have permission to see it."
        )
    items = list(fake.comments.get(issue.key, []))
    order = q(req, "orderBy", "created") or "created"
    items.sort(key=lambda c: (c.created, c.id), reverse=order.startswith("-"))
    start, end = page(req, len(items))
    r = fake.renderer(int(m["v"]))
    return FakeResponse.json(
        200,
        {
            "startAt": start,
            "maxResults": as_int(q(req, "maxResults"), 50),
            "total": len(items),
            "comments": [r.comment(c, issue) for c in items[start:end]],
        },
    )


def post_comment(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    issue = fake.lookup(m["key"])
    if issue is None:
        return FakeResponse.error(
            404, "Issue does not exist or you do not have permission to see it."
        )
    body = read_json(req)
    value = body.get("body") if isinstance(body, dict) else None
    version = int(m["v"])
    if version >= 3:
        if not isinstance(value, dict) or value.get("type") != "doc":
            return FakeResponse.error(
                400,
                errors={"comment": "Comment body is not valid: expected an Atlassian Document."},
            )
        comment = fake.add_comment(issue.key, adf_to_text(value), adf=value)
    else:
        if not isinstance(value, str) or not value.strip():
            return FakeResponse.error(400, errors={"comment": "Comment body can not be empty!"})
        comment = fake.add_comment(issue.key, value)
    return FakeResponse.json(201, fake.renderer(version).comment(comment, issue))


# --- agile ------------------------------------------------------------------------


def rank(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    if fake.rank_forbidden:
        return FakeResponse.error(
            403, "You do not have permission to rank issues (Schedule Issues)."
        )
    body = read_json(req)
    if not isinstance(body, dict) or not isinstance(body.get("issues"), list) or not body["issues"]:
        return FakeResponse.error(400, "issues: must not be empty.")
    before, after = body.get("rankBeforeIssue"), body.get("rankAfterIssue")
    if (before is None) == (after is None):
        return FakeResponse.error(
            400, "Exactly one of rankBeforeIssue and rankAfterIssue is required."
        )
    if len(body["issues"]) > MAX_RANK:
        return FakeResponse.error(400, f"Cannot rank more than {MAX_RANK} issues at once.")
    anchor = fake.lookup(str(before or after))
    if anchor is None:
        return FakeResponse.error(400, f"Issue {before or after} does not exist.")
    entries: list[dict[str, Any]] = []
    moving: list[str] = []
    for ref in body["issues"]:
        issue = fake.lookup(str(ref))
        if issue is None:
            entries.append(
                {
                    "issueId": 0,
                    "issueKey": str(ref),
                    "status": 404,
                    "errors": ["Issue does not exist or you do not have permission to see it."],
                }
            )
        elif issue.key in fake.unrankable:
            entries.append(
                {
                    "issueId": issue.id,
                    "issueKey": issue.key,
                    "status": 400,
                    "errors": [fake.unrankable[issue.key]],
                }
            )
        elif issue.key == anchor.key:
            entries.append(
                {
                    "issueId": issue.id,
                    "issueKey": issue.key,
                    "status": 400,
                    "errors": ["Cannot rank an issue relative to itself."],
                }
            )
        else:
            entries.append({"issueId": issue.id, "issueKey": issue.key, "status": 200})
            moving.append(issue.key)
    if moving:
        fake.order.move(
            moving, before=anchor.key if before else None, after=anchor.key if after else None
        )
        fake.touch()
    if all(e["status"] == 200 for e in entries):
        return FakeResponse(204)
    return FakeResponse.json(207, {"entries": entries})


V = r"/rest/api/(?P<v>[23])"
KEY = r"(?P<key>[A-Za-z0-9_\-]+)"
ROUTES: list[tuple[str, str, Handler, bool]] = [
    ("GET", V + "/serverInfo", server_info, True),
    ("GET", V + "/myself", myself, False),
    ("GET", V + "/field", fields, False),
    ("GET", V + "/priority", priorities, False),
    ("GET", V + "/status", statuses, False),
    ("GET", V + "/search/jql", search_jql, False),
    ("POST", V + "/search/jql", search_jql, False),
    ("GET", V + "/search", search_old, True),
    ("POST", V + "/search", search_old, True),
    ("POST", V + "/changelog/bulkfetch", bulkfetch, False),
    ("POST", V + "/issue", actions.create_issue, False),
    ("GET", V + "/issue/" + KEY, actions.get_issue, False),
    ("POST", V + "/search/approximate-count", approximate_count, False),
    ("GET", V + r"/project/(?P<key>[A-Za-z0-9_]+)/version", version_page, False),
    ("GET", V + r"/project/(?P<key>[A-Za-z0-9_]+)/versions", version_list, False),
    ("PUT", V + "/issue/" + KEY, edit_issue, False),
    ("GET", V + "/issue/" + KEY + "/transitions", actions.get_transitions, False),
    ("POST", V + "/issue/" + KEY + "/transitions", actions.post_transition, False),
    ("PUT", V + "/issue/" + KEY + "/assignee", actions.put_assignee, False),
    ("GET", V + "/user/assignable/search", actions.assignable, False),
    ("DELETE", V + r"/issueLink/(?P<link>\d+)", actions.delete_link, False),
    ("GET", V + "/issue/" + KEY + "/comment", comments, False),
    ("POST", V + "/issue/" + KEY + "/comment", post_comment, False),
    *BOARD_ROUTES,
    ("PUT", r"/rest/agile/1\.0/issue/rank", rank, False),
]

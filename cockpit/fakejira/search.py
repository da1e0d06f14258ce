"""The fake's JQL searches: Cloud's /search/jql (nextPageToken) and DC's /search (startAt)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from typing import TYPE_CHECKING, Any

from cockpit.fakejira import jql
from cockpit.fakejira.changelog import page_of_changelogs
from cockpit.fakejira.core import FakeResponse
from cockpit.fakejira.reqs import as_int, field_ids, read_json
from cockpit.fakejira.state import CATEGORY_NAMES, PRIORITIES, STATUSES, FakeIssue

if TYPE_CHECKING:
    from cockpit.fakejira.core import FakeJira, LoggedRequest
    from cockpit.fakejira.render import Renderer


def _values(fake: FakeJira, issue: FakeIssue) -> Callable[[str], list[str] | None]:
    flagged_cf = "cf[" + fake.ids.flagged.rsplit("_", 1)[1] + "]"
    points_cf = "cf[" + fake.ids.points.rsplit("_", 1)[1] + "]"

    def values(name: str) -> list[str] | None:
        if name == "project":
            return [issue.project]
        if name in ("key", "issuekey", "id"):
            return [issue.key, str(issue.id)]
        if name == "status":
            return [issue.status]
        if name == "statuscategory":
            return [CATEGORY_NAMES[issue.category], issue.category]
        if name == "resolution":
            return ["Done"] if issue.category == "done" else []
        if name in ("issuetype", "type"):
            return [issue.type]
        if name == "priority":
            return [issue.priority]
        if name == "assignee":
            return [issue.assignee] if issue.assignee else []
        if name in ("flagged", flagged_cf):
            return ["Impediment"] if issue.flagged else []
        if name == "issuelinktype":
            out = ["Blocks", "is blocked by"] if fake.blockers.get(issue.key) else []
            return out + (["Blocks", "blocks"] if fake.blocks.get(issue.key) else [])
        if name == "labels":
            return list(issue.labels)
        if name == "summary":
            return [issue.summary]
        if name in ("story points", "story point estimate", points_cf):
            return [f"{issue.points:g}"] if issue.points is not None else []
        if name in ("parent", "epic link"):
            return [issue.epic] if issue.epic else []
        if name == "sprint":
            return []
        if name in ("updated", "created"):
            value = getattr(issue, name)
            return [f"{value.astimezone(UTC):%Y-%m-%d %H:%M}"] if value else []
        if name in ("fixversion", "fixversions"):
            found = [fake.version_named(n) for n in issue.fix_versions]
            return [x for v in found if v is not None for x in (v.name, str(v.id))]
        if name in ("duedate", "due"):
            return [issue.due.isoformat()] if issue.due else []
        return None

    return values


def _sort_key(fake: FakeJira, name: str) -> Callable[[FakeIssue], Any]:
    if name in ("rank", "cf[" + fake.ids.rank.rsplit("_", 1)[1] + "]"):
        return lambda i: fake.order.index[i.key]
    if name in ("updated", "created", "statuscategorychangedate"):
        return lambda i: getattr(i, {"statuscategorychangedate": "status_changed"}.get(name, name))
    if name == "priority":
        # as Jira: ascending is lowest first, so "ORDER BY priority DESC" puts Highest on top
        return lambda i: -PRIORITIES.index(i.priority) if i.priority in PRIORITIES else -9
    if name in ("key", "issuekey", "id"):
        return lambda i: i.id
    if name == "status":  # Jira sorts statuses in workflow order
        order = list(STATUSES)
        return lambda i: order.index(i.status) if i.status in STATUSES else len(order)
    raise jql.JqlError(f"Not able to sort using field '{name}'.")


def run_search(fake: FakeJira, text: str) -> list[str]:
    """Keys matching the JQL, in its ORDER BY (key order by default)."""
    query = jql.parse(text)
    for clause in jql.clauses(query.where):
        if clause.field == "status" and clause.op in ("=", "!=", "in", "not in"):
            for value in clause.values:
                if value not in STATUSES and value.lower() not in (s.lower() for s in STATUSES):
                    raise jql.JqlError(
                        f"The value '{value}' does not exist for the field 'status'."
                    )
    found = [
        i for i in _candidates(fake, query.where) if jql.matches(query.where, _values(fake, i))
    ]
    found.sort(key=lambda i: i.id)
    for name, desc in reversed(query.order):
        found.sort(key=_sort_key(fake, name), reverse=desc)
    return [i.key for i in found]


def _candidates(fake: FakeJira, where: jql.Node | None) -> list[FakeIssue]:
    """The issues worth evaluating: an epic's children when the query requires
    `parent = KEY` (or "Epic Link"), a project's when it requires `project = KEY`,
    else all (the roadmap counts the children of hundreds of epics at once)."""
    parts = where.parts if isinstance(where, jql.BoolOp) and where.op == "and" else (where,)
    for part in parts:
        if not isinstance(part, jql.Clause) or part.op != "=" or len(part.values) != 1:
            continue
        if part.field in ("parent", "epic link"):
            return fake.children_of(part.values[0])
        if part.field == "project":
            project = part.values[0]
            return [i for i in fake.issues.values() if i.project == project]
    return list(fake.issues.values())


def _search_args(req: LoggedRequest) -> dict[str, Any]:
    if req.method == "POST":
        body = read_json(req)
        return body if isinstance(body, dict) else {}
    args: dict[str, Any] = {k: v[0] for k, v in req.query.items() if v}
    args["fields"] = req.query.get("fields")
    return args


def _issues(
    fake: FakeJira, r: Renderer, keys: list[str], wanted: list[str], expand: Any
) -> list[dict[str, Any]]:
    """IssueBeans; `expand` ("changelog", as a comma string or a list) adds the history."""
    expanded = field_ids(expand) or []
    out = []
    for key in keys:
        bean = r.issue(fake.issues[key], wanted)
        if "changelog" in expanded:
            bean["changelog"] = page_of_changelogs(r, fake.issues[key])
        out.append(bean)
    return out


def search_jql(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    """Cloud's enhanced search: nextPageToken paging, no total, only ids unless fields."""
    if fake.flavor != "cloud":
        return FakeResponse.error(404, "Not found.")
    args = _search_args(req)
    text = str(args.get("jql") or "")
    try:
        keys = fake.cached_search(text, lambda: run_search(fake, text))
    except jql.JqlError as exc:
        return FakeResponse.error(400, str(exc))
    token = args.get("nextPageToken")
    start = 0
    if token:
        match = re.fullmatch(r"tok-(\d+)-(\d+)", str(token))
        if match is None:
            return FakeResponse.error(400, "The provided next page token is invalid or expired.")
        start = int(match[2])
    size = max(1, min(as_int(args.get("maxResults"), 50), fake.max_page))
    page = keys[start : start + size]
    wanted = field_ids(args.get("fields")) or ["id"]
    r = fake.renderer(int(m["v"]))
    out: dict[str, Any] = {"issues": _issues(fake, r, page, wanted, args.get("expand"))}
    if start + size < len(keys):
        out["nextPageToken"] = f"tok-{fake.version}-{start + size}"
        out["isLast"] = False
    else:
        out["isLast"] = True
    return FakeResponse.json(200, out)


def search_old(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    """Data Center's /search (startAt/total); Cloud removed it and answers 410."""
    if fake.flavor == "cloud":
        return FakeResponse.error(
            410,
            "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.",
        )
    if not fake.authorized(req.headers):  # the route is anonymous so Cloud can say 410 first
        return FakeResponse.error(401, "You are not authenticated.")
    args = _search_args(req)
    text = str(args.get("jql") or "")
    try:
        keys = fake.cached_search(text, lambda: run_search(fake, text))
    except jql.JqlError as exc:
        return FakeResponse.error(400, str(exc))
    start = max(0, as_int(args.get("startAt"), 0))
    size = max(0, min(as_int(args.get("maxResults"), 50), fake.max_page))
    wanted = field_ids(args.get("fields")) or ["*navigable"]
    r = fake.renderer(2)
    page = _issues(fake, r, keys[start : start + size], wanted, args.get("expand"))
    return FakeResponse.json(
        200,
        {
            "expand": "schema,names",
            "startAt": start,
            "maxResults": size,
            "total": len(keys),
            "issues": page,
        },
    )

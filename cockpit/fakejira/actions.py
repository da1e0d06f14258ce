"""The fake's unblocking endpoints: transitions, assignable users, assignee, issue
links, and reading one issue.

Every status can be reached from every other; reaching a done status needs a
resolution (the transition's screen requires it), reaching "Blocked" a comment.
Changes leave changelog entries (`cockpit.fakejira.history`), as Jira's do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cockpit.fakejira import history
from cockpit.fakejira.core import FakeResponse
from cockpit.fakejira.reqs import as_int, field_ids, q, read_json
from cockpit.fakejira.state import STATUSES, TYPES, FakeIssue
from cockpit.sources.jira_adf import adf_to_text

if TYPE_CHECKING:
    from cockpit.fakejira.core import FakeJira, LoggedRequest
    from cockpit.fakejira.render import Renderer

RESOLUTIONS = ("Done", "Won't Do", "Duplicate", "Cannot Reproduce")
NEEDS_COMMENT = ("Blocked",)
MISSING = "Issue does not exist or you do not have permission to see it."


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _issue(fake: FakeJira, m: re.Match[str]) -> FakeIssue | None:
    return fake.lookup(m["key"])


def get_issue(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    issue = _issue(fake, m)
    if issue is None:
        return FakeResponse.error(404, MISSING)
    wanted = field_ids(req.query.get("fields")) or ["*all"]
    return FakeResponse.json(200, fake.renderer(int(m["v"])).issue(issue, wanted))


def _field(key: str, name: str, kind: str, required: bool, allowed: list[Any] | None) -> Any:
    meta: dict[str, Any] = {
        "key": key,
        "name": name,
        "operations": ["set"] if key != "comment" else ["add"],
        "required": required,
        "schema": {"type": kind, "system": key},
    }
    if allowed is not None:
        meta["allowedValues"] = allowed
    return meta


def _transition(r: Renderer, issue: FakeIssue, status: str, fields: bool) -> dict[str, Any]:
    sid, category = STATUSES[status]
    out: dict[str, Any] = {
        "id": sid,
        "name": status,
        "to": r.status(status),
        "hasScreen": category == "done" or status in NEEDS_COMMENT,
        "isGlobal": True,
        "isInitial": False,
        "isAvailable": True,
        "isConditional": False,
        "looped": False,
    }
    if fields:
        meta: dict[str, Any] = {}
        if category == "done":
            allowed = [
                {"self": r.api(f"resolution/{10000 + i}"), "id": str(10000 + i), "name": name}
                for i, name in enumerate(RESOLUTIONS)
            ]
            meta["resolution"] = _field("resolution", "Resolution", "resolution", True, allowed)
        if status in NEEDS_COMMENT:
            meta["comment"] = _field("comment", "Comment", "comments-page", True, None)
        out["fields"] = meta
    return out


def _targets(issue: FakeIssue) -> list[str]:
    return [s for s in STATUSES if s != issue.status]


def get_transitions(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    issue = _issue(fake, m)
    if issue is None:
        return FakeResponse.error(404, MISSING)
    r = fake.renderer(int(m["v"]))
    with_fields = "transitions.fields" in (q(req, "expand") or "")
    items = [_transition(r, issue, s, with_fields) for s in _targets(issue)]
    return FakeResponse.json(200, {"expand": "transitions", "transitions": items})


def _comment_text(value: Any, version: int) -> str | None:
    if version >= 3:
        return (
            adf_to_text(value) if isinstance(value, dict) and value.get("type") == "doc" else None
        )
    return value if isinstance(value, str) else None


def post_transition(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    issue = _issue(fake, m)
    if issue is None:
        return FakeResponse.error(404, MISSING)
    body = read_json(req)
    wanted = body.get("transition") if isinstance(body, dict) else None
    tid = str(wanted.get("id")) if isinstance(wanted, dict) else None
    target = next((s for s in _targets(issue) if STATUSES[s][0] == tid), None)
    if target is None:
        return FakeResponse.error(400, f"Transition id '{tid}' is not valid for this issue.")
    fields = body.get("fields") if isinstance(body.get("fields"), dict) else {}
    resolution = fields.get("resolution") if isinstance(fields, dict) else None
    name = resolution.get("name") if isinstance(resolution, dict) else None
    done = STATUSES[target][1] == "done"
    if done and name not in RESOLUTIONS:
        return FakeResponse.error(400, errors={"resolution": "Resolution is required."})
    comments = (body.get("update") or {}).get("comment") if isinstance(body, dict) else None
    text = None
    if isinstance(comments, list) and comments and isinstance(comments[0], dict):
        text = _comment_text((comments[0].get("add") or {}).get("body"), int(m["v"]))
    if target in NEEDS_COMMENT and not text:
        return FakeResponse.error(400, errors={"comment": "Comment is required."})
    history.transition(fake, issue.key, target, fake.clock())
    issue.resolution = name if done else None
    if text:
        fake.add_comment(issue.key, text)
    return FakeResponse(204)


def people(fake: FakeJira) -> list[str]:
    """Everyone the fake knows: the user, every assignee, the extra assignable users."""
    names = [fake.user, *fake.assignable, *(i.assignee for i in fake.issues.values() if i.assignee)]
    return sorted(dict.fromkeys(n for n in names if n))


def assignable(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    key = q(req, "issueKey")
    if key is not None and fake.lookup(key) is None:
        return FakeResponse.error(404, MISSING)
    text = (q(req, "query") or q(req, "username") or "").casefold()
    size = max(0, min(as_int(q(req, "maxResults"), 50), 1000))
    r = fake.renderer(int(m["v"]))
    found = [n for n in people(fake) if any(w.startswith(text) for w in n.casefold().split())]
    if text and not found:
        found = [n for n in people(fake) if text in n.casefold()]
    return FakeResponse.json(200, [r.user(n) for n in found[:size]])


def put_assignee(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    issue = _issue(fake, m)
    if issue is None:
        return FakeResponse.error(404, MISSING)
    body = read_json(req)
    if not isinstance(body, dict):
        return FakeResponse.error(400, "Can not deserialize the request body.")
    wanted = body.get("accountId") if fake.flavor == "cloud" else body.get("name")
    if wanted is None:
        issue.assignee = None
    else:
        r = fake.renderer(int(m["v"]))
        field = "accountId" if fake.flavor == "cloud" else "name"
        name = next((n for n in people(fake) if (r.user(n) or {}).get(field) == wanted), None)
        if name is None:
            return FakeResponse.error(
                400, errors={"assignee": f"User '{wanted}' cannot be assigned issues."}
            )
        issue.assignee = name
    issue.updated = fake.clock()
    fake.touch()
    return FakeResponse(204)


def delete_link(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    for blocked, blockers in fake.blockers.items():
        for blocker in blockers:
            a, b = fake.issues[blocked].id, fake.issues[blocker].id
            if str(10000 + min(a, b) * 7 + max(a, b)) == m["link"]:
                history.unblock(fake, blocker, blocked, fake.clock())
                return FakeResponse(204)
    return FakeResponse.error(404, "No issue link with id '" + m["link"] + "' exists.")


def create_issue(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    """POST /issue: a new issue at the bottom of the rank order."""
    body = read_json(req)
    fields = body.get("fields") if isinstance(body, dict) else None
    if not isinstance(fields, dict):
        return FakeResponse.error(400, "Can not deserialize the request body.")
    project = _obj(fields.get("project")).get("key")
    kind = _obj(fields.get("issuetype"))
    errors: dict[str, str] = {}
    if project not in {i.project for i in fake.issues.values()}:
        errors["project"] = "Specify a valid project ID or key"
    if kind.get("name") not in TYPES:
        errors["issuetype"] = "Specify a valid issue type"
    summary = fields.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        errors["summary"] = "You must specify a summary of the issue."
    labels = fields.get("labels") or []
    if not isinstance(labels, list) or any(not isinstance(x, str) or " " in x for x in labels):
        errors["labels"] = "The label must not contain spaces."
    version = int(m["v"])
    description = fields.get("description")
    adf = isinstance(description, dict) and description.get("type") == "doc"
    if version >= 3 and description is not None and not adf:
        errors["description"] = "Operation value must be an Atlassian Document (see ADF)."
    if errors:
        return FakeResponse.error(400, errors=errors)
    number = 1 + max(
        (int(k.rsplit("-", 1)[1]) for k in fake.issues if k.startswith(f"{project}-")), default=0
    )
    text = adf_to_text(description) if isinstance(description, dict) else description
    issue = fake.add_issue(
        FakeIssue(
            key=f"{project}-{number}",
            summary=str(summary),
            type=str(kind["name"]),
            labels=list(labels),
            description=text if isinstance(text, str) else None,
            created=fake.clock(),
        )
    )
    r = fake.renderer(version)
    return FakeResponse.json(
        201, {"id": str(issue.id), "key": issue.key, "self": r.api(f"issue/{issue.id}")}
    )

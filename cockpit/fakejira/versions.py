"""The fake's fix versions and counts: a project's versions (paged with
`expand=issuesstatus`, or the whole list) and Cloud's approximate search count."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from cockpit.fakejira import jql
from cockpit.fakejira.core import FakeResponse
from cockpit.fakejira.reqs import as_int, q, read_json
from cockpit.fakejira.search import run_search

if TYPE_CHECKING:
    from cockpit.fakejira.core import FakeJira, LoggedRequest
    from cockpit.fakejira.state import FakeVersion

STATUS_KEYS = {"new": "toDo", "indeterminate": "inProgress", "done": "done"}


def _project_versions(fake: FakeJira, project: str) -> list[FakeVersion] | None:
    if not any(i.project == project for i in fake.issues.values()) and not any(
        v.project == project for v in fake.versions
    ):
        return None
    return [v for v in fake.versions if v.project == project]


_COUNTS: WeakKeyDictionary[FakeJira, tuple[int, dict[str, dict[str, int]]]] = WeakKeyDictionary()
"""Per fake: (its data version, version name -> issues by status category)."""


def _counts(fake: FakeJira, version: FakeVersion) -> dict[str, int]:
    """What expand=issuesstatus says of `version` (one pass over the issues per change)."""
    kept = _COUNTS.get(fake)
    if kept is None or kept[0] != fake.version:
        by_name: dict[str, dict[str, int]] = {}
        for issue in fake.issues.values():
            for name in issue.fix_versions:
                counts = by_name.setdefault(
                    name, {"toDo": 0, "inProgress": 0, "done": 0, "unmapped": 0}
                )
                counts[STATUS_KEYS[issue.category]] += 1
        kept = (fake.version, by_name)
        _COUNTS[fake] = kept
    return dict(kept[1].get(version.name) or {"toDo": 0, "inProgress": 0, "done": 0, "unmapped": 0})


def _missing(project: str) -> FakeResponse:
    return FakeResponse.error(404, f"No project could be found with key '{project}'.")


def version_page(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    """GET /project/{key}/version: startAt/maxResults, status filter, orderBy, expand."""
    versions = _project_versions(fake, m["key"])
    if versions is None:
        return _missing(m["key"])
    wanted = {s.strip() for s in (q(req, "status") or "").split(",") if s.strip()}
    if wanted:
        versions = [
            v
            for v in versions
            if ("archived" if v.archived else "released" if v.released else "unreleased") in wanted
        ]
    order = q(req, "orderBy") or ""
    if order.lstrip("+-") == "releaseDate":
        dated = sorted((v for v in versions if v.release), key=lambda v: v.release or 0)
        if order.startswith("-"):
            dated.reverse()
        versions = dated + [v for v in versions if not v.release]
    expand = {e.strip() for e in (q(req, "expand") or "").split(",")}
    start = max(0, as_int(q(req, "startAt"), 0))
    size = max(1, min(as_int(q(req, "maxResults"), 50), 50))
    r = fake.renderer(int(m["v"]))
    chunk = versions[start : start + size]
    values: list[dict[str, Any]] = [
        r.version_bean(v, counts=_counts(fake, v) if "issuesstatus" in expand else None)
        for v in chunk
    ]
    return FakeResponse.json(
        200,
        {
            "self": f"{fake.base_url}{req.path}",
            "maxResults": size,
            "startAt": start,
            "total": len(versions),
            "isLast": start + size >= len(versions),
            "values": values,
        },
    )


def version_list(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    """GET /project/{key}/versions: every version, no counts."""
    versions = _project_versions(fake, m["key"])
    if versions is None:
        return _missing(m["key"])
    r = fake.renderer(int(m["v"]))
    return FakeResponse.json(200, [r.version_bean(v) for v in versions])


def approximate_count(fake: FakeJira, req: LoggedRequest, m: re.Match[str]) -> FakeResponse:
    """POST /search/approximate-count (Cloud): {"count": n}."""
    if fake.flavor != "cloud":
        return FakeResponse.error(404, "Not found.")
    body = read_json(req)
    text = body.get("jql") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        return FakeResponse.error(400, "The JQL query is required.")
    try:
        keys = fake.cached_search(text, lambda: run_search(fake, text))
    except jql.JqlError as exc:
        return FakeResponse.error(400, str(exc))
    return FakeResponse.json(200, {"count": len(keys)})

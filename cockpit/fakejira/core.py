"""FakeJira: the stateful fake's state, fault injection, request log and transports.

The core is a pure handler, `handle(method, path, query, headers, body)`, returning a
`FakeResponse`; `transport()` runs it in-process through `httpx.MockTransport` and
`cockpit.fakejira.server` runs it on a loopback port. Routes live in `routes.py`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import parse_qs

import httpx

from cockpit.fakejira.boards import FakeBoard, scrum_columns
from cockpit.fakejira.render import Renderer
from cockpit.fakejira.state import (
    FakeComment,
    FakeIssue,
    FakeVersion,
    FieldIds,
    Flavor,
    RankOrder,
)

DEFAULT_SITE = "https://demo.cockpit.invalid"
SEARCH_CACHE = 2048
"""Search results kept per version of the fake's data (the roadmap counts ~600 queries)."""


@dataclass
class FakeResponse:
    """What the handler answers; `delay` is injected latency the transport applies."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    injected: bool = False
    """Made by an injected fault rather than by the fake's API."""

    @classmethod
    def json(cls, status: int, data: Any) -> FakeResponse:
        return cls(
            status, {"Content-Type": "application/json;charset=UTF-8"}, json.dumps(data).encode()
        )

    @classmethod
    def error(
        cls, status: int, *messages: str, errors: Mapping[str, str] | None = None
    ) -> FakeResponse:
        return cls.json(status, {"errorMessages": list(messages), "errors": dict(errors or {})})


@dataclass
class LoggedRequest:
    """One request the fake received (headers with lower-case names)."""

    method: str
    host: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    status: int = 0
    response: FakeResponse | None = None
    """What the fake answered (for contract checks)."""

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Fault:
    """An injected misbehaviour: matched by method and path regex, `times` uses (None: forever)."""

    status: int | None = None
    path: str | None = None
    method: str | None = None
    times: int | None = 1
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    latency: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or re.search(self.path, path) is not None


Router = Callable[["FakeJira", "LoggedRequest"], "FakeResponse"]


class FakeJira:
    """A stateful Jira Cloud or Data Center site, in memory."""

    ROUTER: ClassVar[Router | None] = None
    """Answers a request; `cockpit.fakejira` installs `routes.route` (no import cycle)."""

    def __init__(
        self,
        *,
        flavor: Flavor = "cloud",
        base_url: str = DEFAULT_SITE,
        email: str | None = None,
        token: str | None = None,
        field_ids: FieldIds | None = None,
        board_id: int = 42,
        board_name: str = "PAY board",
        user: str = "Pat Morgan",
        max_page: int = 100,
        latency_ms: int = 0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.flavor: Flavor = flavor
        self.base_url = base_url.rstrip("/")
        self.email = email
        self.token = token
        self.ids = field_ids or FieldIds()
        self.board_id = board_id
        self.board_name = board_name
        self.boards: dict[int, FakeBoard] = {
            board_id: FakeBoard(board_id, board_name, columns=scrum_columns())
        }
        """Every board by id; the first is `board_id` (Scrum, every project)."""
        self.user = user
        self.max_page = max_page
        """Largest page the fake serves, whatever maxResults asks (Jira caps pages too)."""
        self.latency_ms = latency_ms
        self.clock = clock
        self.issues: dict[str, FakeIssue] = {}
        self.by_id: dict[str, str] = {}
        self.order = RankOrder()
        self.blockers: dict[str, list[str]] = {}
        """Blocked key -> keys of the issues that block it."""
        self.blocks: dict[str, list[str]] = {}
        self.comments: dict[str, list[FakeComment]] = {}
        self.versions: list[FakeVersion] = []
        """Fix versions of every project, in sequence order."""
        self.requests: list[LoggedRequest] = []
        self.faults: list[Fault] = []
        self.rank_forbidden = False
        """Answer 403 to rank calls (the user lacks Schedule Issues)."""
        self.assignable: list[str] = []
        """More users who may be assigned issues (besides the user and every assignee)."""
        self.unrankable: dict[str, str] = {}
        """Issue key -> the error Jira gives for it in a 207 partial rank."""
        self.version = 0
        """Bumped by every change (invalidates cached searches and the backlog)."""
        self._next_id = 10000
        self._next_comment = 10000
        self._searches: dict[str, tuple[int, list[str]]] = {}
        self._backlog: tuple[tuple[int, int], list[str]] | None = None
        self._children: tuple[int, dict[str, list[FakeIssue]]] | None = None
        self._lock = threading.RLock()

    # --- building the data -------------------------------------------------

    def add_issue(self, issue: FakeIssue) -> FakeIssue:
        """Add an issue at the bottom of the rank order."""
        if issue.key in self.issues:
            raise ValueError(f"duplicate issue key {issue.key}")
        if not issue.id:
            self._next_id += 1
            issue.id = self._next_id
        self._next_id = max(self._next_id, issue.id)
        now = self.clock()
        issue.created = issue.created or now
        issue.updated = issue.updated or issue.created
        issue.status_changed = issue.status_changed or issue.updated
        self.issues[issue.key] = issue
        self.by_id[str(issue.id)] = issue.key
        self.order.append(issue.key)
        self.touch()
        return issue

    def add_version(self, project: str, name: str, **kw: Any) -> FakeVersion:
        """Add a fix version to `project` (ids from 10100 up)."""
        version = FakeVersion(10100 + len(self.versions), project, name, **kw)
        self.versions.append(version)
        self.touch()
        return version

    def version_named(self, name_or_id: str) -> FakeVersion | None:
        for version in self.versions:
            if name_or_id in (version.name, str(version.id)):
                return version
        return None

    def link(self, blocker: str, blocked: str) -> None:
        """`blocker` blocks `blocked` (so `blocked` "is blocked by" `blocker`)."""
        self.blockers.setdefault(blocked, []).append(blocker)
        self.blocks.setdefault(blocker, []).append(blocked)
        self.touch()

    def add_comment(
        self,
        key: str,
        text: str,
        *,
        author: str | None = None,
        created: datetime | None = None,
        adf: dict[str, Any] | None = None,
    ) -> FakeComment:
        self._next_comment += 1
        comment = FakeComment(
            self._next_comment, text, created or self.clock(), author or self.user, adf
        )
        self.comments.setdefault(key, []).append(comment)
        self.touch()
        return comment

    def touch(self) -> None:
        self.version += 1

    def lookup(self, key_or_id: str) -> FakeIssue | None:
        key = self.by_id.get(key_or_id, key_or_id)
        return self.issues.get(key)

    def backlog_keys(self, board: int | None = None) -> list[str]:
        """A board's backlog in rank order (default: the first board): every open issue
        of its projects, not in its active sprint; on a Kanban board with a backlog,
        those in its first column's statuses. Cached per version."""
        board_ = self.boards[self.board_id if board is None else board]
        if self._backlog is None or self._backlog[0] != (self.version, board_.id):
            sprint = set(board_.sprint.keys) if board_.sprint else set()
            first = set(board_.columns[0].statuses) if board_.type == "kanban" else None
            keys = [
                k
                for k in self.order.keys
                if self.issues[k].category != "done"
                and self.issues[k].type != "Epic"
                and board_.holds(k)
                and k not in sprint
                and (first is None or self.issues[k].status in first)
            ]
            self._backlog = ((self.version, board_.id), keys)
        return self._backlog[1]

    def children_of(self, epic: str) -> list[FakeIssue]:
        """The issues of `epic` (an index rebuilt once per change of the fake)."""
        if self._children is None or self._children[0] != self.version:
            index: dict[str, list[FakeIssue]] = {}
            for issue in self.issues.values():
                if issue.epic:
                    index.setdefault(issue.epic, []).append(issue)
            self._children = (self.version, index)
        return list(self._children[1].get(epic, ()))

    def cached_search(self, jql: str, run: Callable[[], list[str]]) -> list[str]:
        hit = self._searches.get(jql)
        if hit is None or hit[0] != self.version:
            if len(self._searches) > SEARCH_CACHE:
                self._searches.clear()
            hit = (self.version, run())
            self._searches[jql] = hit
        return hit[1]

    def renderer(self, version: int) -> Renderer:
        return Renderer(
            base=self.base_url,
            version=version,
            flavor=self.flavor,
            ids=self.ids,
            lookup=self.lookup,
            blockers_of=lambda k: self.blockers.get(k, []),
            blocking=lambda k: self.blocks.get(k, []),
            rank_of=lambda k: self.order.rank_string(k) if k in self.order else None,
            version_of=self.version_named,
        )

    # --- faults ---------------------------------------------------------------

    def inject(
        self,
        status: int | None = None,
        *,
        path: str | None = None,
        method: str | None = None,
        times: int | None = 1,
        retry_after: float | str | None = None,
        body: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        latency_ms: int = 0,
        malformed: bool = False,
    ) -> Fault:
        """Misbehave on the next `times` matching requests (None: until cleared).

        `malformed` answers 200 with a truncated JSON body; `status` with `body`
        answers that (default body: Jira's errorMessages shape); `latency_ms` alone
        delays the real answer.
        """
        hdrs = dict(headers or {})
        if retry_after is not None:
            hdrs["Retry-After"] = str(retry_after)
        if malformed:
            status = status or 200
            body = b'{"issues": [{"key": "PAY-1", "fields": {'
        if isinstance(body, str):
            body = body.encode()
        if status is not None and body is None:
            body = json.dumps(
                {"errorMessages": [f"Injected HTTP {status}."], "errors": {}}
            ).encode()
        if status is not None:
            hdrs.setdefault("Content-Type", "application/json;charset=UTF-8")
        fault = Fault(status, path, method, times, hdrs, body or b"", latency_ms / 1000)
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, path):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                return fault
        return None

    # --- auth -------------------------------------------------------------------

    def authorized(self, headers: Mapping[str, str]) -> bool:
        value = headers.get("authorization", "")
        scheme, _, credential = value.partition(" ")
        if self.flavor == "cloud":
            if scheme.lower() != "basic" or not credential:
                return False
            if self.token is None:
                return True
            try:
                email, _, token = base64.b64decode(credential).decode().partition(":")
            except ValueError:
                return False
            return token == self.token and (self.email is None or email == self.email)
        if scheme.lower() != "bearer" or not credential:
            return False
        return self.token is None or credential == self.token

    # --- the handler --------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, Sequence[str]] | str = "",
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        *,
        host: str = "",
    ) -> FakeResponse:
        """Answer one request (pure apart from the fake's own state and log)."""
        route = FakeJira.ROUTER
        if route is None:  # pragma: no cover - the package's __init__ installs it
            raise RuntimeError("no routes: import cockpit.fakejira, which installs them")
        if isinstance(query, str):
            query = parse_qs(query, keep_blank_values=True)
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        logged = LoggedRequest(
            method.upper(), host, path, {k: list(v) for k, v in query.items()}, hdrs, body
        )
        with self._lock:
            self.requests.append(logged)
            delay = self.latency_ms / 1000
            fault = self._take_fault(method, path)
            if fault is not None and fault.status is not None:
                response = FakeResponse(
                    fault.status, dict(fault.headers), fault.body, injected=True
                )
            else:
                response = route(self, logged)
            if fault is not None:
                delay += fault.latency
            response.delay = delay
            logged.status = response.status
            logged.response = response
            return response

    def transport(
        self, *, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    ) -> httpx.MockTransport:
        """An in-process transport for `httpx.AsyncClient` (latency through `sleep`)."""

        async def handler(request: httpx.Request) -> httpx.Response:
            answer = self.handle(
                request.method,
                request.url.path,
                request.url.query.decode(),
                dict(request.headers),
                request.content,
                host=request.url.host,
            )
            if answer.delay:
                await sleep(answer.delay)
            return httpx.Response(answer.status, headers=answer.headers, content=answer.body)

        return httpx.MockTransport(handler)

    def requests_to(self, path_regex: str, method: str | None = None) -> list[LoggedRequest]:
        """Logged requests whose path matches (for tests)."""
        return [
            r
            for r in self.requests
            if re.search(path_regex, r.path) and (method is None or r.method == method.upper())
        ]

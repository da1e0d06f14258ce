"""Who is blocked on whom: blockers fetched in batches, the chase list, the JSON."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import date
from pathlib import Path

import httpx
from support.jira_rig import rig

from cockpit.cli.views import print_view
from cockpit.demo.workspace import demo_workspace
from cockpit.domain.blockers import (
    NO_BLOCKER,
    UNASSIGNED,
    BlockerRef,
    chase_count,
    chase_list,
    chase_table,
)
from cockpit.domain.present import RowHint
from cockpit.fakejira import FakeJira
from cockpit.fakejira.synthetic import BLOCKER_OWNERS, synthetic_blocked
from cockpit.models import Issue
from cockpit.sources.jira_blockers import BLOCKER_BATCH, blocker_keys, fetch_blockers


def search_bodies(fake: FakeJira) -> list[str]:
    return [str(r.json["jql"]) for r in fake.requests_to(r"/search/jql$", "POST")]


async def test_5000_blocked_issues_cost_one_blocker_search_per_100_blockers() -> None:
    r = rig(synthetic_blocked(5000, 750))
    issues = await r.client.blocked(["PAY"])
    assert len(issues) == 5000
    before = len(r.fake.requests)
    keys = blocker_keys(issues)
    assert len(keys) == 750
    found = await fetch_blockers(r.client, keys)
    extra = r.fake.requests[before:]
    assert len(extra) == -(-750 // BLOCKER_BATCH) == 8  # one request per <= 100 blockers
    assert all(q.json["jql"].startswith("key in (") for q in extra)
    assert all(len(q.json["jql"].split(",")) <= BLOCKER_BATCH for q in extra)
    assert found["OPS-2"].summary == "Blocker 2"
    assert found["OPS-2"].assignee == "Chen Wei"
    assert found["OPS-3"].assignee is None
    chase = chase_list(issues, found, date(2025, 12, 1))
    assert sum(c.held_up for c in chase) == 5000
    unassigned = next(c for c in chase if c.owner == UNASSIGNED)
    expected = sum(1 for i in range(1, 5001) if (i % 750 + 1) % len(BLOCKER_OWNERS) == 3)
    assert unassigned.held_up == expected and len(unassigned.blockers) == 187  # OPS-3, -7, ... -747
    assert [c.held_up for c in chase] == sorted((c.held_up for c in chase), reverse=True)


async def test_no_blockers_no_extra_request() -> None:
    r = rig()
    before = len(r.fake.requests)
    assert await fetch_blockers(r.client, []) == {}
    assert len(r.fake.requests) == before


def demo_issues(tmp_path: Path) -> tuple[list[Issue], dict[str, Issue], date]:
    workspace = demo_workspace(data_dir=tmp_path)

    async def fetch() -> list[Issue]:
        try:
            return await workspace.fetch_blocked()
        finally:
            await workspace.aclose()

    issues = asyncio.run(fetch())
    return issues, workspace.blockers, workspace.today()


def test_the_demo_chase_list_groups_blocked_work_by_blocker_owner(tmp_path: Path) -> None:
    issues, blockers, today = demo_issues(tmp_path)
    assert set(blockers) == {"PAY-70", "PAY-71"}
    chase = chase_list(issues, blockers, today)
    owners = [c.owner for c in chase]
    assert owners[0] == "Platform team"  # PAY-70 holds up PAY-16 and PAY-6
    assert chase[0].held_up == 2 and chase[0].longest == 7
    assert chase[0].blockers[0].issue.key == "PAY-70"
    assert {i.key for i in chase[0].blockers[0].blocked} == {"PAY-16", "PAY-6"}
    assert owners[-1] == NO_BLOCKER
    assert {ref.issue.key for ref in chase[-1].blockers} == {"PAY-22", "PAY-9", "PAY-7", "PAY-30"}
    table = chase_table(issues, blockers, today)
    first = table.rows[0]
    assert first.hint == RowHint.GROUP
    assert first.cells[1] == "Platform team: holding up 2 issues, longest 7d"
    assert table.rows[1].cells[:4] == (
        "PAY-70",
        "Ledger service: expose payout holds API",
        "In Progress",
        "PAY-16, PAY-6",
    )
    assert isinstance(table.rows[1].ref, BlockerRef)
    assert chase_count(table) == len(issues) == 7


def test_blocked_json_names_each_blocker(tmp_path: Path) -> None:
    out = io.StringIO()
    workspace = demo_workspace(data_dir=tmp_path)
    assert asyncio.run(print_view(workspace, "blocked", as_json=True, out=out)) == 0
    data = {item["key"]: item for item in json.loads(out.getvalue())}
    assert data["PAY-13"]["blockers"] == [
        {
            "key": "PAY-71",
            "summary": "Issuer sandbox credentials for 3DS2 testing",
            "status": "To Do",
            "assignee": None,
            "url": "https://demo.cockpit.invalid/browse/PAY-71",
        }
    ]
    assert data["PAY-9"]["blockers"] == []  # flagged only
    text = io.StringIO()
    assert asyncio.run(print_view(demo_workspace(data_dir=tmp_path), "blocked", out=text)) == 0
    assert "↳ PAY-71  Issuer sandbox credentials for 3DS2 testing" in text.getvalue()


def test_a_refresh_of_5000_blocked_issues_adds_one_search_per_100_blockers(
    tmp_path: Path,
) -> None:
    fake = synthetic_blocked(5000, 750)
    workspace = demo_workspace(data_dir=tmp_path, jira=fake)

    async def refresh() -> list[Issue]:
        try:
            return await workspace.fetch_blocked()
        finally:
            await workspace.aclose()

    issues = asyncio.run(refresh())
    assert len(issues) == 5000 and len(workspace.blockers) == 750
    searches = search_bodies(fake)
    by_key = [jql for jql in searches if jql.startswith("key in (")]
    assert len(by_key) == 8  # 750 blockers: 8 searches, never one per blocker
    assert len(searches) - len(by_key) == 50  # the blocked issues' own pages
    cached = workspace.cached_blockers()
    assert cached["OPS-2"].assignee == "Chen Wei"  # kept for the next start


class BlockersFirstGate(httpx.AsyncBaseTransport):
    """Holds the blocked search until a blockers search (`key in (...)`) arrives, or
    for at most two seconds: `overlapped` says whether both were asked at once."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.armed = False
        self.overlapped = False
        self._blockers_asked = asyncio.Event()

    def arm(self) -> None:
        """From now on, hold blocked searches (what came before is forgotten)."""
        self.armed = True
        self._blockers_asked.clear()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        jql = str(json.loads(request.content).get("jql", "")) if request.content else ""
        if jql.startswith("key in ("):
            self._blockers_asked.set()
        elif self.armed and jql:
            try:
                await asyncio.wait_for(self._blockers_asked.wait(), 2)
                self.overlapped = True
            except TimeoutError:
                pass
        return await self.inner.handle_async_request(request)


def test_known_blockers_are_asked_beside_the_blocked_search(tmp_path: Path) -> None:
    fake = synthetic_blocked(20, 3)
    gate = BlockersFirstGate(FakeJira.transport(fake))
    fake.transport = lambda **_: gate  # type: ignore[method-assign,assignment]
    workspace = demo_workspace(data_dir=tmp_path, jira=fake)

    async def two_refreshes() -> None:
        try:
            await workspace.fetch_blocked()  # the first: blockers found, then asked
            gate.arm()
            await workspace.fetch_blocked()  # the second: asked at once, one round trip
        finally:
            await workspace.aclose()

    asyncio.run(two_refreshes())
    assert gate.overlapped
    assert len(workspace.blockers) == 3 and workspace.blockers["OPS-2"].assignee == "Chen Wei"

"""JiraChanges against the fake: few requests (search + bulkfetch on Cloud, expand on
DC), paging, 429, and the changelog requests and answers checked against the contract."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from support.jira_contract import (
    ContractResponse,
    Contracts,
    as_request,
    as_response,
)
from support.jira_rig import rig

from cockpit.fakejira import FakeIssue, FakeJira, LoggedRequest
from cockpit.fakejira import history as h
from cockpit.models import IssueChange
from cockpit.sources.jira_changes import JiraChanges

NOW = datetime(2025, 3, 4, 9, tzinfo=UTC)
SINCE = datetime(2025, 3, 3, tzinfo=UTC)


def seeded(flavor: str, n: int = 3, max_page: int = 100) -> FakeJira:
    fake = FakeJira(flavor=flavor, clock=lambda: NOW, max_page=max_page)  # type: ignore[arg-type]
    old = NOW - timedelta(days=30)
    for i in range(1, n + 1):
        fake.add_issue(FakeIssue(f"PAY-{i}", f"issue {i}", created=old, updated=old))
    fake.add_issue(FakeIssue("OPS-1", "other project", created=old, updated=NOW))
    h.transition(fake, "PAY-1", "In Progress", NOW - timedelta(hours=20))
    h.transition(fake, "PAY-1", "Closed", NOW - timedelta(hours=10))
    h.sprint(fake, "PAY-2", (11,), (11, 12), NOW - timedelta(hours=5))
    h.fix_version(fake, "PAY-2", "4.2", "4.3", NOW - timedelta(hours=5))
    fake.issues["PAY-3"].due = date(2025, 3, 3)  # fell due, never changed
    return fake


def changed(fake: FakeJira, flavor: str) -> list[IssueChange]:
    r = rig(fake, flavor=flavor)
    return asyncio.run(JiraChanges(r.client).changed(["PAY"], SINCE, NOW))


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
def test_the_window_s_issues_come_with_their_history(flavor: str) -> None:
    fake = seeded(flavor)
    found = {c.key: c for c in changed(fake, flavor)}
    assert set(found) == {"PAY-1", "PAY-2", "PAY-3"}  # not OPS-1 (other project)
    closed = found["PAY-1"].history[-1]
    assert (closed.field, closed.new, closed.new_category) == ("status", "Closed", "done")
    assert [i.field for i in found["PAY-2"].history] == ["sprint", "fixVersion", "fixVersion"]
    assert found["PAY-3"].due == date(2025, 3, 3) and found["PAY-3"].history == ()


def test_cloud_fetches_changelogs_in_bulk_not_per_issue() -> None:
    fake = seeded("cloud", n=1200, max_page=100)
    for i in range(4, 1201):
        h.transition(fake, f"PAY-{i}", "In Progress", NOW - timedelta(hours=3))
    found = changed(fake, "cloud")
    assert len(found) == 1200
    bulk = fake.requests_to("/changelog/bulkfetch$", "POST")
    # two batches (1,000 issues a call); the first's 1,001+ entries come in two pages
    assert [len(q.json["issueIdsOrKeys"]) for q in bulk] == [1000, 1000, 200]
    assert len(fake.requests_to("/search/jql$")) == 12  # pages of 100
    assert not fake.requests_to(r"/issue/PAY-\d+")
    sent = bulk[0].json
    assert len(sent["issueIdsOrKeys"]) == 1000 and "status" in sent["fieldIds"]


def test_bulkfetch_pages_and_a_429_is_waited_out() -> None:
    fake = seeded("cloud", n=5)
    for i in range(5):
        h.flag(fake, "PAY-4", i % 2 == 0, NOW - timedelta(hours=8 - i))
    fake.inject(429, path="/changelog/bulkfetch$", retry_after=2)
    r = rig(fake)
    client = JiraChanges(r.client)

    async def small_pages() -> list[IssueChange]:
        real = r.client.call

        async def call(method: str, url: str, **kw: object) -> object:
            if url.endswith("/bulkfetch"):
                kw["json"] = {**kw["json"], "maxResults": 2}  # type: ignore[dict-item]
            return await real(method, url, **kw)

        r.client.call = call  # type: ignore[method-assign]
        return await client.changed(["PAY"], SINCE, NOW)

    found = {c.key: c for c in asyncio.run(small_pages())}
    assert len([i for i in found["PAY-4"].history if i.field == "flagged"]) == 5
    assert r.sleeps == [2.0]
    assert len(fake.requests_to("/changelog/bulkfetch$")) > 3  # 429, then several pages


def test_data_center_expands_the_changelog_in_the_search() -> None:
    fake = seeded("datacenter")
    changed(fake, "datacenter")
    searches = fake.requests_to("/rest/api/2/search$", "POST")
    assert searches and all(q.json["expand"] == ["changelog"] for q in searches)
    assert not fake.requests_to("bulkfetch")


def _traffic(flavor: str) -> list[LoggedRequest]:
    fake = seeded(flavor)
    h.flag(fake, "PAY-3", True, NOW - timedelta(hours=2))
    h.block(fake, "PAY-1", "PAY-2", NOW - timedelta(hours=2))
    h.due(fake, "PAY-2", date(2025, 3, 9), NOW - timedelta(hours=1))
    changed(fake, flavor)
    return [q for q in fake.requests if q.path.startswith("/rest/")]


def test_changelog_requests_and_answers_follow_the_contract(contracts: Contracts) -> None:
    checked = set()
    for flavor in ("cloud", "datacenter"):
        for logged in _traffic(flavor):
            request = as_request(logged)
            api = contracts.api_for(request.path)
            api.validate_request(request)
            assert logged.status == 200
            api.validate_response(request, as_response(logged))
            checked.add((logged.method, request.path))
    assert {
        ("POST", "/rest/api/3/changelog/bulkfetch"),
        ("POST", "/rest/api/3/search/jql"),
        ("POST", "/rest/api/3/search"),
    } <= checked


def test_the_contract_check_catches_a_wrong_changelog_shape(contracts: Contracts) -> None:
    import json

    from openapi_core.validation.response.exceptions import InvalidData

    bulk = next(q for q in _traffic("cloud") if q.path.endswith("/bulkfetch"))
    assert bulk.response is not None
    broken = json.loads(bulk.response.body)
    broken["issueChangeLogs"][0]["changeHistories"][0]["items"][0]["from"] = 7
    good = as_response(bulk)
    bad = ContractResponse(200, json.dumps(broken).encode(), "application/json", good.headers)
    with pytest.raises(InvalidData):  # the recorded answer stays as it was (RECORDED)
        contracts.platform.validate_response(as_request(bulk), bad)

"""The roadmap's Jira reads on Cloud and Data Center: what is asked (counts, not
lists), what comes back, and both checked against Atlassian's contract."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from support.jira_contract import Contracts, as_request, as_response
from support.jira_rig import rig

from cockpit.fakejira import FakeIssue, FakeJira, LoggedRequest
from cockpit.sources.jira_roadmap import JiraRoadmap

TODAY = date(2026, 11, 16)


def seeded(flavor: str) -> FakeJira:
    fake = FakeJira(flavor=flavor)  # type: ignore[arg-type]
    fake.add_version("PAY", "4.2", start=date(2026, 10, 1), release=date(2026, 12, 1))
    fake.add_version("PAY", "4.1", release=date(2026, 11, 1), released=True)
    fake.add_version("PAY", "3.0", release=date(2025, 1, 1), released=True, archived=True)
    created = datetime(2026, 9, 1, tzinfo=UTC)
    fake.add_issue(
        FakeIssue("PAY-1", "Checkout", type="Epic", status="In Progress", created=created)
    )
    fake.add_issue(FakeIssue("PAY-2", "Done epic", type="Epic", status="Done"))
    fake.issues["PAY-1"].due = date(2026, 12, 20)
    for n, status in enumerate(("To Do", "In Progress", "Done", "Done", "Blocked"), start=3):
        fake.add_issue(
            FakeIssue(f"PAY-{n}", f"Story {n}", status=status, epic="PAY-1", fix_versions=["4.2"])
        )
    fake.add_issue(FakeIssue("PAY-9", "Old", status="Done", fix_versions=["4.1"]))
    return fake


async def read_all(r: JiraRoadmap) -> tuple[object, ...]:
    return await asyncio.gather(
        r.versions("PAY"),
        r.open_epics("PAY"),
        r.category_counts(r.children_jql("PAY-1")),
        r.blocked(["PAY"]),
        r.count('fixVersion = "4.2"'),
    )


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
def test_versions_epics_and_counts_come_back_the_same_on_both_flavors(flavor: str) -> None:
    r = rig(seeded(flavor))
    versions, epics, children, blocked, count = asyncio.run(read_all(JiraRoadmap(r.client)))
    by_name = {v.name: v for v in versions}  # type: ignore[attr-defined]
    assert set(by_name) == {"4.2", "4.1"}  # archived versions are left out
    v42 = by_name["4.2"]
    assert (v42.start, v42.release, v42.released) == (date(2026, 10, 1), date(2026, 12, 1), False)
    assert v42.url == f"{r.fake.base_url}/projects/PAY/versions/{v42.id}"
    if flavor == "cloud":
        assert v42.counts == (1, 2, 2)  # Blocked is an "in progress" status
    else:
        assert v42.counts is None  # Data Center counts with searches instead
    assert [(e.key, e.start, e.due) for e in epics] == [  # type: ignore[attr-defined]
        ("PAY-1", date(2026, 9, 1), date(2026, 12, 20))
    ]
    assert children == (1, 2, 2)
    assert [(b.key, b.versions, b.epic) for b in blocked] == [  # type: ignore[attr-defined]
        ("PAY-7", (v42.id,), "PAY-1")
    ]
    assert count == 5


def test_cloud_asks_for_counted_versions_and_counts_children_without_listing_them() -> None:
    r = rig(seeded("cloud"))
    asyncio.run(read_all(JiraRoadmap(r.client)))
    pages = r.fake.requests_to("/project/PAY/version$", "GET")
    assert {q.query["status"][0] for q in pages} == {"unreleased", "released"}
    assert all(q.query["expand"] == ["issuesstatus"] for q in pages)
    released = next(q for q in pages if q.query["status"] == ["released"])
    assert released.query["orderBy"] == ["-releaseDate"]  # the newest page is enough
    counts = [q.json["jql"] for q in r.fake.requests_to("/search/approximate-count$", "POST")]
    assert '(parent = PAY-1) AND statusCategory = "Done"' in counts
    listed = [q.json["jql"] for q in r.fake.requests_to("/search/jql$", "POST")]
    assert not any("parent" in jql for jql in listed)  # children are counted, never listed


def test_data_center_reads_the_version_list_and_counts_with_empty_searches() -> None:
    r = rig(seeded("datacenter"))
    asyncio.run(read_all(JiraRoadmap(r.client)))
    assert r.fake.requests_to("/rest/api/2/project/PAY/versions$", "GET")
    assert not r.fake.requests_to("/project/PAY/version$")
    searches = r.fake.requests_to("/rest/api/2/search$", "POST")
    counting = [q.json for q in searches if q.json["maxResults"] == 0]
    assert '("Epic Link" = PAY-1) AND statusCategory = "To Do"' in {c["jql"] for c in counting}
    assert not r.fake.requests_to("approximate-count")


def traffic(flavor: str) -> list[LoggedRequest]:
    r = rig(seeded(flavor))
    asyncio.run(read_all(JiraRoadmap(r.client)))
    return [q for q in r.fake.requests if q.path.startswith("/rest/")]


def test_roadmap_requests_and_answers_follow_the_contract(contracts: Contracts) -> None:
    checked = set()
    for flavor in ("cloud", "datacenter"):
        for logged in traffic(flavor):
            request = as_request(logged)
            api = contracts.api_for(request.path)
            api.validate_request(request)
            assert logged.status == 200
            api.validate_response(request, as_response(logged))
            checked.add((logged.method, request.path))
    assert {
        ("GET", "/rest/api/3/project/PAY/version"),
        ("GET", "/rest/api/3/project/PAY/versions"),
        ("POST", "/rest/api/3/search/approximate-count"),
        ("POST", "/rest/api/3/search"),
    } <= checked


def test_the_contract_check_catches_a_wrong_version_shape(contracts: Contracts) -> None:
    import json

    from openapi_core.validation.response.exceptions import InvalidData

    page = next(q for q in traffic("cloud") if q.path.endswith("/version"))
    assert page.response is not None
    broken = json.loads(page.response.body)
    broken["values"][0]["issuesStatusForFixVersion"]["done"] = "two"
    good = as_response(page)
    bad = type(good)(200, json.dumps(broken).encode(), "application/json", good.headers)
    with pytest.raises(InvalidData):
        contracts.platform.validate_response(as_request(page), bad)


def test_a_bad_query_is_refused_with_jira_s_reason() -> None:
    from cockpit.sources.jira_refusal import JiraRefused

    r = rig(seeded("cloud"))
    with pytest.raises(JiraRefused, match="status"):
        asyncio.run(JiraRoadmap(r.client).count('status = "Nope"'))

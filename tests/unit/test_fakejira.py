"""The fake Jira itself, in process: scale, faults, JQL, the demo dataset.

Served on a loopback port (by a thread or `python -m cockpit.fakejira`):
integration/test_fakejira_served.py.
"""

from __future__ import annotations

from collections import Counter

import pytest
from support.jira_rig import TODAY, rig

from cockpit.fakejira import FakeJira, synthetic_jira
from cockpit.fakejira.demo_data import DEMO_SITE, demo_jira


def test_rank_moves_on_a_50000_issue_backlog_keep_the_order() -> None:
    fake = synthetic_jira(50_000)
    fake.handle(
        "GET", "/rest/agile/1.0/board/42/backlog", "maxResults=1", {"Authorization": "Basic eDp5"}
    )
    for n in range(200):
        body = f'{{"issues": ["PAY-{49_000 + n}"], "rankBeforeIssue": "PAY-{1 + n}"}}'.encode()
        answer = fake.handle(
            "PUT", "/rest/agile/1.0/issue/rank", "", {"Authorization": "Basic eDp5"}, body
        )
        assert answer.status == 204
    page = fake.handle(
        "GET",
        "/rest/agile/1.0/board/42/backlog",
        "startAt=0&maxResults=3&fields=summary",
        {"Authorization": "Basic eDp5"},
    )
    assert page.status == 200 and b"PAY-49000" in page.body
    assert fake.backlog_keys()[:4] == ["PAY-49000", "PAY-1", "PAY-49001", "PAY-2"]


async def test_faults_next_n_requests_and_per_path() -> None:
    r = rig()
    r.fake.inject(503, path="/priority", times=2)
    assert await r.client.myself() == "Pat Morgan"  # other paths unaffected
    assert await r.client.priorities()
    assert [q.status for q in r.fake.requests_to("/priority")] == [503, 503, 200]
    r.fake.inject(401, times=None)
    with pytest.raises(Exception, match="cockpit auth jira"):
        await r.client.myself()
    r.fake.clear_faults()
    assert await r.client.myself() == "Pat Morgan"


async def test_latency_goes_through_the_injected_sleep() -> None:
    r = rig()
    r.fake.latency_ms = 300
    r.fake.inject(path="/myself", latency_ms=700, status=None)
    await r.client.myself()
    assert r.sleeps == [1.0]
    await r.client.priorities()
    assert r.sleeps == [1.0, 0.3]


def test_invalid_jql_is_a_400_with_jiras_error_shape() -> None:
    fake = demo_jira(TODAY)
    auth = {"Authorization": "Basic eDp5"}
    bad_field = fake.handle("GET", "/rest/api/3/search/jql", "jql=colour%20%3D%20red", auth)
    assert (
        bad_field.status == 400
        and b"colour" in bad_field.body
        and b"errorMessages" in bad_field.body
    )
    bad_status = fake.handle("GET", "/rest/api/3/search/jql", "jql=status%20%3D%20Nope", auth)
    assert bad_status.status == 400
    ok = fake.handle(
        "GET", "/rest/api/3/search/jql", "jql=status%20%3D%20Blocked&fields=summary", auth
    )
    assert ok.status == 200 and b"PAY-7" in ok.body


def test_unauthenticated_and_wrong_version_requests() -> None:
    cloud = demo_jira(TODAY)
    assert cloud.handle("GET", "/rest/api/3/myself").status == 401
    assert cloud.handle("GET", "/rest/api/3/serverInfo").status == 200
    assert (
        cloud.handle("GET", "/rest/api/2/search", "jql=", {"Authorization": "Basic eDp5"}).status
        == 410
    )
    dc = demo_jira(TODAY, flavor="datacenter")
    assert dc.handle("GET", "/rest/api/3/myself", "", {"Authorization": "Bearer x"}).status == 404
    assert dc.handle("GET", "/rest/api/2/myself", "", {"Authorization": "Basic eDp5"}).status == 401


def test_demo_dataset_is_a_payments_team_backlog() -> None:
    fake = demo_jira(TODAY)
    backlog = [fake.issues[k] for k in fake.backlog_keys()]
    assert 55 <= len(backlog) <= 65
    epics = [i for i in fake.issues.values() if i.type == "Epic"]
    assert len(epics) == 4 and all(i.epic in {e.key for e in epics} for i in backlog[:58])
    assert set(Counter(i.type for i in backlog)) == {"Story", "Bug", "Task"}
    assert 5 <= len({i.assignee for i in backlog if i.assignee}) <= 7
    assert sum(i.flagged for i in backlog) >= 2
    assert 1 <= sum(i.status == "Blocked" for i in backlog) <= 2
    assert fake.issues["PAY-72"].category == "done" and fake.blockers["PAY-12"] == ["PAY-72"]
    assert all(i.updated and i.updated.date() <= TODAY for i in backlog)
    later = demo_jira(TODAY.replace(year=TODAY.year + 1))
    assert later.issues["PAY-4"].updated != fake.issues["PAY-4"].updated  # relative to today
    assert fake.base_url == DEMO_SITE == "https://demo.cockpit.invalid"
    assert fake.board_id == 42


def test_demo_roadmap_has_the_releases_the_screen_shows() -> None:
    fake = demo_jira(TODAY)
    versions = {v.name: v for v in fake.versions}
    assert [v.name for v in fake.versions if v.released] == ["4.1"]
    assert versions["5.0"].release is None and versions["4.2"].release is not None
    assert versions["4.2"].start is not None and versions["4.2"].start < TODAY
    members = [i.key for i in fake.issues.values() if "4.3" in i.fix_versions]
    assert "PAY-6" in members and "PAY-85" in members
    # the roadmap adds only done issues (and an epic): the backlog is what it was
    assert not [
        k for k in fake.backlog_keys() if k in ("PAY-79", *[f"PAY-{n}" for n in range(80, 89)])
    ]


def test_synthetic_jira_has_n_issues_in_rank_order() -> None:
    fake = synthetic_jira(1234, flavor="datacenter")
    assert isinstance(fake, FakeJira) and fake.flavor == "datacenter"
    keys = fake.backlog_keys()
    assert len(keys) == 1234 and keys[:2] == ["PAY-1", "PAY-2"]

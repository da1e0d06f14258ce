"""The Jira client against the fake Jira: what goes to Jira, what comes back."""

from __future__ import annotations

import json

import httpx
import pytest
from support.jira_rig import EMAIL, TOKEN, rig

from cockpit.fakejira import FieldIds, synthetic_jira
from cockpit.sources.errors import AuthError, BadResponse, RateLimited
from cockpit.sources.jira import JiraRefused, JiraSite, detect_flavor
from cockpit.sources.jira_adf import adf_to_text

BLOCKED = {"PAY-6", "PAY-7", "PAY-9", "PAY-13", "PAY-16", "PAY-22", "PAY-30"}


# --- paging -------------------------------------------------------------------------


async def test_cloud_search_pages_by_token_over_1234_issues() -> None:
    fake = synthetic_jira(1234, max_page=37)  # smaller pages than asked: never trust a size
    r = rig(fake)
    raws = await r.client.search("project = PAY ORDER BY key ASC", ["summary"])
    assert [i["key"] for i in raws] == [f"PAY-{n}" for n in range(1, 1235)]
    bodies = [q.json for q in fake.requests_to("/search/jql")]
    assert len(bodies) == 34  # ceil(1234 / 37)
    assert "nextPageToken" not in bodies[0]
    assert all("startAt" not in b and b["fields"] == ["summary"] for b in bodies)
    assert len({b.get("nextPageToken") for b in bodies}) == 34
    assert not fake.requests_to(r"/rest/api/\d/search$")


async def test_datacenter_search_pages_by_start_at_over_1234_issues() -> None:
    fake = synthetic_jira(1234, flavor="datacenter", max_page=37)
    r = rig(fake)
    raws = await r.client.search("project = PAY ORDER BY key ASC", ["summary", "status"])
    assert [i["key"] for i in raws] == [f"PAY-{n}" for n in range(1, 1235)]
    starts = [q.json["startAt"] for q in fake.requests_to("/rest/api/2/search")]
    assert starts == list(range(0, 1234, 37))
    assert not fake.requests_to("/search/jql")


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_backlog_reads_every_page_in_rank_order(flavor: str) -> None:
    fake = synthetic_jira(1234, flavor=flavor, max_page=50)  # type: ignore[arg-type]
    fake.order.move(["PAY-1234"], before="PAY-1")
    r = rig(fake)
    issues = await r.client.backlog(42)
    assert [i.key for i in issues][:2] == ["PAY-1234", "PAY-1"]
    assert len(issues) == len({i.key for i in issues}) == 1234
    calls = fake.requests_to("/board/42/backlog")
    assert [int(q.query["startAt"][0]) for q in calls] == list(range(0, 1234, 50))
    fields = calls[0].query["fields"][0].split(",")
    assert {"summary", "status", "priority", fake.ids.points, fake.ids.rank} <= set(fields)
    assert "*all" not in fields and "description" not in fields
    first = issues[0]
    assert first.url == f"{fake.base_url}/browse/PAY-1234" and first.summary.startswith("Synthetic")


async def test_backlog_stops_on_an_empty_page_even_if_total_says_more() -> None:
    r = rig()
    body = {"startAt": 0, "maxResults": 50, "total": 5000, "issues": []}
    r.fake.inject(200, path="/backlog", body=json.dumps(body), times=None)
    assert await r.client.backlog(42) == []
    assert len(r.fake.requests_to("/backlog")) == 1


# --- blocked -----------------------------------------------------------------------


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_blocked_classifies_and_ignores_a_done_blocker(flavor: str) -> None:
    r = rig(flavor=flavor)
    issues = {i.key: i for i in await r.client.blocked(["PAY"])}
    assert set(issues) == BLOCKED  # PAY-12 is blocked only by PAY-72, which is Done
    assert issues["PAY-16"].reasons == ("flagged", "link")
    assert issues["PAY-16"].blocked_by == ("PAY-70",)
    assert issues["PAY-13"].reasons == ("link",) and issues["PAY-13"].blocked_by == ("PAY-71",)
    assert issues["PAY-7"].reasons == ("status",) and issues["PAY-7"].blocked_by == ()
    assert issues["PAY-9"].reasons == ("flagged",) and issues["PAY-9"].flagged
    fake_issue = r.fake.issues["PAY-7"]
    assert issues["PAY-7"].blocked_since == fake_issue.status_changed
    sent = r.fake.requests_to("/search")[-1]
    jql = sent.json["jql"]
    assert jql.startswith('project in ("PAY") AND resolution = EMPTY')
    assert "cf[10021] = Impediment" in jql and 'status = "Blocked"' in jql
    assert "issuelinks" in sent.json["fields"]


async def test_blocked_jql_from_config_replaces_the_default() -> None:
    r = rig()
    issues = await r.client.blocked(["PAY"], jql="key in (PAY-12, PAY-9)")
    assert r.fake.requests_to("/search/jql")[-1].json["jql"] == "key in (PAY-12, PAY-9)"
    assert {i.key: i.reasons for i in issues} == {"PAY-9": ("flagged",), "PAY-12": ()}


async def test_blocked_without_a_blocked_status_leaves_it_out_of_the_query() -> None:
    r = rig()
    r.fake.inject(200, path="/status$", body=json.dumps([{"name": "To Do"}, {"name": "Done"}]))
    await r.client.blocked(["PAY"])
    assert "status =" not in r.fake.requests_to("/search/jql")[-1].json["jql"]


async def test_custom_field_ids_are_discovered_not_hard_coded() -> None:
    ids = FieldIds(
        flagged="customfield_12345",
        rank="customfield_23456",
        points="customfield_34567",
        sprint="customfield_45678",
        epic_link="customfield_56789",
    )
    fake = synthetic_jira(3, field_ids=ids)
    fake.issues["PAY-2"].flagged = True
    r = rig(fake)
    discovered = await r.client.fields()
    assert (discovered.flagged, discovered.rank, discovered.points) == (
        "customfield_12345",
        "customfield_23456",
        "customfield_34567",
    )
    assert discovered.sprint == "customfield_45678"
    blocked = await r.client.blocked(["PAY"])
    assert [i.key for i in blocked] == ["PAY-2"]
    assert "cf[12345] = Impediment" in r.fake.requests_to("/search/jql")[-1].json["jql"]
    backlog = await r.client.backlog(42)
    assert [i.points for i in backlog] == [1.0, 2.0, None]
    assert backlog[0].rank is not None
    assert len(r.fake.requests_to("/field$")) == 1  # cached per client


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_story_points_by_flavor(flavor: str) -> None:
    r = rig(flavor=flavor)
    issues = {i.key: i for i in await r.client.backlog(42)}
    assert issues["PAY-4"].points == 5.0 and issues["PAY-4"].epic == "PAY-1"


# --- writes ------------------------------------------------------------------------


async def test_rank_moves_reorder_the_fakes_backlog() -> None:
    r = rig()
    result = await r.client.rank(["PAY-30", "PAY-31"], before="PAY-4")
    assert result.failed == {} and result.ranked == ("PAY-30", "PAY-31")
    assert r.fake.backlog_keys()[:3] == ["PAY-30", "PAY-31", "PAY-4"]
    await r.client.rank(["PAY-4"], after="PAY-61")
    assert [i.key for i in await r.client.backlog(42)][-4:] == [
        "PAY-61",
        "PAY-4",
        "PAY-70",
        "PAY-71",
    ]
    assert r.fake.requests_to("/issue/rank")[0].json == {
        "issues": ["PAY-30", "PAY-31"],
        "rankBeforeIssue": "PAY-4",
    }


@pytest.mark.parametrize("where", ["before", "after"])
async def test_rank_splits_more_than_50_issues_and_keeps_their_order(where: str) -> None:
    fake = synthetic_jira(300)
    r = rig(fake)
    moving = [f"PAY-{n}" for n in range(150, 270)]
    anchor = {"before": "PAY-10"} if where == "before" else {"after": "PAY-10"}
    await r.client.rank(moving, **anchor)
    calls = fake.requests_to("/issue/rank")
    assert [len(c.json["issues"]) for c in calls] == [50, 50, 20]
    keys = fake.backlog_keys()
    at = keys.index("PAY-150")
    assert keys[at : at + 120] == moving
    assert keys[at - 1 if where == "after" else at + 120] == "PAY-10"


async def test_rank_partial_failure_207_is_returned_per_issue() -> None:
    r = rig()
    r.fake.unrankable["PAY-5"] = "Issue PAY-5 is in an active sprint."
    result = await r.client.rank(["PAY-5", "PAY-8"], before="PAY-4")
    assert result.failed == {"PAY-5": "Issue PAY-5 is in an active sprint."}
    assert result.ranked == ("PAY-8",)
    assert r.fake.backlog_keys()[:2] == ["PAY-8", "PAY-4"]


async def test_rank_without_schedule_permission_says_so() -> None:
    r = rig()
    r.fake.rank_forbidden = True
    with pytest.raises(JiraRefused) as info:
        await r.client.rank(["PAY-5"], before="PAY-4")
    assert "Schedule Issues" in str(info.value) and info.value.status == 403


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_priority_change_persists(flavor: str) -> None:
    r = rig(flavor=flavor)
    assert await r.client.priorities() == ["Highest", "High", "Medium", "Low", "Lowest"]
    await r.client.set_priority("PAY-6", "Lowest")
    sent = r.fake.requests_to(r"/issue/PAY-6$", "PUT")[0]
    assert sent.json == {"fields": {"priority": {"name": "Lowest"}}}
    issues = {i.key: i for i in await r.client.backlog(42)}
    assert issues["PAY-6"].priority == "Lowest"
    with pytest.raises(JiraRefused) as info:
        await r.client.set_priority("PAY-6", "Urgent!!")
    assert info.value.status == 400 and "priority" in str(info.value)


async def test_cloud_comment_is_sent_as_adf_and_listed_as_text() -> None:
    r = rig()
    comment_id = await r.client.add_comment("PAY-7", "Globex pilot agreed.\nStart in May.")
    body = r.fake.requests_to("/comment", "POST")[0].json["body"]
    assert body["type"] == "doc" and body["version"] == 1
    assert body["content"][0]["content"][0] == {"type": "text", "text": "Globex pilot agreed."}
    listed = await r.client.comments("PAY-7")
    assert [(c.id, c.body) for c in listed] == [(comment_id, "Globex pilot agreed.\nStart in May.")]
    assert listed[0].created is not None


async def test_datacenter_comment_is_a_plain_string() -> None:
    r = rig(flavor="datacenter")
    await r.client.add_comment("PAY-7", "Plain text")
    assert r.fake.requests_to("/comment", "POST")[0].json == {"body": "Plain text"}
    assert [c.body for c in await r.client.comments("PAY-7")] == ["Plain text"]


async def test_rich_adf_comments_are_flattened() -> None:
    r = rig()
    doc = {
        "type": "doc",
        "version": 1,
        "content": [
            {
                "type": "heading",
                "attrs": {"level": 2},
                "content": [{"type": "text", "text": "Plan"}],
            },
            {
                "type": "bulletList",
                "content": [
                    {
                        "type": "listItem",
                        "content": [
                            {
                                "type": "paragraph",
                                "content": [
                                    {"type": "mention", "attrs": {"id": "1", "text": "@Ana"}},
                                    {"type": "text", "text": " to call Globex"},
                                ],
                            }
                        ],
                    }
                ],
            },
        ],
    }
    r.fake.add_comment("PAY-9", adf_to_text(doc), adf=doc)
    [comment] = await r.client.comments("PAY-9")
    assert comment.body == "Plan\n\n@Ana to call Globex"


async def test_a_comment_post_is_not_retried_so_it_cannot_be_doubled() -> None:
    r = rig()
    r.fake.inject(503, path="/comment", method="POST")
    with pytest.raises(JiraRefused) as info:
        await r.client.add_comment("PAY-7", "Once")
    assert info.value.status == 503
    assert len(r.fake.requests_to("/comment", "POST")) == 1


# --- resilience and errors -----------------------------------------------------------


async def test_429_waits_for_retry_after() -> None:
    r = rig()
    r.fake.inject(429, path="/backlog", retry_after=7)
    r.fake.inject(
        429,
        path="/backlog",
        retry_after=3,
        body="<html><h1>Too many</h1></html>",
        headers={"Content-Type": "text/html"},
    )
    issues = await r.client.backlog(42)
    assert len(issues) == 60
    assert r.sleeps == [7.0, 3.0]
    assert len(r.fake.requests_to("/backlog")) == 3


async def test_429_without_end_becomes_rate_limited() -> None:
    r = rig()
    r.fake.inject(429, path="/myself", retry_after=0, times=None)
    with pytest.raises(RateLimited):
        await r.client.myself()
    assert r.sleeps == [1.0, 1.0, 1.0]  # Retry-After below 1 s counts as 1 s


async def test_5xx_on_reads_is_retried() -> None:
    r = rig()
    r.fake.inject(502, path="/priority", times=2)
    assert await r.client.priorities()
    assert len(r.fake.requests_to("/priority")) == 3 and len(r.sleeps) == 2


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_401_is_one_sentence_naming_the_site_and_credential(flavor: str) -> None:
    r = rig(flavor=flavor, token="wrong-token")
    with pytest.raises(AuthError) as info:
        await r.client.myself()
    message = str(info.value)
    assert "demo.cockpit.invalid" in message and "`cockpit auth jira`" in message
    assert (
        ("API token for " + EMAIL) in message
        if flavor == "cloud"
        else "personal access token" in message
    )
    assert "wrong-token" not in message and "\n" not in message
    assert info.value.status == 401


async def test_datacenter_sends_the_pat_as_bearer_and_cloud_basic() -> None:
    dc = rig(flavor="datacenter")
    await dc.client.myself()
    assert dc.fake.requests[-1].headers["authorization"] == f"Bearer {TOKEN}"
    cloud = rig()
    await cloud.client.myself()
    assert cloud.fake.requests[-1].headers["authorization"].startswith("Basic ")


async def test_malformed_json_and_wrong_shapes_are_bad_responses() -> None:
    r = rig()
    r.fake.inject(path="/search/jql", malformed=True)
    with pytest.raises(BadResponse):
        await r.client.blocked(["PAY"])
    r.fake.inject(200, path="/backlog", body=json.dumps({"issues": {"oops": 1}}))
    with pytest.raises(BadResponse):
        await r.client.backlog(42)
    r.fake.inject(200, path="/backlog", body=json.dumps({"total": 1, "issues": [{"id": "1"}]}))
    with pytest.raises(BadResponse):
        await r.client.backlog(42)
    r.fake.inject(200, path="/priority", body=json.dumps({"values": []}))
    with pytest.raises(BadResponse):
        await r.client.priorities()


async def test_cloud_site_answering_410_says_so_plainly() -> None:
    r = rig(site_flavor="datacenter")  # a Cloud site configured as Data Center
    with pytest.raises(JiraRefused) as info:
        await r.client.search("project = PAY", ["summary"])
    assert "410" in str(info.value) and 'flavor = "cloud"' in str(info.value)


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_detect_flavor_uses_server_info(flavor: str) -> None:
    r = rig(flavor=flavor)
    async with httpx.AsyncClient(transport=r.fake.transport()) as anonymous:
        assert await detect_flavor(anonymous, r.fake.base_url) == flavor
    assert "authorization" not in r.fake.requests[-1].headers


# --- credentials and URLs ------------------------------------------------------------


async def test_credentials_never_go_to_another_origin() -> None:
    r = rig()
    r.fake.inject(
        302, path="/myself", headers={"Location": "https://evil.invalid/rest/api/3/myself"}
    )
    with pytest.raises(AuthError):
        await r.client.myself()
    first, second = r.fake.requests[-2:]
    assert first.host == "demo.cockpit.invalid" and "authorization" in first.headers
    assert second.host == "evil.invalid" and "authorization" not in second.headers
    for other in (
        "https://evil.invalid/x",
        "https://demo.cockpit.invalid.evil.invalid/x",
        "https://demo.cockpit.invalid:8443/x",
        "http://demo.cockpit.invalid/x",
    ):
        await r.http.get(other)
        assert "authorization" not in r.fake.requests[-1].headers, other
    assert all(
        TOKEN not in json.dumps(q.headers)
        for q in r.fake.requests
        if q.host != "demo.cockpit.invalid"
    )


def test_site_repr_hides_the_token_and_urls_must_be_https() -> None:
    site = JiraSite("https://acme.atlassian.net/", "cloud", EMAIL, TOKEN)
    assert TOKEN not in repr(site) and site.url == "https://acme.atlassian.net"
    assert JiraSite("http://127.0.0.1:8089", "datacenter", None, TOKEN).url.startswith("http://")
    with pytest.raises(ValueError, match="https"):
        JiraSite("http://jira.acme.com", "datacenter", None, TOKEN)
    with pytest.raises(ValueError):
        JiraSite("https://acme.atlassian.net", "cloud", None, TOKEN)


async def test_boards_lists_id_and_name() -> None:
    r = rig()
    assert await r.client.boards() == [(42, "Payments team"), (57, "ML team")]  # the demo's two

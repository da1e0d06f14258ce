"""Contract tests: what the client sends and what the fake answers, against Atlassian's
OpenAPI documents (../shared/contracts/jira, or $COCKPIT_CONTRACTS), via openapi-core.

Data Center paths /rest/api/2/X are checked as /rest/api/3/X (same shapes; search is
the documented, Cloud-deprecated /rest/api/3/search). Requests come from a run of
every client method on both flavors, plus everything the other Jira tests recorded.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from support.jira_contract import (
    DOC_DEFECTS,
    ContractResponse,
    Contracts,
    as_request,
    as_response,
    contract_path,
)
from support.jira_rig import RECORDED, TOKEN, rig

from cockpit.fakejira import FakeJira, LoggedRequest


async def exercise(flavor: str) -> FakeJira:
    """Every client method once, with paging, a 207 and comments."""
    from cockpit.fakejira import synthetic_jira

    r = rig(flavor=flavor)
    c = r.client
    await c.myself()
    await c.boards()
    await c.priorities()
    await c.blocked(["PAY"])
    await c.backlog(42)
    r.fake.unrankable["PAY-5"] = "Issue PAY-5 is in an active sprint."
    await c.rank(["PAY-5", "PAY-8"], before="PAY-4")
    await c.rank(["PAY-9"], after="PAY-4")
    await c.set_priority("PAY-6", "High")
    await c.add_comment("PAY-6", "Customer call: Globex agreed to pilot.")
    await c.comments("PAY-6")
    await c.set_flag("PAY-6", True)
    await c.set_flag("PAY-6", False)
    offered = {t.to_status: t for t in await c.transitions("PAY-6")}
    await c.transition("PAY-6", offered["Done"].id, resolution="Won't Do")
    await c.transition("PAY-8", offered["Blocked"].id, comment="Waiting on the bank.")
    await c.issue_status("PAY-6")
    users = await c.assignable_users("PAY-6", "a")
    await c.assign("PAY-6", users[0].id)
    await c.assign("PAY-6", None)
    await c.remove_blocker("PAY-13", "PAY-71")
    await c.create_issue("PAY", "Story", "Export payouts as CSV", "From a call.", ["Globex"])
    await c.find_created("PAY", "Export payouts as CSV", datetime(2025, 3, 1, tzinfo=UTC))
    big = rig(synthetic_jira(250, flavor=flavor, max_page=100))  # type: ignore[arg-type]
    await big.client.search("project = PAY", ["summary"])
    await big.client.backlog(42)
    from cockpit.sources.jira_boards import BoardReader
    from cockpit.sources.jira_columns import PaneQuery

    boards = BoardReader(c)  # the demo's Scrum board 42 (a sprint) and Kanban board 57
    await boards.board(57)
    await boards.columns(57)
    await boards.board_issues(57)
    await boards.kanban_backlog(57)
    sprint = await boards.active_sprint(42)
    assert sprint is not None
    await boards.sprint_issues(42, sprint.id)
    await PaneQuery(c).issues("project = PAY ORDER BY priority DESC", ["key", "Sprint", "due"])
    return r.fake


@pytest.fixture(scope="module")
def traffic() -> list[LoggedRequest]:
    import asyncio

    for flavor in ("cloud", "datacenter"):
        asyncio.run(exercise(flavor))
    seen: list[LoggedRequest] = []
    for fake in RECORDED:
        host = fake.base_url.split("://", 1)[1].split("/")[0].split(":")[0]
        seen.extend(
            q
            for q in fake.requests
            if q.path.startswith("/rest/") and q.host in (host, "127.0.0.1")
        )
    return seen


def test_every_request_the_client_sends_is_documented(
    contracts: Contracts, traffic: list[LoggedRequest]
) -> None:
    checked: set[tuple[str, str]] = set()
    for logged in traffic:
        request = as_request(logged)
        contracts.api_for(request.path).validate_request(request)  # path, method, params, body
        for (method, rx), name in DOC_DEFECTS.items():
            if method == logged.method and re.fullmatch(rx, logged.path) and name in logged.query:
                template = re.sub(r"/board/\d+", "/board/{boardId}", logged.path)
                template = re.sub(r"/sprint/\d+", "/sprint/{sprintId}", template)
                documented = contracts.raw_software["paths"][template]
                assert name in {p["name"] for p in documented["get"]["parameters"]}
        checked.add(
            (logged.method, re.sub(r"PAY-\d+|(?<=/board/)\d+", "{x}", contract_path(logged.path)))
        )
    expected = {
        ("GET", "/rest/api/3/myself"),
        ("GET", "/rest/api/3/field"),
        ("GET", "/rest/api/3/status"),
        ("GET", "/rest/api/3/priority"),
        ("POST", "/rest/api/3/search/jql"),
        ("POST", "/rest/api/3/search"),
        ("GET", "/rest/agile/1.0/board"),
        ("GET", "/rest/agile/1.0/board/{x}/backlog"),
        ("GET", "/rest/agile/1.0/board/{x}"),
        ("GET", "/rest/agile/1.0/board/{x}/configuration"),
        ("GET", "/rest/agile/1.0/board/{x}/sprint"),
        ("GET", "/rest/agile/1.0/board/{x}/issue"),
        ("PUT", "/rest/agile/1.0/issue/rank"),
        ("PUT", "/rest/api/3/issue/{x}"),
        ("POST", "/rest/api/3/issue/{x}/comment"),
        ("GET", "/rest/api/3/issue/{x}/comment"),
        ("GET", "/rest/api/3/issue/{x}"),
        ("GET", "/rest/api/3/issue/{x}/transitions"),
        ("POST", "/rest/api/3/issue/{x}/transitions"),
        ("GET", "/rest/api/3/user/assignable/search"),
        ("PUT", "/rest/api/3/issue/{x}/assignee"),
        ("POST", "/rest/api/3/issue"),
    }
    assert expected <= checked
    assert any(q.method == "DELETE" and "/issueLink/" in q.path for q in traffic)


def test_fake_answers_match_the_documented_schemas(
    contracts: Contracts, traffic: list[LoggedRequest]
) -> None:
    validated: set[tuple[str, str]] = set()
    for logged in traffic:
        answer = logged.response
        if answer is None or answer.injected or not 200 <= answer.status < 300:
            continue
        if answer.status == 204:  # no body by definition (edit issue documents an empty schema)
            assert answer.body == b""
            continue
        request = as_request(logged)
        contracts.api_for(request.path).validate_response(request, as_response(logged))
        validated.add((logged.method, re.sub(r"PAY-\d+|(?<=/board/)\d+", "{x}", request.path)))
    assert {
        ("POST", "/rest/api/3/search/jql"),
        ("POST", "/rest/api/3/search"),
        ("GET", "/rest/agile/1.0/board/{x}/backlog"),
        ("GET", "/rest/agile/1.0/board/{x}"),
        ("GET", "/rest/agile/1.0/board/{x}/configuration"),
        ("GET", "/rest/agile/1.0/board/{x}/sprint"),
        ("GET", "/rest/agile/1.0/board/{x}/issue"),
        ("GET", "/rest/api/3/field"),
        ("GET", "/rest/api/3/issue/{x}/comment"),
        ("POST", "/rest/api/3/issue/{x}/comment"),
        ("GET", "/rest/agile/1.0/board"),
        ("GET", "/rest/api/3/issue/{x}"),
        ("GET", "/rest/api/3/issue/{x}/transitions"),
        ("GET", "/rest/api/3/user/assignable/search"),
        ("POST", "/rest/api/3/issue"),
    } <= validated


def test_a_207_rank_answer_has_the_documented_entry_fields(
    contracts: Contracts, traffic: list[LoggedRequest]
) -> None:
    documented = contracts.raw_software["paths"]["/rest/agile/1.0/issue/rank"]["put"]["responses"]
    example = json.loads(documented["207"]["content"]["application/json"]["example"])
    example_keys = {k for entry in example["entries"] for k in entry}
    partial = [q for q in traffic if q.status == 207 and q.path.endswith("/issue/rank")]
    assert partial
    for logged in partial:
        assert logged.response is not None
        entries = json.loads(logged.response.body)["entries"]
        for entry in entries:
            assert set(entry) <= example_keys
            assert isinstance(entry["issueId"], int) and isinstance(entry["status"], int)


def test_the_contract_check_catches_a_wrong_shape(
    contracts: Contracts, traffic: list[LoggedRequest]
) -> None:
    from openapi_core.validation.response.exceptions import InvalidData

    search = next(q for q in traffic if q.path == "/rest/api/3/search/jql" and q.status == 200)
    assert search.response is not None
    good = as_response(search)
    broken = json.loads(search.response.body)
    broken["isLast"] = "no"
    bad = ContractResponse(200, json.dumps(broken).encode(), "application/json", good.headers)
    with pytest.raises(InvalidData):
        contracts.platform.validate_response(as_request(search), bad)


def test_undocumented_paths_are_refused_by_the_check(contracts: Contracts) -> None:
    logged = LoggedRequest("GET", "x", "/rest/api/3/backlog/everything", {}, {}, b"")
    with pytest.raises(Exception, match=r"(?i)path"):
        contracts.platform.validate_request(as_request(logged))


def test_no_recorded_request_leaks_the_token_outside_its_site(traffic: list[LoggedRequest]) -> None:
    for logged in traffic:
        assert TOKEN not in logged.path and all(
            TOKEN not in v for vs in logged.query.values() for v in vs
        )

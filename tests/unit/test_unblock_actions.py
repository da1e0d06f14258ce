"""Unblocking actions through the outbox against the fake Jira (in-process): the
request each sends, once, and the refusals (400, 403, 409) that undo them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.jira_rig import Rig, rig

from cockpit.sources.jira_actions import Transition
from cockpit.sources.jira_wiki import wiki_unescape
from cockpit.store.db import Store
from cockpit.sync.sender import OutboxSender

T0 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path)
    yield s
    s.close()


def sent(r: Rig, method: str, path: str) -> list[Any]:
    """Bodies of the requests to `path` (a regex) with `method`."""
    return [q.json for q in r.fake.requests_to(path, method)]


async def drain(store: Store, r: Rig) -> OutboxSender:
    sender = OutboxSender(store, r.client, clock=lambda: T0)
    report = await sender.drain()
    assert not report.retry_error and not report.auth_error, report
    return sender


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_flag_set_and_clear(store: Store, flavor: str) -> None:
    r = rig(flavor=flavor)
    assert not r.fake.issues["PAY-6"].flagged and r.fake.issues["PAY-9"].flagged
    store.enqueue_flag("PAY-6", True)
    store.enqueue_flag("PAY-9", False)
    await drain(store, r)
    flagged = r.fake.ids.flagged
    assert sent(r, "PUT", r"/issue/PAY-6$") == [{"fields": {flagged: [{"value": "Impediment"}]}}]
    assert sent(r, "PUT", r"/issue/PAY-9$") == [{"fields": {flagged: None}}]
    assert r.fake.issues["PAY-6"].flagged and not r.fake.issues["PAY-9"].flagged
    assert [j.state for j in store.jobs()] == ["done", "done"]


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_transitions_say_what_their_screens_require(flavor: str) -> None:
    r = rig(flavor=flavor)
    offered = {t.to_status: t for t in await r.client.transitions("PAY-6")}
    assert r.fake.requests[-1].query == {"expand": ["transitions.fields"]}
    assert set(offered) == {"To Do", "In Progress", "In Review", "Blocked", "Done", "Closed"} - {
        r.fake.issues["PAY-6"].status
    }
    done = offered["Done"]
    assert isinstance(done, Transition)
    assert done.needs_resolution and not done.needs_comment
    assert done.resolutions[:2] == ("Done", "Won't Do")
    assert offered["Blocked"].needs_comment and not offered["Blocked"].needs_resolution
    assert not offered["In Review"].needs_resolution


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_a_transition_with_a_resolution_and_one_with_a_comment(
    store: Store, flavor: str
) -> None:
    r = rig(flavor=flavor)
    offered = {t.to_status: t for t in await r.client.transitions("PAY-6")}
    store.enqueue_transition("PAY-6", offered["Done"].id, "Done", resolution="Won't Do")
    blocked = offered["Blocked"]
    store.enqueue_transition("PAY-13", blocked.id, "Blocked", comment="Waiting on [~sam] *now*")
    await drain(store, r)
    (first,) = sent(r, "POST", r"/issue/PAY-6/transitions$")
    assert first == {
        "transition": {"id": offered["Done"].id},
        "fields": {"resolution": {"name": "Won't Do"}},
    }
    (second,) = sent(r, "POST", r"/issue/PAY-13/transitions$")
    body = second["update"]["comment"][0]["add"]["body"]
    if flavor == "cloud":
        assert body["type"] == "doc"
    else:
        assert body == "Waiting on \\[\\~sam\\] \\*now\\*"  # wiki text, escaped
    assert r.fake.issues["PAY-6"].status == "Done"
    assert r.fake.issues["PAY-6"].resolution == "Won't Do"
    assert r.fake.issues["PAY-13"].status == "Blocked"
    stored = r.fake.comments["PAY-13"][-1].text  # Data Center keeps the wiki text
    assert wiki_unescape(stored) == "Waiting on [~sam] *now*"


async def test_a_transition_whose_answer_was_lost_is_not_sent_again(store: Store) -> None:
    r = rig()
    lose = {"left": 1}
    inner = r.fake.transport()

    async def flaky(request: httpx.Request) -> httpx.Response:
        response = await inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/transitions") and lose["left"]:
            lose["left"] -= 1
            raise httpx.ReadError("connection reset", request=request)
        return response

    r.client.http._transport = httpx.MockTransport(flaky)
    done = next(t for t in await r.client.transitions("PAY-6") if t.to_status == "In Review")
    store.enqueue_transition("PAY-6", done.id, "In Review")
    sender = OutboxSender(store, r.client, clock=lambda: T0)
    report = await sender.drain()
    assert report.retry_error and store.jobs()[0].state == "sending"
    store.make_due()
    report = await OutboxSender(store, r.client, clock=lambda: T0).drain()  # a restart
    assert [j.state for j in store.jobs()] == ["done"]
    assert len(sent(r, "POST", r"/transitions$")) == 1
    assert r.fake.issues["PAY-6"].status == "In Review"


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_assign_from_a_search_as_you_type(store: Store, flavor: str) -> None:
    r = rig(flavor=flavor)
    r.fake.assignable.append("Sam Rivera")
    users = await r.client.assignable_users("PAY-6", "sa")
    assert [u.name for u in users] == ["Sam Rivera"]
    query = r.fake.requests[-1].query
    assert query["issueKey"] == ["PAY-6"]
    assert query["query" if flavor == "cloud" else "username"] == ["sa"]
    store.enqueue_assign("PAY-6", users[0].id, users[0].name)
    store.enqueue_assign("PAY-13", None, None)
    await drain(store, r)
    field = "accountId" if flavor == "cloud" else "name"
    assert sent(r, "PUT", r"/issue/PAY-6/assignee$") == [{field: users[0].id}]
    assert sent(r, "PUT", r"/issue/PAY-13$") == [{"fields": {"assignee": None}}]
    assert r.fake.issues["PAY-6"].assignee == "Sam Rivera"
    assert r.fake.issues["PAY-13"].assignee is None


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_remove_an_is_blocked_by_link_once(store: Store, flavor: str) -> None:
    r = rig(flavor=flavor)
    assert r.fake.blockers["PAY-13"] == ["PAY-71"]
    store.enqueue_unlink("PAY-13", "PAY-71")
    store.enqueue_unlink("PAY-13", "PAY-71")  # pressed twice: the link goes once
    await drain(store, r)
    deletes = r.fake.requests_to(r"/issueLink/\d+$", "DELETE")
    assert len(deletes) == 1 and deletes[0].status == 204
    assert r.fake.blockers["PAY-13"] == []
    assert [j.state for j in store.jobs()] == ["done", "done"]
    assert "PAY-13" not in {i.key for i in await r.client.blocked(["PAY"]) if "link" in i.reasons}


def queue(store: Store, kind: str) -> None:
    if kind == "flag":
        store.enqueue_flag("PAY-6", True)
    elif kind == "transition":
        store.enqueue_transition("PAY-6", "10001", "In Review")
    elif kind == "assign":
        store.enqueue_assign("PAY-6", "5b10a2844c20165700ede000001", "Ana Costa")
    else:
        store.enqueue_unlink("PAY-13", "PAY-71")


PATHS = {
    "flag": ("PUT", r"/issue/PAY-6$"),
    "transition": ("POST", r"/issue/PAY-6/transitions$"),
    "assign": ("PUT", r"/issue/PAY-6/assignee$"),
    "unlink": ("DELETE", r"/issueLink/\d+$"),
}


@pytest.mark.parametrize("status", [400, 403, 409])
@pytest.mark.parametrize("kind", ["flag", "transition", "assign", "unlink"])
async def test_a_refused_action_fails_with_jiras_reason(
    store: Store, kind: str, status: int
) -> None:
    r = rig()
    before = (r.fake.issues["PAY-6"].flagged, r.fake.issues["PAY-6"].status)
    method, path = PATHS[kind]
    reason = f"Jira says no ({status}) to this {kind}."
    r.fake.inject(
        status,
        path=path,
        method=method,
        body=json.dumps({"errorMessages": [reason], "errors": {}}),
    )
    queue(store, kind)
    report = await OutboxSender(store, r.client, clock=lambda: T0).drain()
    (job,) = store.jobs()
    assert job.state == "failed", job
    assert reason in (job.last_error or "")
    assert [j.id for j, _ in report.failed] == [job.id] and report.actions_settled
    assert len(r.fake.requests_to(path, method)) == 1  # never retried
    assert (r.fake.issues["PAY-6"].flagged, r.fake.issues["PAY-6"].status) == before
    assert r.fake.blockers["PAY-13"] == ["PAY-71"]
    assert store.pending_count() == 0


async def test_actions_queued_before_a_restart_are_sent_once_after(tmp_path: Path) -> None:
    first = Store.open(tmp_path)
    first.enqueue_flag("PAY-6", True)
    first.enqueue_assign("PAY-6", "5b10a2844c20165700ede000001", "Ana Costa")
    first.close()
    r = rig()
    second = Store.open(tmp_path)
    try:
        await drain(second, r)
        await drain(second, r)
    finally:
        second.close()
    assert len(sent(r, "PUT", r"/issue/PAY-6$")) == 1
    assert len(sent(r, "PUT", r"/issue/PAY-6/assignee$")) == 1


def test_the_outbox_rebuild_keeps_waiting_jobs(tmp_path: Path) -> None:
    """A store from before the actions (schema 5) keeps its queue, ids and all."""
    import sqlite3

    from cockpit.store.db import statements
    from cockpit.store.schema import MIGRATIONS

    conn = sqlite3.connect(tmp_path / "cockpit.sqlite3")
    for step in MIGRATIONS[:5]:
        for statement in statements(step):
            conn.execute(statement)
    conn.execute(
        "INSERT INTO outbox (id, kind, issue_key, payload, created) VALUES (?, ?, ?, ?, ?)",
        (7, "priority", "PAY-1", json.dumps({"name": "High"}), "2025-03-04T09:00:00Z"),
    )
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    store = Store.open(tmp_path)
    try:
        (job,) = store.open_jobs()
        assert (job.id, job.kind, job.payload) == (7, "priority", {"name": "High"})
        flag = store.enqueue_flag("PAY-2", True)
        assert flag > 7 and [j.kind for j in store.open_jobs()] == ["priority", "flag"]
    finally:
        store.close()

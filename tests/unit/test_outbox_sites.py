"""The outbox with several Jira sites: each job names its site and is sent to that
site's client only, once, across a restart; a site that is away holds back only its
own jobs; jobs queued before sites were named (NULL) go to the first site."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from support.jira_rig import Rig, rig

from cockpit.fakejira import FakeIssue, FakeJira
from cockpit.store.db import DB_NAME, Store
from cockpit.store.schema import MIGRATIONS
from cockpit.sync.sender import OutboxSender

T0 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
RANK = r"/rest/agile/1\.0/issue/rank"


def two_sites() -> tuple[Rig, Rig]:
    """A Cloud site and a Data Center site that both have an issue PAY-1."""
    first = FakeJira(flavor="cloud", base_url="https://main.example.com")
    ops = FakeJira(flavor="datacenter", base_url="https://ops.example.com")
    for fake in (first, ops):
        for n in (1, 2, 3):
            fake.add_issue(FakeIssue(f"PAY-{n}", f"issue {n}", priority="Medium"))
    return rig(first), rig(ops, flavor="datacenter")


def sender(store: Store, first: Rig, ops: Rig) -> OutboxSender:
    return OutboxSender(store, first.client, clock=lambda: T0, sites={"ops": ops.client})


def writes(r: Rig) -> list[str]:
    return [f"{q.method} {q.path}" for q in r.fake.requests if q.method != "GET"]


async def test_a_job_for_site_b_survives_a_restart_and_is_sent_once_to_b(
    tmp_path: Path,
) -> None:
    first, ops = two_sites()
    store = Store.open(tmp_path)
    store.enqueue_priority("PAY-2", "Lowest", site="ops")
    store.enqueue_rank("PAY-3", before="PAY-1", site="ops")
    store.enqueue_comment("PAY-1", "on the ops site", site="ops")
    store.close()  # the app quit before anything was sent

    store = Store.open(tmp_path)
    assert [j.site for j in store.open_jobs()] == ["ops", "ops", "ops"]
    report = await sender(store, first, ops).drain()
    assert len(report.sent) == 3 and report.remaining == 0
    report = await sender(store, first, ops).drain()  # again, as after another restart
    assert report.sent == []
    store.close()

    assert ops.fake.issues["PAY-2"].priority == "Lowest"
    assert ops.fake.backlog_keys()[:2] == ["PAY-3", "PAY-1"]
    assert [c.text for c in ops.fake.comments["PAY-1"]] == ["on the ops site"]
    assert len(ops.fake.requests_to(RANK, "PUT")) == 1
    assert writes(first) == []  # the first site's PAY issues are other issues
    assert first.fake.issues["PAY-2"].priority == "Medium"


async def test_the_same_key_on_two_sites_is_two_jobs(tmp_path: Path) -> None:
    first, ops = two_sites()
    store = Store.open(tmp_path)
    store.enqueue_priority("PAY-1", "High")
    store.enqueue_priority("PAY-1", "Low", site="ops")  # does not replace the first's
    await sender(store, first, ops).drain()
    store.close()
    assert first.fake.issues["PAY-1"].priority == "High"
    assert ops.fake.issues["PAY-1"].priority == "Low"


async def test_a_site_that_is_away_holds_back_only_its_own_jobs(tmp_path: Path) -> None:
    first, ops = two_sites()
    ops.fake.inject(503, times=None)
    store = Store.open(tmp_path)
    store.enqueue_priority("PAY-1", "Low", site="ops")
    store.enqueue_priority("PAY-2", "Lowest", site="ops")
    store.enqueue_priority("PAY-3", "High")
    report = await sender(store, first, ops).drain()
    assert [j.key for j in report.sent] == ["PAY-3"] and report.retry_error
    assert first.fake.issues["PAY-3"].priority == "High"
    assert [j.key for j in store.open_jobs()] == ["PAY-1", "PAY-2"]
    assert [r.path for r in ops.fake.requests] == ["/rest/api/2/issue/PAY-1"] * len(
        ops.fake.requests
    )  # PAY-1 was tried (with the client's retries); PAY-2 waits behind it
    ops.fake.clear_faults()
    store.make_due()
    report = await sender(store, first, ops).drain()
    assert [j.key for j in report.sent] == ["PAY-1", "PAY-2"]
    store.close()


async def test_a_site_without_a_token_keeps_its_jobs_waiting_and_says_why(
    tmp_path: Path,
) -> None:
    first, _ops = two_sites()
    store = Store.open(tmp_path)
    store.enqueue_priority("PAY-1", "Low", site="ops")
    why = "No token is stored for Jira site 'ops'; run `cockpit auth jira:ops`."
    out = OutboxSender(store, first.client, clock=lambda: T0, sites={"ops": why})
    report = await out.drain()
    assert report.auth_error == why and report.remaining == 1
    store.close()


async def test_a_site_no_longer_configured_fails_its_job_with_a_reason(tmp_path: Path) -> None:
    first, _ops = two_sites()
    store = Store.open(tmp_path)
    store.enqueue_priority("PAY-1", "Low", site="gone")
    report = await OutboxSender(store, first.client, clock=lambda: T0).drain()
    assert [reason for _job, reason in report.failed] == [
        "The Jira site 'gone' is no longer in config.toml ([[jira]])."
    ]
    assert writes(first) == []
    store.close()


async def test_jobs_queued_before_sites_were_named_go_to_the_first_site(tmp_path: Path) -> None:
    first, ops = two_sites()
    before = next(n for n, step in enumerate(MIGRATIONS) if "ADD COLUMN site" in step)
    old = sqlite3.connect(tmp_path / DB_NAME)
    script = "".join(f"{step};\n" for step in MIGRATIONS[:before])
    old.executescript(f"BEGIN;\n{script}PRAGMA user_version = {before};\nCOMMIT;")
    old.execute(
        "INSERT INTO outbox (kind, issue_key, payload, created)"
        " VALUES ('priority', 'PAY-1', '{\"name\": \"Low\"}', ?)",
        (T0.isoformat(),),
    )
    old.commit()
    old.close()
    store = Store.open(tmp_path)
    assert [(j.key, j.site) for j in store.open_jobs()] == [("PAY-1", None)]
    await sender(store, first, ops).drain()
    store.close()
    assert first.fake.issues["PAY-1"].priority == "Low"
    assert writes(ops) == []

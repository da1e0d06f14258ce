"""A known Jira site's field ids and statuses are kept in the store and reused by the
next run; a field that has gone missing makes the client ask the site again."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cockpit.domain.classify import CompanyRules
from cockpit.fakejira import FakeJira
from cockpit.fakejira.state import FieldIds
from cockpit.fakejira.synthetic import synthetic_jira
from cockpit.models import Issue
from cockpit.sources.jira import JiraClient, JiraRefused, JiraSite, build_http_client
from cockpit.sources.jira_catalog import FIELDS, STATUSES
from cockpit.store.db import DB_NAME, Store
from cockpit.store.schema import MIGRATIONS
from cockpit.sync.workspace import Workspace

SITE = "https://acme.atlassian.net"
NOW = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
MOVED = FieldIds(
    flagged="customfield_20021",
    rank="customfield_20019",
    points="customfield_20016",
    sprint="customfield_20020",
    epic_link="customfield_20014",
)
"""The same fields after a site migration gave them new ids."""


def a_site(issues: int = 12) -> FakeJira:
    fake = synthetic_jira(issues, email="pm@acme.com", token="t0ken")
    fake.issues["PAY-3"].flagged = True
    fake.issues["PAY-5"].points = 8.0
    return fake


def one_run(fake: FakeJira, data_dir: Path, blocked_jql: str | None = None) -> Workspace:
    """A workspace as one start of the cockpit builds it: a fresh client, the store on disk."""
    site = JiraSite(url=fake.base_url, flavor=fake.flavor, email="pm@acme.com", token="t0ken")
    http = build_http_client(site, transport=fake.transport())
    return Workspace(
        tz=ZoneInfo("Europe/Lisbon"),
        calendars=[],
        jira=JiraClient(http, site),
        store=Store.open(data_dir),
        rules=CompanyRules(domains=("acme.com",)),
        board=fake.board_id,
        projects=("PAY",),
        blocked_jql=blocked_jql,
        closers=[http.aclose],
    )


async def refresh(
    fake: FakeJira, data_dir: Path, **kwargs: str
) -> tuple[list[Issue], list[Issue], list[str]]:
    """One run's Blocked and Backlog refresh; returns them and the paths Jira was asked."""
    fake.requests.clear()
    workspace = one_run(fake, data_dir, **kwargs)
    try:
        blocked = await workspace.fetch_blocked()
        backlog = await workspace.fetch_backlog()
    finally:
        await workspace.aclose()
        workspace.store.close()
    return blocked, backlog, [r.path for r in fake.requests]


def discoveries(paths: list[str]) -> list[str]:
    return [p.rsplit("/", 1)[1] for p in paths if p.endswith(("/field", "/status"))]


def test_the_store_keeps_each_sites_metadata_across_a_restart(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.save_site_meta(SITE, FIELDS, {"points": "customfield_10016"}, NOW)
    store.save_site_meta(SITE, STATUSES, ["blocked", "done"], NOW)
    store.save_site_meta("https://other.example", FIELDS, {"points": "customfield_99"}, NOW)
    store.save_site_meta(SITE, FIELDS, {"points": "customfield_10026"}, NOW)  # replaced
    store.close()
    again = Store.open(tmp_path)
    assert again.load_site_meta(SITE, FIELDS) == ({"points": "customfield_10026"}, NOW)
    assert again.load_site_meta(SITE, STATUSES) == (["blocked", "done"], NOW)
    assert again.load_site_meta("https://other.example", FIELDS) == (
        {"points": "customfield_99"},
        NOW,
    )
    again.forget_site_meta(SITE)
    assert again.load_site_meta(SITE, FIELDS) is None
    assert again.load_site_meta("https://other.example", FIELDS) is not None
    again.close()


def test_the_upgrade_keeps_snapshots_and_adds_the_site_table(tmp_path: Path) -> None:
    """A database one step before the site table (whatever its number), with a snapshot."""
    before = next(n for n, step in enumerate(MIGRATIONS) if "CREATE TABLE site_meta" in step)
    old = sqlite3.connect(tmp_path / DB_NAME)
    script = "".join(f"{step};\n" for step in MIGRATIONS[:before])
    old.executescript(f"BEGIN;\n{script}PRAGMA user_version = {before};\nCOMMIT;")
    old.execute(
        "INSERT INTO snapshot (source, scope, fetched_at, count, items, slices)"
        " VALUES ('blocked', '', ?, 1, ?, '[16]')",  # the first slice ends at byte 16
        (NOW.isoformat(), b'[{"key":"PAY-1"}]'),
    )
    old.commit()
    old.close()
    store = Store.open(tmp_path)
    snap = store.load_snapshot("blocked", head=True)
    assert snap is not None and snap.items == [{"key": "PAY-1"}] and snap.fetched_at == NOW
    store.save_site_meta(SITE, FIELDS, {}, NOW)
    assert store.load_site_meta(SITE, FIELDS) == ({}, NOW)
    store.close()


async def test_a_known_site_is_not_asked_for_its_fields_again(tmp_path: Path) -> None:
    fake = a_site()
    blocked, backlog, asked = await refresh(fake, tmp_path)
    assert sorted(discoveries(asked)) == ["field", "status"]  # the first run ever
    again_blocked, again_backlog, asked = await refresh(fake, tmp_path)
    assert discoveries(asked) == []
    assert [i.key for i in again_blocked] == [i.key for i in blocked] == ["PAY-3"]
    assert again_backlog == backlog
    assert next(i for i in again_backlog if i.key == "PAY-5").points == 8.0


async def test_a_field_missing_from_the_answers_is_discovered_again(tmp_path: Path) -> None:
    fake = a_site()
    await refresh(fake, tmp_path)
    fake.ids = MOVED  # the site's fields got new ids since the last run
    blocked, backlog, asked = await refresh(fake, tmp_path)
    assert sorted(discoveries(asked)) == ["field", "status"]  # once, for both reads
    assert [i.key for i in blocked] == ["PAY-3"]
    assert next(i for i in backlog if i.key == "PAY-5").points == 8.0
    assert all(i.rank for i in backlog)
    store = Store.open(tmp_path)
    kept = store.load_site_meta(fake.base_url, FIELDS)
    store.close()
    assert kept is not None and kept[0]["points"] == MOVED.points
    _, _, asked = await refresh(fake, tmp_path)  # and the next run trusts the new ids
    assert discoveries(asked) == []


async def test_a_backlog_without_a_remembered_field_is_read_again(tmp_path: Path) -> None:
    """Only the backlog reads: its pages lack the old points id, so it asks and reads again."""
    fake = a_site()
    await refresh(fake, tmp_path)
    fake.ids = MOVED
    workspace = one_run(fake, tmp_path)
    fake.requests.clear()
    try:
        backlog = await workspace.fetch_backlog()
    finally:
        await workspace.aclose()
        workspace.store.close()
    pages = [r for r in fake.requests if r.path.endswith("/backlog")]
    assert len(pages) == 2  # the stale read, then the read with the new ids
    assert MOVED.points in pages[-1].query["fields"][0]
    assert next(i for i in backlog if i.key == "PAY-5").points == 8.0


async def test_old_metadata_is_asked_again(tmp_path: Path) -> None:
    fake = a_site()
    store = Store.open(tmp_path)
    week_ago = datetime.now(UTC) - timedelta(days=8)
    store.save_site_meta(fake.base_url, FIELDS, {"points": "customfield_10016"}, week_ago)
    store.save_site_meta(fake.base_url, STATUSES, ["to do"], week_ago)
    store.close()
    _, _, asked = await refresh(fake, tmp_path)
    assert sorted(discoveries(asked)) == ["field", "status"]


async def test_a_refused_search_of_a_freshly_asked_site_is_not_retried(tmp_path: Path) -> None:
    fake = a_site()
    with pytest.raises(JiraRefused) as info:
        await refresh(fake, tmp_path, blocked_jql="project = PAY AND nonsense ~ 1")
    assert info.value.status == 400
    assert len(fake.requests_to("/search")) == 1
    assert len(fake.requests_to("/field$")) == 1

"""The roadmap refresh on the demo workspace: one round trip on a known site, kept in
the store with weekly burn-up rows, stale with a reason when Jira fails, bad JQL in a
key result said on that key result only."""

from __future__ import annotations

import asyncio
import io
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.jira_rig import rig

from cockpit.cli.roadmap import write
from cockpit.config.objectives import KeyResultConfig, ObjectiveConfig
from cockpit.demo.workspace import DemoWorkspace, demo_workspace
from cockpit.domain.classify import CompanyRules
from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_data import demo_jira
from cockpit.sources.errors import SourceError
from cockpit.store.db import Store
from cockpit.store.roadmap import week_of
from cockpit.sync.roadmap import cached_roadmap, fetch_roadmap
from cockpit.sync.workspace import Workspace

TZ = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=TZ)


def workspace(data_dir: Path | None = None) -> DemoWorkspace:
    return demo_workspace(clock=lambda: NOW, tz=TZ, data_dir=data_dir)


def test_a_refresh_is_kept_with_this_week_s_burn_up_row(tmp_path: Path) -> None:
    ws = workspace(tmp_path)

    async def run() -> None:
        roadmap = await fetch_roadmap(ws)
        await ws.aclose()
        cached = cached_roadmap(ws)
        assert cached is not None and cached.value == roadmap
        ident = roadmap.releases[0].ident
        weeks = ws.store.weeks([ident])[ident]
        assert weeks[-1] == (
            week_of(NOW.date()),
            roadmap.releases[0].counts.done,
            roadmap.releases[0].counts.total,
        )

    asyncio.run(run())


def test_a_known_site_refreshes_in_one_round_trip(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert ws.fake_jira is not None
    fake = ws.fake_jira

    async def run() -> float:
        await fetch_roadmap(ws)  # learns the epics (and the site's fields and statuses)
        fake.requests.clear()
        fake.latency_ms = 300
        started = time.perf_counter()
        await fetch_roadmap(ws)
        took = time.perf_counter() - started
        await ws.aclose()
        return took

    took = asyncio.run(run())
    assert len(fake.requests) >= 20  # many requests...
    assert took < 0.55  # ...in one 300 ms round, not two


def test_jira_failing_keeps_the_last_roadmap_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(fetch_roadmap(workspace(tmp_path)))
    fake = demo_jira(NOW.date())
    fake.inject(500, path="/version", times=None)
    again = demo_workspace(clock=lambda: NOW, tz=TZ, data_dir=tmp_path, jira=fake)
    out = io.StringIO()
    assert asyncio.run(write(again, as_json=False, out=out)) == 0
    err = capsys.readouterr().err
    assert "(stale)" in err and "HTTP 500" in err
    assert "Releases (3)" in out.getvalue()
    with pytest.raises(SourceError):
        asyncio.run(fetch_roadmap(demo_workspace(clock=lambda: NOW, tz=TZ, jira=fake)))


def test_bad_jql_in_a_key_result_is_said_on_that_key_result(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    broken = ObjectiveConfig(
        "Quality",
        "2026-Q4",
        (KeyResultConfig("Bugs fixed", jql='status = "Nope"'),),
    )
    ws.objectives = (*ws.objectives, broken)
    roadmap = asyncio.run(fetch_roadmap(ws))
    (kr,) = roadmap.objectives[-1].key_results
    assert kr.progress is None
    assert kr.error is not None and kr.error.startswith("Jira refused its JQL:")
    assert "Nope" in kr.error
    assert roadmap.objectives[0].progress is not None  # the others are still counted


def test_released_versions_older_than_30_days_are_left_out(tmp_path: Path) -> None:
    fake = demo_jira(NOW.date())
    old = next(v for v in fake.versions if v.released)
    fake.versions.append(replace(old, id=99999, name="3.9", release=NOW.date() - timedelta(31)))
    ws = demo_workspace(clock=lambda: NOW, tz=TZ, data_dir=tmp_path, jira=fake)
    roadmap = asyncio.run(fetch_roadmap(ws))
    assert [r.name for r in roadmap.released] == ["4.1"]
    assert roadmap.released[0].end == date(2026, 11, 7)


def dc_workspace(fake: FakeJira, data_dir: Path) -> Workspace:
    r = rig(fake)  # a Data Center client (PAT) on the fake
    return Workspace(
        tz=TZ,
        calendars=(),
        jira=r.client,
        store=Store.open(data_dir),
        rules=CompanyRules(domains=("acme.com",)),
        projects=("PAY",),
        clock=lambda: NOW,
        closers=[r.http.aclose],
    )


def test_data_center_counts_the_same_and_knows_its_versions_the_second_time(
    tmp_path: Path,
) -> None:
    cloud = asyncio.run(fetch_roadmap(workspace(tmp_path / "cloud")))
    fake = demo_jira(NOW.date(), flavor="datacenter")
    first = asyncio.run(fetch_roadmap(dc_workspace(fake, tmp_path / "dc")))
    assert [(i.name, i.counts, i.verdict) for i in first.releases] == [
        (i.name, i.counts, i.verdict) for i in cloud.releases
    ]
    assert [(i.name, i.counts) for i in first.epics] == [(i.name, i.counts) for i in cloud.epics]
    fake.requests.clear()
    fake.latency_ms = 300
    started = time.perf_counter()
    asyncio.run(fetch_roadmap(dc_workspace(fake, tmp_path / "dc")))
    took = time.perf_counter() - started
    counted = [
        q.json["jql"] for q in fake.requests_to("/rest/api/2/search$") if q.json["maxResults"] == 0
    ]
    assert '(fixVersion = 10101) AND statusCategory = "Done"' in counted
    assert not fake.requests_to("approximate-count")
    assert took < 0.55  # the versions it knew are counted in the first round too

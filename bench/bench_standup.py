"""Stand-up benchmark: 1,000 issues changed in the window, Jira answering in 300 ms.

The fake Jira (Cloud, then Data Center) holds 1,000 issues that each changed
yesterday (moved to In Progress, then half of them to Done; every tenth flagged),
and answers every request after 300 ms. The stand-up is built the way `cockpit
standup` and `S` build it (`cockpit.sync.digests.standup` on a Workspace whose site
is known: its field ids are in the store from a first run). The baseline is the
search requests the stand-up cannot do without: the same JQL and fields, every
page, on the same fake, in the same run. Target (issue 13): at most 1.5x, so
changelogs are never fetched one issue at a time. While the stand-up is built, a
probe on the event loop keeps its worst lateness: parsing the histories must stay
off the loop (target: under 50 ms).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench_stall import Probe
from common import BENCH_TZ, Result, jira_client, median, ratio_result

GROUP = "standup"
CHANGED = 1_000
LATENCY_MS = 300
TARGET_RATIO = 1.5
STALL_MS = 50.0


def changed_jira(flavor: str) -> Any:
    """A fake with CHANGED issues that all changed in the last day, as a team's would."""
    from cockpit.fakejira import history
    from cockpit.fakejira.synthetic import synthetic_jira

    start = datetime.now(UTC) - timedelta(days=30)
    fake = synthetic_jira(CHANGED, flavor=flavor, start=start)  # type: ignore[arg-type]
    moved = datetime.now(UTC) - timedelta(hours=2)
    for n, key in enumerate(fake.issues, start=1):
        began = fake.issues[key].status != "To Do"
        if not began:
            history.transition(fake, key, "In Progress", moved - timedelta(minutes=n % 50))
        if began or n % 2:
            history.transition(fake, key, "Done", moved + timedelta(minutes=n % 50))
        if n % 10 == 0:
            history.flag(fake, key, True, moved)
    fake.latency_ms = LATENCY_MS
    return fake


def workspace(data_dir: Path, fake: Any) -> Any:
    """A workspace on `fake` alone (no calendars): the stand-up's Jira part is measured."""
    from cockpit.domain.classify import CompanyRules
    from cockpit.store.db import Store
    from cockpit.sync.workspace import Workspace

    client, http = jira_client(fake)
    return Workspace(
        tz=ZoneInfo(BENCH_TZ),
        calendars=[],
        jira=client,
        store=Store.open(data_dir),
        rules=CompanyRules(domains=("acme.com",)),
        projects=("PAY",),
        closers=[http.aclose],
    )


async def standup_ms(data_dir: Path, fake: Any) -> tuple[float, float, int]:
    """(ms to build the stand-up, worst loop lateness in ms, issues with a fact)."""
    from cockpit.sync.digests import standup

    ws = workspace(data_dir, fake)
    try:
        probe = Probe()
        probe.start()
        started = time.perf_counter()
        built = await standup(ws)
        took = (time.perf_counter() - started) * 1000
        stall = await probe.stop()
        return took, stall, len(built.facts.keys)
    finally:
        await ws.aclose()
        ws.store.close()


async def search_ms(data_dir: Path, fake: Any) -> float:
    """The stand-up's search alone: the same JQL and fields, every page."""
    from cockpit.sources.jira import BASE_FIELDS
    from cockpit.sources.jira_changes import window_jql
    from cockpit.sync.workspace import Workspace

    ws: Workspace = workspace(data_dir, fake)
    try:
        client = await ws._require_jira()  # the workspace's own client, site memory and all
        ids = await client.fields()
        since = datetime.now(ws.tz) - timedelta(days=1)
        wanted = [*BASE_FIELDS, "issuelinks", "duedate", "statuscategorychangedate"]
        wanted += [f for f in (ids.flagged, ids.epic_link) if f]
        started = time.perf_counter()
        raws = await client.search(
            window_jql(("PAY",), since, datetime.now(ws.tz)),
            wanted,
            changelog=fake.flavor != "cloud",
        )
        took = (time.perf_counter() - started) * 1000
        if len(raws) < CHANGED:
            raise RuntimeError(f"the search found {len(raws)} issues, not {CHANGED}")
        return took
    finally:
        await ws.aclose()
        ws.store.close()


def run(quick: bool) -> list[Result]:
    repeats = 1 if quick else 3
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-standup-") as tmp:
        for flavor in ("cloud", "datacenter"):
            fake = changed_jira(flavor)
            data_dir = Path(tmp) / flavor
            asyncio.run(standup_ms(data_dir, fake))  # the first run learns the site's fields
            fake.requests.clear()
            runs = [asyncio.run(standup_ms(data_dir, fake)) for _ in range(repeats)]
            asked = len(fake.requests) // repeats
            searches = [asyncio.run(search_ms(data_dir, fake)) for _ in range(repeats)]
            took, stall = median([r[0] for r in runs]), median([r[1] for r in runs])
            facts = runs[0][2]
            results.append(
                ratio_result(
                    GROUP,
                    f"{flavor}: stand-up, {CHANGED:,} issues changed, Jira at {LATENCY_MS} ms",
                    took,
                    "its search requests alone",
                    median(searches),
                    max_ratio=TARGET_RATIO,
                    note=f"{asked} requests each; {facts} issues with a fact",
                )
            )
            results.append(
                Result(
                    GROUP,
                    f"{flavor}: stand-up of {CHANGED:,} changed issues: longest stall",
                    stall,
                    "ms",
                    target=f"< {STALL_MS:g} ms",
                    passed=stall < STALL_MS,
                )
            )
    return results


if __name__ == "__main__":
    import json

    print(json.dumps([r.to_json() for r in run(quick=True)], indent=2))

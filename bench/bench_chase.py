"""Chase list benchmarks: computing it for 5,000 blocked issues, and the event loop
while the app does so.

(a) `chase_table` for 5,000 blocked issues held up by 750 blockers, beside the
    plain Blocked table of the same issues (`blocked_pane_table`), in the same run:
    grouping by owner must stay within a small factor of listing them.
(b) The real app (Pilot) on a fake Jira with those issues: `c` toggles the chase
    list while a probe task sleeps 5 ms in a loop and records how late it wakes up
    (the longest a keystroke would have waited). Baseline: the same probe on the
    idle app. Target: under 50 ms (the chase list is computed in a thread).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import Result, median, ratio_result, time_ms

from cockpit.domain.blockers import blocked_pane_table, chase_table
from cockpit.fakejira.synthetic import BLOCKER_OWNERS, synthetic_blocked
from cockpit.models import Issue

GROUP = "chase"
TARGET_MS = 50.0
PERIOD = 0.005


def blocked_issues(n: int, blockers: int) -> tuple[list[Issue], dict[str, Issue]]:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    issues = [
        Issue(
            key=f"PAY-{i}",
            summary=f"Blocked {i}",
            status="To Do",
            url=f"https://x/browse/PAY-{i}",
            reasons=("link",),
            blocked_by=(f"OPS-{i % blockers + 1}",),
            blocked_since=start + timedelta(hours=i),
        )
        for i in range(1, n + 1)
    ]
    found = {
        f"OPS-{b}": Issue(
            key=f"OPS-{b}",
            summary=f"Blocker {b}",
            status="In Progress",
            url=f"https://x/browse/OPS-{b}",
            assignee=BLOCKER_OWNERS[b % len(BLOCKER_OWNERS)],
        )
        for b in range(1, blockers + 1)
    }
    return issues, found


async def _probe(stop: asyncio.Event, lateness: list[float]) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(PERIOD)
        lateness.append((time.perf_counter() - start - PERIOD) * 1000)


async def _app_stall(toggle: bool) -> float:
    from cockpit.demo.workspace import demo_workspace
    from cockpit.tui.app import CockpitApp
    from cockpit.widgets.blocked_pane import BlockedPane

    with tempfile.TemporaryDirectory() as folder:
        workspace = demo_workspace(data_dir=Path(folder), jira=synthetic_blocked(5000, 750))
        app = CockpitApp(workspace)
        async with app.run_test(size=(160, 48)) as pilot:
            await app.sync_started.wait()
            await app.workers.wait_for_complete()
            await pilot.pause()
            pane = app.query_one("#blocked", BlockedPane)
            await pilot.press("3")
            stop, lateness = asyncio.Event(), []
            probe = asyncio.create_task(_probe(stop, lateness))
            for _ in range(4):
                if toggle:
                    await pilot.press("c")
                    await app.workers.wait_for_complete()
                else:
                    await asyncio.sleep(0.15)
                await pilot.pause()
            stop.set()
            await probe
            assert not toggle or pane.row_count > 0
        return max(lateness, default=0.0)


def run(quick: bool) -> list[Result]:
    repeats = 3 if quick else 9
    issues, found = blocked_issues(5000, 750)
    today = date(2025, 12, 1)
    plain = time_ms(lambda: blocked_pane_table(issues, today, found), repeats)
    chase = time_ms(lambda: chase_table(issues, found, today), repeats)
    results = [
        ratio_result(
            GROUP,
            "chase table, 5,000 blocked",
            chase,
            "Blocked table, same issues",
            plain,
            max_ratio=4.0,
        )
    ]
    idle = median([asyncio.run(_app_stall(False)) for _ in range(1 if quick else 3)])
    busy = max(asyncio.run(_app_stall(True)) for _ in range(1 if quick else 3))
    results.append(
        Result(
            GROUP,
            "longest loop stall, toggling the chase list (5,000 blocked)",
            busy,
            baseline="idle app, same probe",
            baseline_value=idle,
            target=f"< {TARGET_MS:g} ms",
            passed=busy < TARGET_MS,
        )
    )
    return results

"""Custom panes benchmark: six panes (two from the user's own JQL) refresh together.

The workspace of `bench_refresh` (two ICS calendars and the fake Jira, every answer
after 300 ms) with two `[[panes]]` queries on the same site; the layout shows the
four built-in panes and both. A full refresh (what `r` starts: agenda, Blocked,
Backlog and each custom pane at once) is measured against one 300 ms calendar
refreshed the same way, in the same run. Target (issue 15): at most 1.3x. As in
`bench_refresh`, the site's field list is known from a previous run, so a custom
pane costs its search only. Measured headless (the Workspace and
`sync.custom_panes`) and in the real app (`r` until every refresh worker is done).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from pathlib import Path

from bench_refresh import LATENCY, _workspace, full_refresh, in_app_ms
from common import Result, app_without_start_refresh, median, ratio_result

GROUP = "panes"


def _panes() -> tuple[object, ...]:
    from cockpit.config.panes import PaneConfig

    return (
        PaneConfig("Bugs", "project = PAY AND type = Bug ORDER BY priority DESC"),
        PaneConfig(
            "Highest",
            "project = PAY AND priority = Highest ORDER BY key",
            ("key", "summary", "Story point estimate", "age", "due"),
        ),
    )


def _six_pane_workspace(data_dir: Path, fake: object = None) -> object:
    ws, _clients = _workspace(data_dir, 2, True, fake)
    ws.panes = _panes()  # type: ignore[attr-defined]
    ws.layout = ("today", "calls", "blocked", "backlog", "Bugs", "Highest")  # type: ignore[attr-defined]
    return ws


async def six_pane_refresh(ws: object) -> None:
    from cockpit.sync.custom_panes import fetch_pane

    panes = ws.panes  # type: ignore[attr-defined]
    await asyncio.gather(full_refresh(ws), *(fetch_pane(ws, p) for p in panes))  # type: ignore[arg-type]


async def headless_ms(repeats: int) -> float:
    """Median of `repeats` full refreshes of six panes, on a run after a first one."""
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-panes-") as tmp:
        ws = _six_pane_workspace(Path(tmp))
        fake = ws.fake  # type: ignore[attr-defined]
        await six_pane_refresh(ws)  # the first run: discovers fields, keeps them
        await ws.aclose()  # type: ignore[attr-defined]
        ws.store.close()  # type: ignore[attr-defined]
        ws = _six_pane_workspace(Path(tmp), fake)
        samples = []
        try:
            for _ in range(repeats + 1):
                start = time.perf_counter()
                await six_pane_refresh(ws)
                samples.append((time.perf_counter() - start) * 1000)
        finally:
            await ws.aclose()  # type: ignore[attr-defined]
            ws.store.close()  # type: ignore[attr-defined]
        return median(samples[1:])


async def baseline_ms(repeats: int) -> float:
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-panes-") as tmp:
        ws, _ = _workspace(Path(tmp), 1, False)
        samples = []
        try:
            for _ in range(repeats + 1):
                start = time.perf_counter()
                await full_refresh(ws)
                samples.append((time.perf_counter() - start) * 1000)
        finally:
            await ws.aclose()  # type: ignore[attr-defined]
            ws.store.close()  # type: ignore[attr-defined]
        return median(samples[1:])


async def app_ms(repeats: int) -> float:
    """Median time from `r` to every refresh worker done, six panes in the real app."""
    from cockpit.tui.app import CockpitApp

    with tempfile.TemporaryDirectory(prefix="cockpit-bench-panes-") as tmp:
        ws = _six_pane_workspace(Path(tmp))
        app = CockpitApp(ws, **app_without_start_refresh())  # type: ignore[arg-type]
        samples = []
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            shown = [p for p in app.query("IssuePane") if p.display]
            if len(shown) != 2:
                raise RuntimeError(f"expected two custom panes on screen, got {len(shown)}")
            for _ in range(repeats + 1):
                start = time.perf_counter()
                await pilot.press("r")
                await app.workers.wait_for_complete()
                samples.append((time.perf_counter() - start) * 1000)
            titles = [str(p.border_title) for p in shown]
            if any(t.endswith("(0)") for t in titles):
                raise RuntimeError(f"a custom pane stayed empty: {titles}")
        ws.store.close()  # type: ignore[attr-defined]
        return median(samples[1:])


def run(quick: bool) -> list[Result]:
    repeats = 3 if quick else 7
    base = asyncio.run(baseline_ms(repeats))
    value = asyncio.run(headless_ms(repeats))
    app_repeats = 2 if quick else 5
    app_base = asyncio.run(in_app_ms(1, False, app_repeats))
    app_value = asyncio.run(app_ms(app_repeats))
    figure = f"full refresh, six panes (two custom), sources of {LATENCY * 1000:g} ms"
    return [
        ratio_result(
            GROUP,
            figure,
            value,
            "one 300 ms calendar",
            base,
            max_ratio=1.3,
            note="2 ICS + Jira blocked + backlog + 2 JQL panes, workspace",
        ),
        ratio_result(
            GROUP,
            f"{figure}, in the app (r to workers done)",
            app_value,
            "app with one 300 ms calendar",
            app_base,
            max_ratio=1.3,
        ),
    ]


if __name__ == "__main__":
    print(json.dumps([r.to_json() for r in run(quick=True)], indent=2))

"""Backlog pane benchmarks: first paint, one move, jump to top, a filter keystroke, RSS.

Each figure at 50,000 issues is measured beside the same figure at 100 issues
(and the first paint beside a stock DataTable) in the same run.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, Result, median, ratio_result, synthetic_issues, time_ms
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from cockpit.models import Issue
from cockpit.widgets.backlog import BacklogPane

GROUP = "backlog"
SIZE = (160, 48)
CSS = [ROOT / "widgets" / "backlog.tcss"]
SIZES = (100, 1_000, 10_000, 50_000)


class ProbePane(BacklogPane):
    """The pane, counting its paints so a benchmark can wait for the next one."""

    paints = 0
    painted_at: float | None = None

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        lines = super().render_lines(crop)
        if self.total:
            self.paints += 1
            if self.painted_at is None:
                self.painted_at = time.perf_counter()
        return lines


class BacklogApp(App[None]):
    CSS_PATH = CSS

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__()
        self.issues = issues

    def compose(self) -> ComposeResult:
        yield ProbePane(id="backlog")

    def on_mount(self) -> None:
        pane = self.query_one(ProbePane)
        pane.set_issues(self.issues)
        pane.focus()


class DataTableApp(App[None]):
    """The baseline: a stock DataTable filled with the same rows."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__()
        self.issues = issues
        self.painted_at: float | None = None

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Key", "Type", "Priority", "Summary", "Status", "Pts", "Assignee")
        for n, i in enumerate(self.issues, 1):
            cells = (str(n), i.key, i.type, i.priority, i.summary, i.status, str(i.points or ""))
            table.add_row(*(Text(c or "") for c in (*cells, i.assignee)))
        table.focus()
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()


async def _until(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the pane never painted")
        await asyncio.sleep(0.0005)


async def first_paint_ms(issues: list[Issue]) -> float:
    """From creating the app to the end of the pane's first paint with data."""
    start = time.perf_counter()
    app = BacklogApp(issues)
    async with app.run_test(size=SIZE):
        pane = app.query_one(ProbePane)
        await _until(lambda: pane.painted_at is not None)
        assert pane.painted_at is not None
        return (pane.painted_at - start) * 1000


async def datatable_paint_ms(issues: list[Issue]) -> float:
    start = time.perf_counter()
    app = DataTableApp(issues)
    async with app.run_test(size=SIZE):
        await _until(lambda: app.painted_at is not None)
        assert app.painted_at is not None
        return (app.painted_at - start) * 1000


def _screen(pane: BacklogPane) -> None:
    for y in range(pane.scrollable_content_region.height):
        pane.render_line(y)


async def key_to_paint_ms(issues: list[Issue], key: str, setup: str | None, repeats: int) -> float:
    """Median time from a key press to the pane's next paint (setup key not timed)."""
    app = BacklogApp(issues)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(ProbePane)
        await _until(lambda: pane.paints > 0)
        pane.select_key(issues[len(issues) // 2].key)
        await pilot.pause()
        samples = []
        for i in range(repeats):
            if setup:
                await pilot.press(setup)
                await pilot.pause()
            before = pane.paints
            start = time.perf_counter()
            await pilot.press(key if not setup and i % 2 == 0 else key if setup else "K")
            await _until(lambda before=before: pane.paints > before)
            samples.append((time.perf_counter() - start) * 1000)
        return median(samples)


async def direct_ms(issues: list[Issue], repeats: int) -> dict[str, float]:
    """Pane-level costs without the event loop: the work plus one screen of render_line."""
    app = BacklogApp([])
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(ProbePane)
        await pilot.pause()
        out = {}
        out["set_issues"] = time_ms(lambda: (pane.set_issues(issues), _screen(pane)), 5)
        pane.select_key(issues[len(issues) // 2].key)
        flip = [1]

        def move() -> None:
            flip[0] = -flip[0]
            pane.action_move(-flip[0])
            _screen(pane)

        out["move"] = time_ms(move, repeats * 10)

        def top() -> None:
            pane.action_move_bottom()
            start = time.perf_counter()
            pane.action_move_top()
            _screen(pane)
            top.samples.append((time.perf_counter() - start) * 1000)  # type: ignore[attr-defined]

        top.samples = []  # type: ignore[attr-defined]
        for _ in range(repeats):
            top()
        out["top"] = median(top.samples)  # type: ignore[attr-defined]

        def keystrokes() -> tuple[float, float, float]:
            pane.set_filter("")
            pane.set_issues(issues)  # fresh: the first keystroke builds the search text
            t0 = time.perf_counter()
            pane.set_filter("c")
            _screen(pane)
            t1 = time.perf_counter()
            pane.set_filter("ch")
            _screen(pane)
            t2 = time.perf_counter()
            pane.set_filter("c")
            _screen(pane)
            t3 = time.perf_counter()
            return (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000

        runs = [keystrokes() for _ in range(max(3, repeats // 2))]
        out["filter_first"] = median([r[0] for r in runs])
        out["filter_narrow"] = median([r[1] for r in runs])
        out["filter_widen"] = median([r[2] for r in runs])
        return out


RSS_SCRIPT = """
import asyncio, resource, sys, time
sys.path.insert(0, {bench!r})
from bench_backlog import BacklogApp, ProbePane, _until
from common import synthetic_issues
issues = synthetic_issues({count})
async def main():
    app = BacklogApp(issues)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.query_one(ProbePane)
        if issues:
            await _until(lambda: pane.painted_at is not None)
            await pilot.press("J", "end", "T")
        await pilot.pause()
asyncio.run(main())
try:  # Linux: VmHWM is this process's peak; ru_maxrss would keep the parent's across exec
    with open("/proc/self/status") as status:
        print(next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")))
except OSError:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(kib // 1024 if sys.platform == "darwin" else kib)
"""


def peak_rss_mb(count: int) -> float:
    """Peak RSS in MB of a fresh interpreter showing `count` issues."""
    code = RSS_SCRIPT.format(bench=str(Path(__file__).parent), count=count)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/"
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def run(quick: bool) -> list[Result]:
    repeats = 3 if quick else 7
    data = {n: synthetic_issues(n) for n in SIZES}
    results: list[Result] = []

    paint = {
        n: median([asyncio.run(first_paint_ms(data[n])) for _ in range(repeats)]) for n in SIZES
    }
    for n in SIZES[1:]:
        results.append(
            ratio_result(
                GROUP,
                f"first paint, {n:,} issues",
                paint[n],
                "100 issues",
                paint[100],
                max_ratio=1.5,
                note="app start to the pane's first paint",
            )
        )
    table = median(
        [asyncio.run(datatable_paint_ms(data[10_000])) for _ in range(1 if quick else 3)]
    )
    results.append(
        ratio_result(
            GROUP,
            "first paint, 10,000 issues",
            paint[10_000],
            "stock DataTable 10,000",
            table,
            max_ratio=0.5,
        )
    )

    presses = 10 if quick else 30
    move = {n: asyncio.run(key_to_paint_ms(data[n], "J", None, presses)) for n in (100, 50_000)}
    results.append(
        ratio_result(
            GROUP,
            "one move (J), 50,000: key to repaint",
            move[50_000],
            "100 issues",
            move[100],
            max_ratio=1.5,
        )
    )
    top = {n: asyncio.run(key_to_paint_ms(data[n], "T", "B", presses // 2)) for n in (100, 50_000)}
    results.append(
        ratio_result(
            GROUP,
            "bottom to top (T), 50,000: key to repaint",
            top[50_000],
            "100 issues",
            top[100],
            max_ratio=1.5,
        )
    )

    direct = {n: asyncio.run(direct_ms(data[n], repeats * 3)) for n in (100, 50_000)}
    for name, label, target in (
        ("set_issues", "refresh (set_issues keeping the cursor) + screen", None),
        ("move", "one move + screen", 1.5),
        ("top", "bottom to top + screen", None),
        ("filter_first", "first filter keystroke + screen", None),
        ("filter_narrow", "filter keystroke (narrowing) + screen", None),
        ("filter_widen", "filter keystroke (backspace) + screen", None),
    ):
        value, base = direct[50_000][name], direct[100][name]
        if target is not None:
            results.append(
                ratio_result(
                    GROUP,
                    f"{label}, 50,000",
                    value,
                    "100 issues",
                    base,
                    max_ratio=target,
                    note="pane only",
                )
            )
        else:
            budget = 50.0 if name.startswith("filter") or name == "top" else 100.0
            results.append(
                Result(
                    GROUP,
                    f"{label}, 50,000",
                    value,
                    "ms",
                    "100 issues",
                    base,
                    target=f"< {budget:g} ms",
                    passed=value < budget,
                    note="pane only",
                )
            )

    rss_empty = peak_rss_mb(0)
    rss_big = peak_rss_mb(50_000)
    results.append(
        Result(
            GROUP,
            "peak RSS, 50,000 issues",
            rss_big,
            "MB",
            "empty app",
            rss_empty,
            target="< 300 MB",
            passed=rss_big < 300,
        )
    )
    return results


if __name__ == "__main__":
    print(json.dumps([r.to_json() for r in run(quick=True)], indent=2))

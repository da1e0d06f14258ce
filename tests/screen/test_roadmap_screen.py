"""The Roadmap screen (`R`) on the demo workspace: what it shows, the burn-up that
follows the cursor, the issues behind `enter`, a tracked number set with `e`, stale
with the reason when Jira fails; snapshots at 160x48 and 80x24."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from support.demo_app import FROZEN_NOW, demo_app, settle
from textual.pilot import Pilot
from textual.widgets import Label, OptionList

from cockpit.demo.roadmap_data import CONVERSION, seed_roadmap
from cockpit.fakejira.demo_data import demo_jira
from cockpit.store.db import Store
from cockpit.tui.app import CockpitApp
from cockpit.widgets.issue_list import IssueListScreen
from cockpit.widgets.roadmap_screen import RoadmapScreen


def seeded(tmp_path: Path) -> Path:
    store = Store.open(tmp_path)
    seed_roadmap(store, FROZEN_NOW.date())
    store.close()
    return tmp_path


async def open_roadmap(pilot: Pilot[Any]) -> RoadmapScreen:
    app = cast(CockpitApp, pilot.app)
    await settle(app, pilot)
    await pilot.press("R")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, RoadmapScreen)
    return app.screen


def rows(screen: RoadmapScreen, list_id: str) -> list[str]:
    items = screen.query_one(f"#{list_id}", OptionList)
    return [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]


@pytest.mark.parametrize("size", [(160, 48), (80, 24)], ids=["160x48", "80x24"])
def test_roadmap_screen(
    snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_roadmap(pilot)
        await pilot.press("down")  # the at-risk release: its scope creeps, done stays flat
        await pilot.pause()

    app = demo_app(seeded(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_releases_epics_and_objectives_with_their_verdicts(tmp_path: Path) -> None:
    app = demo_app(seeded(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_roadmap(pilot)
        items = rows(screen, "roadmap-items")
        assert items[0] == "Releases (3)"
        assert "4.2" in items[1] and "5/8" in items[1] and "on track" in items[1]
        assert "4.3" in items[2] and "AT RISK" in items[2] and "2 blocked" in items[2]
        assert "5.0" in items[3] and "no date" in items[3]
        assert items[4] == "▸ Released in the last 30 days (1)"  # collapsed
        assert items[5] == "Epics (4)" and len(items) == 10
        objectives = rows(screen, "roadmap-objectives")
        assert objectives[0].startswith("Checkout converts better")
        assert any(CONVERSION in r and "▁" in r for r in objectives)  # the sparkline
        header = str(screen.query_one("#roadmap-header", Label).render())
        assert "as of" in header and "STALE" not in header


async def test_the_burn_up_follows_the_cursor_and_released_ones_unfold(tmp_path: Path) -> None:
    app = demo_app(seeded(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_roadmap(pilot)
        chart = screen.query_one("#roadmap-chart")
        assert chart.border_title is not None and "4.2" in chart.border_title
        await pilot.press("down")
        assert "4.3" in (chart.border_title or "")
        await pilot.press("down", "down", "enter")  # the "released" row
        assert any(r.startswith("4.1") for r in rows(screen, "roadmap-items"))
        assert rows(screen, "roadmap-items")[4].startswith("▾ Released")


async def test_enter_lists_a_release_s_issues(tmp_path: Path) -> None:
    app = demo_app(seeded(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await open_roadmap(pilot)
        await pilot.press("down", "enter")  # 4.3
        await app.workers.wait_for_complete()
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, IssueListScreen)
        assert [i.key for i in listing.issues] == [
            "PAY-6",
            "PAY-9",
            "PAY-11",
            "PAY-15",
            "PAY-19",
            "PAY-8",
            "PAY-85",
        ]
        assert "7 issues" in str(listing.query_one("#issues-header", Label).render())
        await pilot.press("escape")
        assert isinstance(app.screen, RoadmapScreen)


async def test_e_sets_a_tracked_number_and_its_history_is_kept(tmp_path: Path) -> None:
    app = demo_app(seeded(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_roadmap(pilot)
        before = app.roadmap.roadmap
        assert before is not None and before.objectives[0].progress is not None
        await pilot.press("tab", "down", "down", "e")  # Objectives: the Conversion number
        await pilot.pause()
        await pilot.press(*"3.45", "enter")
        await pilot.pause()
        after = app.roadmap.roadmap
        assert after is not None
        kr = after.objectives[0].key_results[1]
        assert (kr.title, kr.current) == (CONVERSION, 3.45)
        assert after.objectives[0].progress > before.objectives[0].progress  # type: ignore[operator]
        assert any("3.45" in r for r in rows(screen, "roadmap-objectives"))
    store = Store.open(tmp_path)
    try:
        assert store.kr_history(CONVERSION)[-1][1] == 3.45  # there after the app is gone
    finally:
        store.close()


async def test_a_failing_refresh_keeps_the_roadmap_marked_stale_with_the_reason(
    tmp_path: Path,
) -> None:
    fake = demo_jira(FROZEN_NOW.date())
    app = demo_app(seeded(tmp_path), jira=fake)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_roadmap(pilot)
        fake.inject(503, path="/project/PAY/version", times=None)
        await pilot.press("r")  # the screen's refresh
        await app.workers.wait_for_complete()
        await pilot.pause()
        header = screen.query_one("#roadmap-header", Label)
        assert "STALE" in str(header.render()) and "503" in str(header.render())
        assert header.has_class("-stale")
        assert "4.2" in rows(screen, "roadmap-items")[1]  # the last roadmap stays


async def test_the_roadmap_joins_the_app_s_refresh_once_looked_at(tmp_path: Path) -> None:
    fake = demo_jira(FROZEN_NOW.date())
    app = demo_app(seeded(tmp_path), jira=fake)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert not fake.requests_to("/project/PAY/version")  # never looked at: not fetched
        await open_roadmap(pilot)
        await pilot.press("escape")
        fake.requests.clear()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        assert fake.requests_to("/project/PAY/version")

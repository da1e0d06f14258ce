"""The cockpit left open: now and next move with the clock, the day turns at midnight
unless the user looks at another day on purpose, and `t` comes back to today.

The clock is injected and moved by the test; `clockwork.tick()` is what the app's
timer calls every few seconds.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support.live_fixtures import THURSDAY, Clock, at, demo_on, past_rows, status_text, today_rows

from cockpit.fakejira import FakeJira
from cockpit.tui.app import CockpitApp

FRIDAY = date(2026, 11, 27)
REFINEMENT = "Backlog refinement: payments epic"
GLOBEX = "Globex: renewal check-in"


def marked(app: CockpitApp) -> dict[str, str]:
    """The Today pane's markers: "now" / "next" -> meeting."""
    return {marker: title for marker, _, title in today_rows(app) if marker}


def today_title(app: CockpitApp) -> str:
    return str(app.query_one("#today").border_title)


async def test_now_and_next_move_with_the_clock_without_a_fetch(tmp_path: Path) -> None:
    clock = Clock(at(10, 20))
    app = demo_on(tmp_path, clock, refresh_minutes=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert marked(app) == {"now": REFINEMENT, "next": GLOBEX}
        assert REFINEMENT not in past_rows(app)

        clock.advance(minutes=75)  # 11:35: refinement is over, Globex has started
        assert marked(app) == {"now": REFINEMENT, "next": GLOBEX}, "only the tick repaints"
        app.clockwork.tick()
        assert all(w.is_finished for w in app.workers), "the minute's repaint fetches nothing"
        await pilot.pause()
        assert marked(app) == {"now": GLOBEX, "next": "1:1 Pat / Alex"}
        assert REFINEMENT in past_rows(app)

        clock.advance(hours=10)  # 21:35: the day's last meeting is over
        app.clockwork.tick()
        await pilot.pause()
        assert marked(app) == {}
        assert "Umbrella: APAC pilot review" in past_rows(app)


async def test_the_day_turns_at_midnight(tmp_path: Path) -> None:
    clock = Clock(at(23, 58))
    app = demo_on(tmp_path, clock, refresh_minutes=0)
    fake: FakeJira = app.workspace.fake_jira  # type: ignore[attr-defined]
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        await app.workers.wait_for_complete()
        asked = len(fake.requests)
        assert app.day == THURSDAY and status_text(app).startswith("Thu 26 Nov 2026")

        clock.advance(minutes=3)
        app.clockwork.tick()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.day == FRIDAY
        assert today_title(app).startswith("Today (")
        titles = [title for _, _, title in today_rows(app)]
        assert "Daily stand-up (after all-hands)" in titles  # Friday's moved stand-up
        assert GLOBEX not in titles
        assert status_text(app).startswith("Fri 27 Nov 2026")
        assert "not today" not in status_text(app)
        assert len(fake.requests) > asked, "Jira's panes are refreshed for the new day"


@pytest.mark.parametrize("how", ["[", "--date"])
async def test_a_day_chosen_on_purpose_stays_at_midnight(tmp_path: Path, how: str) -> None:
    clock = Clock(at(23, 58))
    app = demo_on(tmp_path, clock, refresh_minutes=0, day=THURSDAY if how == "--date" else None)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        if how == "[":
            await pilot.press("[")
        chosen = app.day
        await app.workers.wait_for_complete()

        clock.advance(minutes=3)
        app.clockwork.tick()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.day == chosen
        assert not today_title(app).startswith("Today"), "Thursday is no longer today"
        assert "(not today: t goes back)" in status_text(app)

        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.day == FRIDAY and today_title(app).startswith("Today (")
        assert "not today" not in status_text(app)


async def test_t_comes_back_to_today_and_the_day_follows_the_clock_again(tmp_path: Path) -> None:
    clock = Clock(at(23, 58))
    app = demo_on(tmp_path, clock, refresh_minutes=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        await pilot.press("]", "]")
        assert app.day == date(2026, 11, 28)
        await pilot.press("t")
        await app.workers.wait_for_complete()
        assert app.day == THURSDAY
        clock.advance(minutes=3)
        app.clockwork.tick()
        await app.workers.wait_for_complete()
        assert app.day == FRIDAY


async def test_stepping_back_to_today_follows_the_clock(tmp_path: Path) -> None:
    clock = Clock(at(23, 58))
    app = demo_on(tmp_path, clock, refresh_minutes=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        await pilot.press("[", "]")
        await app.workers.wait_for_complete()
        clock.advance(minutes=3)
        app.clockwork.tick()
        await app.workers.wait_for_complete()
        assert app.day == FRIDAY


async def test_the_hint_names_the_key_the_user_bound(tmp_path: Path) -> None:
    app = demo_on(tmp_path, Clock(at(10, 20)), refresh_minutes=0, keymap={"today": "g"})
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        await pilot.press("]")
        assert "(not today: g goes back)" in status_text(app)
        await pilot.press("g")
        assert app.day == THURSDAY


async def test_sync_times_from_an_earlier_day_say_the_day(tmp_path: Path) -> None:
    clock = Clock(at(23, 58))
    app = demo_on(tmp_path, clock, refresh_minutes=0, day=THURSDAY)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Calendar synced 23:58" in status_text(app)
        clock.advance(minutes=3)
        app.clockwork.tick()  # the pinned calendar is not fetched again
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = status_text(app)
        assert "Calendar synced Thu 23:58" in text
        assert "Jira synced 00:01" in text

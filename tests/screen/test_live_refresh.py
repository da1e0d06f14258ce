"""Sources refresh by themselves every `refresh_minutes`: with jitter, never twice at
once, less often while they fail, never before a rate limit's time.

The app's fetches are counted on a fake calendar while the test moves the clock and
calls the tick the app's timer would call.
"""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from pathlib import Path

import pytest
from support.live_fixtures import Clock, CountingCalendar, at, calendar_app, status_text
from support.paths import ROOT

from cockpit.cli.main import main
from cockpit.config.loader import ConfigError, parse_config
from cockpit.sources.errors import RateLimited, Unreachable
from cockpit.sync.schedule import RefreshSchedule
from cockpit.tui.app import CockpitApp

DOWN = Unreachable("Work", "Calendar 'Work' cannot be reached.")

# --- the schedule, headless ----------------------------------------------------------


def test_each_wait_is_the_interval_give_or_take_a_tenth() -> None:
    now = at(9)
    schedule = RefreshSchedule(5, ["agenda"], now, rng=random.Random(7))
    waits = []
    for _ in range(50):
        schedule.finished("agenda", now, ok=True)
        waits.append(schedule.next_at["agenda"] - now)
    assert all(timedelta(minutes=4.5) <= w <= timedelta(minutes=5.5) for w in waits)
    assert len(set(waits)) > 40, "jittered, not all at the same second"


def test_failures_double_the_wait_up_to_half_an_hour_and_a_success_resets_it() -> None:
    now = at(9)
    schedule = RefreshSchedule(5, ["agenda"], now, jitter=0)
    waits = []
    for ok in (False, False, False, False, True):
        schedule.finished("agenda", now, ok=ok)
        waits.append((schedule.next_at["agenda"] - now) / timedelta(minutes=1))
    assert waits == [10, 20, 30, 30, 5]


def test_a_longer_interval_than_the_cap_is_kept_after_a_failure() -> None:
    now = at(9)
    schedule = RefreshSchedule(60, ["agenda"], now, jitter=0)
    schedule.finished("agenda", now, ok=False)
    assert schedule.next_at["agenda"] - now == timedelta(minutes=60)


def test_a_rate_limit_pushes_the_next_refresh_to_its_time() -> None:
    now = at(9)
    schedule = RefreshSchedule(5, ["backlog"], now, jitter=0)
    schedule.finished("backlog", now, ok=False, until=now + timedelta(minutes=45))
    assert schedule.due(now + timedelta(minutes=44)) == []
    assert schedule.due(now + timedelta(minutes=45)) == ["backlog"]


def test_zero_minutes_is_never_due() -> None:
    schedule = RefreshSchedule(0, ["agenda"], at(9))
    assert not schedule.enabled and schedule.due(at(23)) == []


# --- the app -----------------------------------------------------------------------------


async def tick_after(app: CockpitApp, clock: Clock, minutes: float) -> None:
    """Move the clock, run the timer's tick, let what it started finish."""
    clock.advance(minutes=minutes)
    app.clockwork.tick()
    await app.workers.wait_for_complete()


async def started(app: CockpitApp) -> None:
    await app.sync_started.wait()
    await app.workers.wait_for_complete()


async def test_a_source_refreshes_every_refresh_minutes(tmp_path: Path) -> None:
    clock, calendar = Clock(at(9)), CountingCalendar()
    app = calendar_app(tmp_path, clock, calendar, refresh_minutes=5)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(app)
        assert calendar.fetches == 1  # the start-up refresh
        await tick_after(app, clock, 4)
        assert calendar.fetches == 1
        await tick_after(app, clock, 2)
        assert calendar.fetches == 2
        await tick_after(app, clock, 6)
        assert calendar.fetches == 3
        await pilot.pause()
        assert "Calendar synced 09:12" in status_text(app)


async def test_a_failing_source_is_asked_less_often_until_it_answers(tmp_path: Path) -> None:
    clock, calendar = Clock(at(9)), CountingCalendar()
    calendar.error = DOWN
    app = calendar_app(tmp_path, clock, calendar, refresh_minutes=5)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(app)
        await pilot.pause()
        assert calendar.fetches == 1
        assert "Calendar: Calendar 'Work' cannot be reached." in status_text(app)
        # after one failure the wait is 10 minutes (give or take a tenth), then 20, then 30
        for quiet, then in ((8, 4), (17, 6), (26, 8)):
            before = calendar.fetches
            await tick_after(app, clock, quiet)
            assert calendar.fetches == before, f"not asked again within {quiet} min"
            await tick_after(app, clock, then)
            assert calendar.fetches == before + 1
        calendar.error = None  # back: the next try (at most 33 min later) succeeds
        await tick_after(app, clock, 34)
        assert calendar.fetches == 5
        await pilot.pause()
        text = status_text(app)
        assert "cannot be reached" not in text and "Calendar synced 10:43" in text
        await tick_after(app, clock, 6)  # and the wait is 5 minutes again
        assert calendar.fetches == 6


async def test_a_rate_limited_source_is_not_asked_before_its_time(tmp_path: Path) -> None:
    clock, calendar = Clock(at(9)), CountingCalendar()
    calendar.error = RateLimited("Work", until=at(9, 45))
    app = calendar_app(tmp_path, clock, calendar, refresh_minutes=5)
    async with app.run_test(size=(160, 48)):
        await started(app)
        await tick_after(app, clock, 44)
        assert calendar.fetches == 1
        await tick_after(app, clock, 1)
        assert calendar.fetches == 2


async def test_a_refresh_still_running_is_neither_restarted_nor_doubled(tmp_path: Path) -> None:
    clock, calendar = Clock(at(9)), CountingCalendar()
    calendar.gate = asyncio.Event()  # the first fetch hangs until the test opens the gate
    app = calendar_app(tmp_path, clock, calendar, refresh_minutes=5)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        await pilot.pause()
        [first] = [w for w in app.workers if w.group == "agenda"]
        for _ in range(3):
            clock.advance(minutes=6)
            app.clockwork.tick()
            await pilot.pause()
        assert calendar.fetches == 1
        assert [w for w in app.workers if w.group == "agenda"] == [first]
        assert first.is_running, "not cancelled by the timer"
        calendar.gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert first.is_finished and not first.is_cancelled
        assert "Calendar synced 09:18" in status_text(app)


async def test_zero_minutes_refreshes_only_on_r(tmp_path: Path) -> None:
    clock, calendar = Clock(at(9)), CountingCalendar()
    app = calendar_app(tmp_path, clock, calendar, refresh_minutes=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(app)
        for _ in range(12):
            await tick_after(app, clock, 10)
        assert calendar.fetches == 1
        await pilot.press("r")
        await app.workers.wait_for_complete()
        assert calendar.fetches == 2


# --- the config key --------------------------------------------------------------------

COMPANY = {"company": {"domains": ["acme.com"]}}


@pytest.mark.parametrize(("value", "minutes"), [(None, 5), (0, 0), (2.5, 2.5), (90, 90)])
def test_refresh_minutes_is_read_from_the_config(value: float | None, minutes: float) -> None:
    raw = COMPANY if value is None else {**COMPANY, "refresh_minutes": value}
    assert parse_config(raw, Path("config.toml")).refresh_minutes == minutes


@pytest.mark.parametrize("value", [-1, float("inf"), float("nan"), "5", True, [5]])
def test_a_bad_refresh_minutes_is_one_clear_line(value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({**COMPANY, "refresh_minutes": value}, Path("config.toml"))
    message = str(caught.value)
    assert message.startswith("config.toml: refresh_minutes: expected a number of minutes")


def test_the_readme_documents_refresh_minutes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = readme[readme.index("## Configuration") :]
    assert "refresh_minutes = 5" in config


def test_the_app_gets_refresh_minutes_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('refresh_minutes = 2\n[company]\ndomains = ["acme.com"]\n')
    monkeypatch.setenv("COCKPIT_DATA_DIR", str(tmp_path / "data"))
    seen: list[timedelta] = []
    monkeypatch.setattr(
        CockpitApp, "run", lambda self: seen.append(self.refresher.schedule.interval)
    )
    assert main(["--config", str(config)]) == 0
    assert seen == [timedelta(minutes=2)]

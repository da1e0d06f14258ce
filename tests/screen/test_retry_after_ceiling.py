"""A Retry-After longer than the retry policy waits is not waited out: the request fails
at once with the until-time, the pane keeps its data and says 'rate limited until
HH:MM', and nothing more is sent to that server before then."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.backlog_app import fake_of
from support.demo_app import FROZEN_NOW, demo_app, settle
from support.jira_rig import Rig, rig

from cockpit.fakejira import FakeJira
from cockpit.sources.errors import RateLimited
from cockpit.sources.http import RetryPolicy
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.status_line import StatusLine

LISBON = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 10, 20, tzinfo=UTC)


class Clock:
    """The policy's clock: moved by the test, never by real time."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def on_clock(r: Rig, clock: Clock) -> Rig:
    async def sleep(seconds: float) -> None:
        r.sleeps.append(seconds)

    r.client.policy = RetryPolicy(sleep=sleep, clock=clock)
    return r


async def test_retry_after_an_hour_fails_at_once_and_holds_off_until_then() -> None:
    clock = Clock(NOW)
    r = on_clock(rig(), clock)
    r.fake.inject(429, path="/backlog", retry_after=3600, times=None)
    with pytest.raises(RateLimited) as caught:
        await r.client.backlog(r.fake.board_id)
    assert r.sleeps == []  # not an hour's wait (nor any)
    assert caught.value.until == NOW + timedelta(hours=1)
    assert caught.value.told_in(LISBON) == (
        "Jira is rate limited until 11:20; not asking it again before then."
    )
    asked = len(r.fake.requests)

    clock.now = NOW + timedelta(minutes=59)
    with pytest.raises(RateLimited):
        await r.client.backlog(r.fake.board_id)
    assert len(r.fake.requests) == asked  # the server was left alone

    r.fake.clear_faults()
    clock.now = NOW + timedelta(hours=1, seconds=1)
    issues = await r.client.backlog(r.fake.board_id)
    assert [i.key for i in issues] == r.fake.backlog_keys()


async def test_an_http_date_retry_after_and_a_503_say_until_when() -> None:
    clock = Clock(NOW)
    r = on_clock(rig(), clock)
    r.fake.inject(503, path="/backlog", retry_after="Thu, 26 Nov 2026 12:00:00 GMT")
    with pytest.raises(RateLimited) as caught:
        await r.client.backlog(r.fake.board_id)
    assert caught.value.until == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert caught.value.told_in(LISBON) == (
        "Jira is unavailable until 12:00; not asking it again before then."
    )
    assert r.sleeps == []


@pytest.mark.parametrize(("seconds", "waits"), [(30, True), (31, False)])
async def test_the_ceiling_is_the_policys_longest_wait(seconds: int, waits: bool) -> None:
    r = on_clock(rig(), Clock(NOW))
    r.fake.inject(429, path="/backlog", retry_after=seconds)
    if waits:
        await r.client.backlog(r.fake.board_id)
        assert r.sleeps == [float(seconds)]
    else:
        with pytest.raises(RateLimited):
            await r.client.backlog(r.fake.board_id)
        assert r.sleeps == []


def status_text(app: object) -> str:
    return str(app.query_one(StatusLine).render())  # type: ignore[attr-defined]


async def test_the_app_says_rate_limited_until_and_keeps_the_backlog(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    assert app.workspace.jira is not None
    now = FROZEN_NOW.astimezone(UTC)
    app.workspace.jira.policy = RetryPolicy(clock=lambda: now)
    fake: FakeJira = fake_of(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        backlog = app.query_one("#backlog", BacklogPane)
        before = backlog.order.keys()
        assert before
        fake.inject(429, retry_after=3600, times=None)  # Jira: come back in an hour
        await pilot.press("r")
        await settle(app, pilot)
        text = status_text(app)
        assert "Jira: Jira is rate limited until 11:20" in text  # FROZEN_NOW is 10:20
        assert "syncing" not in text
        assert backlog.order.keys() == before
        assert backlog.border_subtitle == "not refreshed"
        asked = len(fake.requests)

        await pilot.press("r")  # before 11:20: the cockpit does not ask again
        await settle(app, pilot)
        assert len(fake.requests) == asked
        assert "rate limited until 11:20" in status_text(app)
        assert backlog.order.keys() == before

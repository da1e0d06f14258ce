"""The app on a user's config: the fake Jira on a loopback port, a real HTTP calendar feed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.demo_app import settle
from support.feed_server import serve_feed

from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.demo.calendar_data import demo_calendar_ics
from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import serve_in_thread
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

TZ = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)


@pytest.fixture
def jira() -> Iterator[tuple[FakeJira, str]]:
    fake = demo_jira(NOW.date())
    fake.token = "live-token"
    server, url = serve_in_thread(fake)
    yield fake, url
    server.shutdown()
    server.server_close()


@pytest.fixture
def feed_url() -> Iterator[str]:
    body = demo_calendar_ics(NOW.date(), TZ).encode()

    with serve_feed(body) as url:
        yield url


def app_on(tmp_path: Path, jira_url: str, feed: str, token: str) -> CockpitApp:
    path = tmp_path / "config.toml"
    path.write_text(
        'timezone = "Europe/Lisbon"\n'
        '[company]\ndomains = ["acme.com"]\nuser_emails = ["pm@acme.com"]\n'
        '[customers]\n"globex.com" = "Globex"\n'
        f'[jira]\nurl = "{jira_url}"\nflavor = "cloud"\nemail = "pm@acme.com"\n'
        'board = 42\nprojects = ["PAY"]\n'
        f'[[calendars]]\nname = "Work"\nkind = "ics"\nurl = "{feed}"\n'
    )
    from cockpit.sync.wiring import workspace_from_config

    workspace = workspace_from_config(
        load_config(path),
        credentials=MemoryCredentials({"jira": token}),
        data_dir=tmp_path / "data",
        clock=lambda: NOW,
    )
    return CockpitApp(workspace)


async def test_panes_show_the_fake_jira_and_the_feed(
    tmp_path: Path, jira: tuple[FakeJira, str], feed_url: str
) -> None:
    fake, url = jira
    app = app_on(tmp_path, url, feed_url, "live-token")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        backlog = app.query_one("#backlog", BacklogPane)
        assert backlog.order.keys() == fake.backlog_keys()
        blocked = app.query_one("#blocked", TablePane)
        keys = {row.cells[0] for row in blocked._visible}
        assert "PAY-16" in keys and "PAY-12" not in keys  # PAY-12's blocker is done
        assert app.query_one("#today", TablePane).count > 5
        assert str(app.query_one("#calls").border_title).startswith("Customer calls (")
        assert all(s.error is None for s in app.query_one(StatusLine).states)


async def test_a_refused_token_shows_in_the_panes_once(
    tmp_path: Path, jira: tuple[FakeJira, str], feed_url: str
) -> None:
    _fake, url = jira
    app = app_on(tmp_path, url, feed_url, "wrong-token")
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(app, pilot)
        blocked = app.query_one("#blocked", TablePane)
        assert blocked.border_subtitle == "not refreshed"
        assert "cockpit auth jira" in blocked._visible[0].cells[0]
        assert blocked.count == 0
        jira_state = {s.name: s for s in app.query_one(StatusLine).states}["Jira"]
        assert jira_state.stale and "cockpit auth jira" in (jira_state.error or "")
        toasts = [n for n in app._notifications if "cockpit auth jira" in str(n.message)]
        assert len(toasts) == 1
        assert app.query_one(TablePane).count > 5  # the calendar still works

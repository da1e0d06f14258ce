"""One source's missing or unreadable secret marks only that source's panes.

A config with a CalDAV calendar whose password is not stored (or whose keyring
cannot be read) and a Jira (the fake Jira on loopback): in the app Jira's panes
load and the calendar panes say what to run; in the shell `cockpit backlog` works
and `cockpit agenda` says what to run in one line, exit 1, without a crash file.
Each headless command builds and reads the secrets of only the sources it shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.demo_app import settle
from support.live_servers import BOARD, EMAIL, TODAY, TOKEN, LiveJira

from cockpit.config.credentials import CredentialError, MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.sync.wiring import workspace_from_config
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

TZ = ZoneInfo("Europe/Lisbon")
NOW = datetime.combine(TODAY, datetime.min.time(), TZ).replace(hour=10)


class Recording(MemoryCredentials):
    """An in-memory store that remembers which secrets were asked for."""

    def __init__(self, initial: dict[str, str]) -> None:
        super().__init__(initial)
        self.asked: list[str] = []

    def get(self, name: str) -> str | None:
        self.asked.append(name)
        return super().get(name)


class NoCalendarKeyring(Recording):
    """Jira's token comes from elsewhere (the environment); the keyring cannot be read."""

    def get(self, name: str) -> str | None:
        if name != "jira":
            self.asked.append(name)
            raise CredentialError("cannot read", "no keyring backend is available")
        return super().get(name)


def write_config(tmp_path: Path, jira_url: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        'timezone = "Europe/Lisbon"\n'
        '[company]\ndomains = ["acme.com"]\n'
        f'[jira]\nurl = "{jira_url}"\nflavor = "cloud"\nemail = "{EMAIL}"\n'
        f'board = {BOARD}\nprojects = ["PAY"]\n'
        '[[calendars]]\nname = "Work"\nkind = "caldav"\n'
        'url = "http://127.0.0.1:9/dav/"\nusername = "pm"\n'
    )
    return path


@pytest.mark.parametrize("store", [Recording, NoCalendarKeyring], ids=["missing", "no-keyring"])
async def test_jira_panes_load_while_the_calendar_says_what_to_run(
    tmp_path: Path, jira: LiveJira, store: type[Recording]
) -> None:
    workspace = workspace_from_config(
        load_config(write_config(tmp_path, jira.url)),
        credentials=store({"jira": TOKEN}),
        data_dir=tmp_path / "data",
        clock=lambda: NOW,
    )
    app = CockpitApp(workspace)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert app.query_one("#backlog", BacklogPane).order.keys() == jira.fake.backlog_keys()
        blocked = app.query_one("#blocked", TablePane)
        assert blocked.count > 0 and blocked.border_subtitle != "not refreshed"
        for pane_id in ("#today", "#calls"):
            pane = app.query_one(pane_id, TablePane)
            assert pane.border_subtitle == "not refreshed"
            assert "cockpit auth Work" in pane._visible[0].cells[0]
        states = {s.name: s for s in app.query_one(StatusLine).states}
        assert states["Jira"].error is None and not states["Jira"].stale
        assert "cockpit auth Work" in (states["Calendar"].error or "")


async def test_each_headless_view_reads_only_its_own_sources_secrets(
    tmp_path: Path, jira: LiveJira
) -> None:
    config = load_config(write_config(tmp_path, jira.url))
    creds = NoCalendarKeyring({"jira": TOKEN})
    backlog = workspace_from_config(config, credentials=creds, data_dir=tmp_path / "a")
    try:
        assert [i.key for i in await backlog.fetch_backlog()] == jira.fake.backlog_keys()
        assert creds.asked == ["jira"] and backlog.calendars == ()
    finally:
        await backlog.aclose()
        backlog.store.close()
    creds = NoCalendarKeyring({})
    agenda = workspace_from_config(config, credentials=creds, data_dir=tmp_path / "b")
    try:
        _agenda, errors = await agenda.fetch_agenda(TODAY)
        assert creds.asked == ["caldav:Work"] and agenda.jira is None
        assert len(errors) == 1 and "cockpit auth Work" in str(errors[0])
        assert agenda.jira_problem is None  # Jira was never looked at
    finally:
        await agenda.aclose()
        agenda.store.close()


def run_cockpit(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCKPIT_", "DBUS_"))}
    env.update(
        COCKPIT_CONFIG=str(tmp_path / "config.toml"),
        COCKPIT_DATA_DIR=str(tmp_path / "data"),
        COCKPIT_JIRA_TOKEN=TOKEN,  # Jira's secret from the environment, the calendar's nowhere
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        TMPDIR=str(tmp_path / "tmp"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", *argv],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert "Traceback" not in result.stderr and TOKEN not in result.stdout + result.stderr
    return result


def test_in_the_shell_backlog_works_and_agenda_says_what_to_run(
    tmp_path: Path, jira: LiveJira
) -> None:
    write_config(tmp_path, jira.url)
    (tmp_path / "tmp").mkdir()
    backlog = run_cockpit(tmp_path, "backlog", "--json")
    assert backlog.returncode == 0, backlog.stderr
    assert [i["key"] for i in json.loads(backlog.stdout)] == jira.fake.backlog_keys()
    assert backlog.stderr == ""
    agenda = run_cockpit(tmp_path, "agenda", "--date", TODAY.isoformat())
    assert agenda.returncode == 1
    (line,) = agenda.stderr.splitlines()
    assert line.startswith("cockpit: Calendar 'Work'") and "`cockpit auth Work`" in line
    assert "COCKPIT_CALDAV_PASSWORD_WORK" in line and agenda.stdout == ""
    assert not list((tmp_path / "tmp").glob("cockpit-crash-*"))

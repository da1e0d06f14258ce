"""Whatever goes wrong in a refresh, the pane ends stale with the reason: an answer
nobody can read, a bug (KeyError from a body nobody expected). Never a fresh-looking
pane, never a traceback in the shell."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from app_fixtures import demo_app, settle

from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import serve_in_thread
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

NESTED = "[" * 100_000 + "]" * 100_000
"""A JSON answer deeper than Python's recursion limit."""
TOKEN = "live-token-0123456789"


def status_text(app: CockpitApp) -> str:
    return str(app.query_one(StatusLine).render())


@pytest.fixture
def crash_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash reports go here instead of the system's temporary folder."""
    folder = tmp_path / "crashes"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def boom(*_args: object, **_kwargs: object) -> object:
    raise KeyError("fields")


async def test_a_nested_json_answer_leaves_the_backlog_stale_with_the_reason(
    tmp_path: Path,
) -> None:
    app = demo_app(tmp_path / "data")
    fake: FakeJira = app.workspace.fake_jira  # type: ignore[attr-defined]
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        backlog = app.query_one("#backlog", BacklogPane)
        before = backlog.order.keys()
        fake.inject(200, path="/backlog", body=NESTED, times=None)
        await pilot.press("r")
        await settle(app, pilot)
        assert "Jira: Jira sent JSON nested too deeply to read (HTTP 200)." in status_text(app)
        assert app.states["Jira"].stale
        assert backlog.order.keys() == before
        assert backlog.border_subtitle == "not refreshed"


async def test_a_bug_in_the_jira_refresh_ends_stale_with_the_reason_and_a_report(
    tmp_path: Path, crash_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        backlog = app.query_one("#backlog", BacklogPane)
        before = backlog.order.keys()
        monkeypatch.setattr("cockpit.sources.jira.parse_issue", boom)  # a bug, say
        await pilot.press("r")
        await settle(app, pilot)
        text = status_text(app)
        assert "Jira: unexpected error in Jira refresh: KeyError 'fields'; details in " in text
        assert "synced" not in text.split("Jira:")[1] and "syncing" not in text
        assert app.states["Jira"].stale
        assert backlog.order.keys() == before
        for pane in ("#blocked", "#backlog"):
            assert app.query_one(pane).border_subtitle == "not refreshed"
        said = app.states["Jira"].error or ""  # (the line itself is cut at the pane's width)
        [report] = [r for r in crash_dir.glob("cockpit-crash-*.txt") if str(r) in said]
        assert "KeyError: 'fields'" in report.read_text()


async def test_a_bug_in_the_calendar_refresh_ends_stale_with_the_reason(
    tmp_path: Path, crash_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        today = app.query_one("#today", TablePane)
        count = today.count
        assert count
        monkeypatch.setattr("cockpit.domain.agenda.build_agenda", boom)
        await pilot.press("r")
        await settle(app, pilot)
        assert "Calendar: unexpected error in Calendar refresh: KeyError 'fields'" in (
            status_text(app)
        )
        assert app.states["Calendar"].stale
        assert today.count == count
        assert today.border_subtitle == "not refreshed"
        assert list(crash_dir.glob("cockpit-crash-*.txt"))


# --- the shell ---------------------------------------------------------------------


@pytest.fixture
def live_jira(tmp_path: Path) -> Iterator[tuple[FakeJira, Path]]:
    """The fake Jira on a loopback port and a config that points at it."""
    fake = demo_jira(date(2026, 11, 26))
    fake.token = TOKEN
    server, url = serve_in_thread(fake)
    config = tmp_path / "config.toml"
    config.write_text(
        '[company]\ndomains = ["acme.com"]\n'
        f'[jira]\nurl = "{url}"\nflavor = "cloud"\nemail = "pm@acme.com"\nboard = 42\n'
    )
    try:
        yield fake, config
    finally:
        server.shutdown()
        server.server_close()


def cockpit(
    tmp_path: Path, *argv: str, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m cockpit ARGV` (or `python -c CODE`) as a user would run it, on `tmp_path`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCKPIT_", "DBUS_"))}
    env.update(
        COCKPIT_JIRA_TOKEN=TOKEN,
        COCKPIT_DATA_DIR=str(tmp_path / "data"),
        TMPDIR=str(tmp_path),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    command = ["-c", code] if code is not None else ["-m", "cockpit", *argv]
    return subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )


def test_cockpit_backlog_on_a_nested_answer_is_one_line_and_exit_1(
    tmp_path: Path, live_jira: tuple[FakeJira, Path]
) -> None:
    fake, config = live_jira
    fake.inject(200, path="/backlog", body=NESTED, times=None)
    result = cockpit(tmp_path, "backlog", "--config", str(config))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "cockpit: Jira sent JSON nested too deeply to read (HTTP 200)."
    ]
    assert result.stdout == ""


def test_cockpit_backlog_on_a_bug_is_one_line_naming_the_report(
    tmp_path: Path, live_jira: tuple[FakeJira, Path]
) -> None:
    _fake, config = live_jira
    code = textwrap.dedent(
        f"""
        import sys
        import cockpit.sources.jira as jira

        def boom(*args, **kwargs):
            raise KeyError("fields")

        jira.parse_issue = boom  # a bug, say
        from cockpit.cli.main import main
        sys.exit(main(["backlog", "--config", {str(config)!r}]))
        """
    )
    result = cockpit(tmp_path, code=code)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    prefix = "cockpit: unexpected error in Jira refresh: KeyError 'fields'; details in "
    assert line.startswith(prefix), line
    assert "Traceback" in Path(line.removeprefix(prefix)).read_text()

"""`cockpit backlog` when the refresh goes wrong: one line on stderr and exit 1, never a
traceback in the shell; a bug's line names the crash report that holds it.

The fake Jira answers on a loopback port; `cockpit` runs as a subprocess. What the
panes show for the same failures is in screen/test_refresh_failures.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import serve_in_thread

NESTED = "[" * 100_000 + "]" * 100_000
"""A JSON answer deeper than Python's recursion limit."""
TOKEN = "live-token-0123456789"


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

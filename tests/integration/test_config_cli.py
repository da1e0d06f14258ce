"""The setup commands as a user runs them: `python -m cockpit ...` in a subprocess.

Bad input is one line and never a traceback; init writes a private config from flags;
with no usable keyring the token is not lost silently but the user is told what to do.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from support.live_servers import EMAIL, TOKEN, LiveJira
from support.terminal_driver import Terminal

from cockpit.config.loader import load_config


def _cli_builds() -> str | None:
    code = "from cockpit.cli.main import build_parser; build_parser()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return None if result.returncode == 0 else (result.stderr.strip().splitlines() or ["?"])[-1]


BROKEN = _cli_builds()
pytestmark = [
    pytest.mark.skipif(BROKEN is not None, reason=f"the main CLI does not build yet: {BROKEN}"),
]


def cockpit(tmp_path: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCKPIT_", "DBUS_"))}
    env.update(
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return subprocess.run(
        [sys.executable, "-m", "cockpit", *argv],
        input=stdin, capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )  # fmt: skip


def test_a_bad_config_is_one_line_for_doctor_and_auth(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[company]\ndomains = ["acme.com"]\n[[calendars]]\nname = "X"\nkind = "exchange"\n'
    )
    result = cockpit(tmp_path, "--config", str(config), "doctor")
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    fail = [line for line in result.stdout.splitlines() if line.startswith("FAIL  config")]
    assert len(fail) == 1 and f"{config}: calendars[0].kind: expected one of" in fail[0]
    result = cockpit(tmp_path, "--config", str(config), "auth", "jira", "--test")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "calendars[0].kind" in result.stderr


def test_init_from_flags_with_the_token_on_stdin(
    jira: LiveJira,
    tmp_path: Path,
) -> None:
    jira.offer_boards([(7, "PAY board"), (9, "Growth")])
    config = tmp_path / "config.toml"
    result = cockpit(
        tmp_path, "init", "--config", str(config), "--jira-url", jira.url, "--jira-email", EMAIL,
        "--jira-token-stdin", "--board", "Growth", stdin=TOKEN + "\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    # no keyring here: the user is told how to give the token instead, once
    (export,) = [line for line in result.stdout.splitlines() if "COCKPIT_JIRA_TOKEN" in line]
    assert export.strip().startswith("export COCKPIT_JIRA_TOKEN='<")
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    loaded = load_config(config)
    assert loaded.jira is not None and loaded.jira.board == 9
    assert loaded.company.domains == ("acme.com",)

    again = cockpit(tmp_path, "init", "--config", str(config), "--domain", "x.com")
    assert again.returncode == 2 and "--yes" in again.stderr and "Traceback" not in again.stderr
    assert load_config(config).jira is not None  # untouched


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_one_ctrl_c_at_a_question_stops_init(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    env = {"COCKPIT_CONFIG": str(config), "COCKPIT_DATA_DIR": str(tmp_path / "data")}
    term = Terminal(["init"], env, size=(120, 20))
    try:
        term.wait_for(lambda s: "Jira site URL:" in s or "Keep the secrets in" in s)  # no keyring
        term.keys("C-c")
        screen = term.wait_for(lambda s: "stopped" in s, timeout=10)
        assert "cockpit init: stopped; nothing was written." in screen
        assert "Traceback" not in screen and not config.exists()
    finally:
        term.close()

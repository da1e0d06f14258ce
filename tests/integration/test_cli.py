"""The command line as a user meets it: real subprocesses, exit codes, printed output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MEETING_FIELDS = [
    "start",
    "end",
    "all_day",
    "title",
    "calendar",
    "status",
    "attendees",
    "join_url",
    "customer",
    "uid",
    "my_response",
    "provider",
    "dial_in",
    "attendees_omitted",
]
"""The agenda and calls fields of DESIGN.md, in order (the last four added by issue 16)."""
COCKPIT = str(Path(sys.executable).with_name("cockpit"))


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [COCKPIT, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=60
    )


def test_help_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from cockpit.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert result.stdout.strip().splitlines()[-1].startswith("CLEAN"), result.stdout + result.stderr


def test_no_config_explains_how_to_start(tmp_path: Path) -> None:
    result = run("agenda", env={"COCKPIT_CONFIG": str(tmp_path / "missing.toml")})
    assert result.returncode == 2
    assert "cockpit init" in result.stderr and "cockpit --demo" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Mars/Olympus"\n[company]\ndomains = ["acme.com"]\n')
    result = run("--config", str(config), "agenda")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(config) in result.stderr and "timezone" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_timeout_of_nan_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(
        '[company]\ndomains = ["acme.com"]\n'
        '[jira]\nurl = "https://acme.atlassian.net"\nemail = "pm@acme.com"\nboard = 42\n'
        "timeout = nan\n"
    )
    result = run("--config", str(config), "agenda")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"cockpit: {config}: jira.timeout: expected a finite number of seconds, got nan"
    )
    assert result.stdout == ""


def test_bad_date_is_a_usage_error() -> None:
    result = run("--demo", "--date", "next week", "agenda")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize(
    ("view", "fields"),
    [
        ("agenda", MEETING_FIELDS),
        ("calls", MEETING_FIELDS),
        (
            "blocked",
            ["key", "summary", "status", "assignee", "reasons", "blocked_by", "url", "blockers"],
        ),
        (
            "backlog",
            [
                "position",
                "key",
                "summary",
                "type",
                "priority",
                "status",
                "points",
                "assignee",
                "url",
            ],
        ),
    ],
)
def test_demo_views_print_the_documented_json(view: str, fields: list[str]) -> None:
    result = run("--demo", view, "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items, f"the demo's {view} is empty"
    for item in items:
        assert list(item) == fields
    if view in ("agenda", "calls"):
        for attendee in items[0]["attendees"]:
            assert set(attendee) == {"email", "name", "response", "external"}
    if view == "calls":
        assert all(item["customer"] for item in items)
    if view == "backlog":
        assert [item["position"] for item in items] == list(range(1, len(items) + 1))


def test_demo_table_output_has_headers() -> None:
    result = run("--demo", "backlog")
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0]
    for column in ("#", "Key", "Type", "Priority", "Summary", "Status", "Pts", "Assignee"):
        assert column in header


def test_flags_after_the_command_work_too() -> None:
    result = run("agenda", "--demo", "--json", "--date", "2026-11-27")
    assert result.returncode == 0, result.stderr
    assert all(item["start"].startswith("2026-11-2") for item in json.loads(result.stdout))


def test_a_mistyped_command_lists_every_command() -> None:
    result = run("doctr")
    assert result.returncode == 2
    assert "'doctor'" in result.stderr and "'agenda'" in result.stderr

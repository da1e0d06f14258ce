"""Day-one command-line fixes: `--date` only where a day is looked at, relative days,
and `notes --help` promising only what exists (`notes search` is `list --search`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.feed_server import serve_feed

from cockpit.cli.dates import DayArg, configured_day, day_of, parse_day
from cockpit.cli.main import build_parser, main
from cockpit.models import Note
from cockpit.store.db import Store


def help_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["auth", "init", "doctor", "notes", "blocked", "backlog"])
def test_commands_that_do_not_look_at_a_day_offer_no_date(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, "jira"] if command == "auth" else [command]
    assert "--date" not in help_of(argv, capsys)
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--date", "2025-03-03"])
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["agenda"], ["calls"], ["notes", "list"]])
def test_commands_that_look_at_a_day_offer_relative_days(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = help_of(argv, capsys)
    assert "--date DAY" in text and "tomorrow" in text and "+N" in text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2025-03-03", date(2025, 3, 3)),
        ("today", date(2025, 3, 10)),
        ("Tomorrow", date(2025, 3, 11)),
        ("yesterday", date(2025, 3, 9)),
        ("+3", date(2025, 3, 13)),
        ("-10", date(2025, 2, 28)),
    ],
)
def test_relative_days_count_from_today(given: str, expected: date) -> None:
    assert parse_day(given).on(date(2025, 3, 10)) == expected


@pytest.mark.parametrize("bad", ["next week", "+", "2025-13-01", "+1d", ""])
def test_anything_else_is_one_line_and_status_2(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--demo", "agenda", "--date", bad])
    assert exit_info.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()[1:]
    assert line.endswith(
        "expected a day as YYYY-MM-DD, today, tomorrow, yesterday, or +N / -N days "
        f"from today; got {bad!r}"
    )


def test_minus_n_is_a_value_not_an_option() -> None:
    args = build_parser().parse_args(["agenda", "--date", "-2"])
    assert args.date == DayArg(offset=-2) and day_of(args.date, date(2025, 3, 3)) == date(
        2025, 3, 1
    )


def far_zone() -> tuple[str, int]:
    """A zone whose date differs from UTC's right now, and by how many days."""
    hour = datetime.now(UTC).hour
    return ("Pacific/Kiritimati", 1) if hour >= 10 else ("Pacific/Pago_Pago", -1)  # +14 / -11


def test_relative_days_are_counted_in_the_configured_time_zone(tmp_path: Path) -> None:
    zone, ahead = far_zone()
    today = datetime.now(ZoneInfo(zone)).date()
    assert today == datetime.now(UTC).date() + timedelta(days=ahead)
    tomorrow = today + timedelta(days=1)
    feed = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//days//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:tomorrow-1\r\nSUMMARY:Planning tomorrow\r\n"
        f"DTSTART;TZID={zone}:{tomorrow:%Y%m%d}T090000\r\n"
        f"DTEND;TZID={zone}:{tomorrow:%Y%m%d}T093000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    config = tmp_path / "config.toml"
    with serve_feed(feed.encode()) as url:
        config.write_text(
            f'timezone = "{zone}"\n[company]\ndomains = ["acme.com"]\n'
            f'[[calendars]]\nname = "Team"\nkind = "ics"\nurl = "{url}"\n'
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("COCKPIT_")}
        env.update(COCKPIT_CONFIG=str(config), COCKPIT_DATA_DIR=str(tmp_path / "data"))
        result = subprocess.run(
            [sys.executable, "-m", "cockpit", "agenda", "--json", "--date", "tomorrow"],
            capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [m["title"] for m in json.loads(result.stdout)] == ["Planning tomorrow"]
    assert configured_day(parse_day("+1"), str(config)) == tomorrow
    assert configured_day(parse_day("2025-03-03"), str(config)) == date(2025, 3, 3)


def test_notes_help_lists_only_what_exists_and_search_is_list_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COCKPIT_DATA_DIR", str(tmp_path / "data"))
    store = Store.open(tmp_path / "data")
    tz = ZoneInfo("Europe/Lisbon")
    store.add_note(Note(None, datetime(2025, 3, 3, 9, tzinfo=tz), "Globex wants SSO"))
    store.add_note(Note(None, datetime(2025, 3, 4, 9, tzinfo=tz), "Payouts blocked"))
    store.add_note(Note(None, datetime(2025, 3, 5, 9, tzinfo=tz), "SSO date agreed"))
    store.close()
    text = help_of(["notes"], capsys)
    assert "list, search, export or rescue" in text or "list, search or export" in text
    assert all(f"\n    {action} " in text for action in ("list", "search", "export", "rescue"))
    assert main(["notes", "search", "SSO", "--json"]) == 0
    searched = capsys.readouterr().out
    assert main(["notes", "list", "--search", "SSO", "--json"]) == 0
    assert capsys.readouterr().out == searched
    assert [n["text"] for n in json.loads(searched)] == ["SSO date agreed", "Globex wants SSO"]

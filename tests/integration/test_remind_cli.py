"""`cockpit remind` as cron runs it: two real processes, one store, a calendar feed
on a loopback port. The first run announces the meeting starting in 3 minutes;
the second announces nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.feed_server import serve_feed


def feed(start: datetime) -> bytes:
    def stamp(value: datetime) -> str:
        return value.strftime("%Y%m%dT%H%M%SZ")

    events = []
    for uid, title, answer, offset in (
        ("soon", "Globex renewal call", "ACCEPTED", 3),
        ("declined", "Vendor pitch", "DECLINED", 2),
        ("later", "Planning", "ACCEPTED", 30),
    ):
        begin = start + timedelta(minutes=offset)
        events.append(
            "BEGIN:VEVENT\r\n"
            f"UID:{uid}@test\r\nDTSTAMP:{stamp(start)}\r\nSUMMARY:{title}\r\n"
            f"DTSTART:{stamp(begin)}\r\nDTEND:{stamp(begin + timedelta(minutes=30))}\r\n"
            "LOCATION:https://acme.zoom.us/j/123\r\n"
            "ORGANIZER:mailto:gina@globex.com\r\n"
            f"ATTENDEE;PARTSTAT={answer}:mailto:pat@acme.com\r\n"
            "END:VEVENT\r\n"
        )
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + "".join(events)
    return (body + "END:VCALENDAR\r\n").encode()


def run_remind(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCKPIT_", "DBUS_"))}
    env.update(
        COCKPIT_CONFIG=str(tmp_path / "config.toml"),
        COCKPIT_DATA_DIR=str(tmp_path / "data"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return subprocess.run(
        [sys.executable, "-m", "cockpit", "remind", "--quiet"],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )  # fmt: skip


def test_a_reminder_fires_once_across_two_runs(tmp_path: Path) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with serve_feed(feed(now)) as url:
        (tmp_path / "config.toml").write_text(
            'timezone = "UTC"\n'
            '[company]\ndomains = ["acme.com"]\nuser_emails = ["pat@acme.com"]\n'
            "[reminders]\nminutes_before = [5]\n"
            f'[[calendars]]\nname = "Work"\nkind = "ics"\nurl = "{url}"\n'
        )
        first = run_remind(tmp_path)
        second = run_remind(tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Globex renewal call starts in ")
    assert lines[0].endswith("https://acme.zoom.us/j/123")
    assert "Vendor pitch" not in first.stdout  # declined: no reminder
    assert second.returncode == 0, second.stderr
    assert second.stdout == ""

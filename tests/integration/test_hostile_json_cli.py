"""`--json` from a real `cockpit` process carries no terminal control character.

`jq -r` turns a `\\u001b` in JSON back into a real ESC, so escaping is not enough:
the strings themselves must be clean. Hostile text comes from where it would in
life: Jira summaries (the fake Jira on a loopback port), meeting titles (an ICS
feed on loopback) and notes (the local store).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from support.feed_server import serve_feed
from support.live_servers import EMAIL, TODAY, TOKEN

from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import serve_in_thread
from cockpit.models import Note
from cockpit.store.db import Store

COCKPIT = str(Path(sys.executable).with_name("cockpit"))
ESCAPES = (
    "\x1b[2J"  # clear the screen
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x1b]52;c;ZXZpbA==\x07"  # OSC 52 clipboard write
    "\x9b31m"  # C1 CSI
    "\u202e\u2066"  # bidi override and isolate
    "\x07\x00\r"
)
HOSTILE = f"Pay{ESCAPES}ments\tline one\nline two"
BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def controls(text: str) -> list[str]:
    """The characters a terminal could act on, but the line feed and the tab."""
    return [c for c in text if (unicodedata.category(c) == "Cc" and c not in "\n\t") or c in BIDI]


def strings(value: object) -> Iterator[str]:
    """Every string in decoded JSON, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def hostile_feed() -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//hostile//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "hostile-1")
    event.add("summary", HOSTILE)
    event.add("dtstart", dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC))
    event.add("dtend", dt.datetime(2025, 3, 3, 11, tzinfo=dt.UTC))
    guest = icalendar.vCalAddress("mailto:bo@globex.com")
    guest.params["CN"] = "Bo"  # icalendar refuses control characters in parameters
    event.add("attendee", guest)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


@pytest.fixture
def config(tmp_path: Path) -> Iterator[Path]:
    """A config on a hostile Jira and feed, and a data folder with a hostile note."""
    fake = demo_jira(TODAY)
    fake.token, fake.email = TOKEN, EMAIL
    for key in ("PAY-16", fake.backlog_keys()[0]):  # flagged, and the top of the backlog
        issue = fake.lookup(key)
        assert issue is not None
        issue.summary = HOSTILE
    store = Store.open(tmp_path / "data")
    when = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    store.add_note(Note(None, when, HOSTILE, meeting_title=HOSTILE, customer="Glob\x1b[2Jex"))
    store.close()
    server, url = serve_in_thread(fake)
    with serve_feed(hostile_feed()) as feed:
        path = tmp_path / "config.toml"
        path.write_text(
            'timezone = "UTC"\n[company]\ndomains = ["acme.com"]\n'
            f'[jira]\nurl = "{url}"\nemail = "{EMAIL}"\nboard = 42\nprojects = ["PAY"]\n'
            f'[[calendars]]\nname = "Team"\nkind = "ics"\nurl = "{feed}"\n'
        )
        yield path
    server.shutdown()
    server.server_close()


def cockpit(config: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCKPIT_", "DBUS_"))}
    env.update(
        COCKPIT_JIRA_TOKEN=TOKEN,
        COCKPIT_DATA_DIR=str(config.parent / "data"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return subprocess.run(
        [COCKPIT, "--config", str(config), "--date", TODAY.isoformat(), *argv],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    "argv",
    [
        ("agenda", "--json"),
        ("calls", "--json"),
        ("blocked", "--json"),
        ("backlog", "--json"),
        ("notes", "list", "--json"),
        ("notes", "export", "--since", "2025-03-01", "--format", "json"),
    ],
    ids=lambda argv: "-".join(a.strip("-") for a in argv[:2]),
)
def test_json_strings_carry_no_control_characters(config: Path, argv: tuple[str, ...]) -> None:
    result = cockpit(config, *argv)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    found = [s for s in strings(data) if "Pay" in s and "ments" in s]
    assert found, f"the hostile text is not in the output: {result.stdout[:500]}"
    for text in strings(data):
        assert not controls(text), f"{controls(text)!r} left in {text!r}"
        assert "evil.example" not in text and "ZXZpbA" not in text
    assert any("\tline one\nline two" in s for s in found), "tabs and line breaks are kept"

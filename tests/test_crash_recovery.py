"""A note is never lost: SIGKILL the real app right after "saved", or mid-sentence."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from feed_server import serve_feed
from terminal_driver import Terminal

from cockpit.demo.calendar_data import demo_calendar_ics

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
TZ = ZoneInfo("Europe/Lisbon")


@pytest.fixture
def calendar_url() -> Iterator[str]:
    body = demo_calendar_ics(datetime.now(TZ).date(), TZ).encode()

    with serve_feed(body) as url:
        yield url


@pytest.fixture
def environment(tmp_path: Path, calendar_url: str) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(
        'timezone = "Europe/Lisbon"\n'
        '[company]\ndomains = ["acme.com"]\nuser_emails = ["pm@acme.com"]\n'
        f'[[calendars]]\nname = "Work"\nkind = "ics"\nurl = "{calendar_url}"\n'
    )
    return {"COCKPIT_CONFIG": str(config), "COCKPIT_DATA_DIR": str(tmp_path / "data")}


def start(environment: dict[str, str]) -> Terminal:
    terminal = Terminal([], environment)
    terminal.wait_for(lambda s: "Today (" in s and "Today (0)" not in s)
    return terminal


def test_saved_note_survives_sigkill(environment: dict[str, str]) -> None:
    terminal = start(environment)
    try:
        terminal.keys("1", "n")
        terminal.wait_for(lambda s: "New note" in s)
        terminal.keys("Globex wants SSO by March", literal=True)
        terminal.keys("C-s")
        terminal.wait_for(lambda s: "Note saved" in s)
        terminal.kill()
    finally:
        terminal.close()
    terminal = start(environment)
    try:
        terminal.keys("N")
        terminal.wait_for(lambda s: "Globex wants SSO by March" in s)
    finally:
        terminal.close()


def test_half_typed_draft_is_offered_after_sigkill(environment: dict[str, str]) -> None:
    terminal = start(environment)
    try:
        terminal.keys("1", "n")
        terminal.wait_for(lambda s: "New note" in s)
        terminal.keys("Initech renewal is at risk bec", literal=True)
        terminal.wait_for(lambda s: "renewal is at risk bec" in s)
        time.sleep(1.5)  # the editor hands its draft over after 0.8 s of quiet
        terminal.kill()
    finally:
        terminal.close()
    terminal = start(environment)
    try:
        screen = terminal.wait_for(lambda s: "Recovered draft" in s)
        assert "Initech renewal is at risk bec" in screen
    finally:
        terminal.close()

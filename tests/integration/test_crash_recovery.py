"""A note is never lost: SIGKILL the real app right after "saved", or mid-sentence."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.feed_server import serve_feed
from support.terminal_driver import COCKPIT, Terminal

from cockpit.demo.calendar_data import demo_calendar_ics

pytestmark = [
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
        screen = terminal.wait_for(lambda s: "Notes journal" in s and "SSO by March" in s)
    finally:
        terminal.close()
    # The journal holds the note once, as saved: not a draft offered back, not twice.
    assert screen.count("Globex wants SSO by March") == 1 and " 1 note " in screen, screen
    assert "Recovered draft" not in screen, screen
    listed = notes_list(environment)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("Globex wants SSO by March") == 1, listed.stdout


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


def notes_list(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COCKPIT, "notes", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        timeout=60,
    )


def save_note(terminal: Terminal, text: str) -> None:
    terminal.keys("1", "n")
    terminal.wait_for(lambda s: "New note" in s)
    terminal.keys(text, literal=True)
    terminal.wait_for(lambda s: text in s)
    terminal.keys("C-s")
    terminal.wait_for(lambda s: "Note saved" in s)


def test_notes_survive_a_command_run_beside_the_app(environment: dict[str, str]) -> None:
    """`cockpit notes list` in another terminal while the app writes, then SIGKILL:
    the outside attack lost every note saved after the command."""
    terminal = start(environment)
    try:
        save_note(terminal, "Before the other command")
        listed = notes_list(environment)
        assert listed.returncode == 0 and "Before the other command" in listed.stdout
        save_note(terminal, "After the other command")
        assert "After the other command" in notes_list(environment).stdout
        save_note(terminal, "Right before the kill")
        terminal.kill()
    finally:
        terminal.close()
    after = notes_list(environment).stdout
    for text in ("Before the other command", "After the other command", "Right before the kill"):
        assert text in after


def test_a_second_app_is_refused_until_the_first_is_gone(environment: dict[str, str]) -> None:
    terminal = start(environment)
    try:
        second = subprocess.run(
            [COCKPIT], capture_output=True, text=True, env={**os.environ, **environment}, timeout=60
        )
        assert second.returncode == 1
        assert "another cockpit is already open" in second.stderr
        assert str(terminal.pid()) in second.stderr or "process" in second.stderr
        assert "Traceback" not in second.stderr
        terminal.kill()  # SIGKILL: the kernel drops the lock with the process
    finally:
        terminal.close()
    again = start(environment)
    again.close()


def test_a_damaged_store_stops_the_app_with_its_name(environment: dict[str, str]) -> None:
    data = Path(environment["COCKPIT_DATA_DIR"])
    terminal = start(environment)
    try:
        save_note(terminal, "A note in a store about to break")
        terminal.keys("q")
        terminal.wait_for_exit()  # closed: everything is in the main file, no WAL left
    finally:
        terminal.close()
    db_path = data / "cockpit.sqlite3"
    size = db_path.stat().st_size
    assert size > 4096 and not db_path.with_name("cockpit.sqlite3-wal").exists(), size
    with open(db_path, "r+b") as file:
        file.seek(4096)
        file.write(b"\xde\xad" * ((size - 4096) // 2))
    before = db_path.read_bytes()
    terminal = Terminal([], environment)
    try:
        screen = terminal.wait_for(lambda s: "damaged" in s)
        assert "cockpit notes rescue" in screen and "Traceback" not in screen
    finally:
        terminal.close()
    assert db_path.read_bytes() == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs (root only: elsewhere the Pilot test injects the failure)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    # unbuffered: a buffered file holding the last partial block would raise ENOSPC
    # again when closed (whether it does depends on how full the disk already was)
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def test_a_note_saved_on_a_full_disk_is_not_lost(
    environment: dict[str, str], small_disk: Path
) -> None:
    env = {**environment, "COCKPIT_DATA_DIR": str(small_disk / "data")}
    terminal = start(env)
    try:
        terminal.keys("1", "n")
        terminal.wait_for(lambda s: "New note" in s)
        filler = fill(small_disk)
        terminal.keys("Globex asks for SSO by March", literal=True)
        terminal.keys("C-s")
        screen = terminal.wait_for(lambda s: "disk is full" in s)
        assert "Traceback" not in screen
        screen = terminal.wait_for(lambda s: "New note" in s and "SSO by March" in s)
        filler.unlink()
        terminal.keys("C-s")
        terminal.wait_for(lambda s: "Note saved" in s)
        terminal.kill()
    finally:
        terminal.close()
    assert "Globex asks for SSO by March" in notes_list(env).stdout

"""`cockpit doctor`: one line per check, what to do, and a non-zero exit when broken."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from support.live_servers import (
    BOARD,
    BOARD_NAME,
    EMAIL,
    TOKEN,
    LiveJira,
)

from cockpit.cli import doctor
from cockpit.config.credentials import MemoryCredentials


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("COCKPIT_DATA_DIR", str(path))
    return path


def write_config(tmp_path: Path, jira_url: str, feed: str, board: int = BOARD) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[company]\ndomains = ["acme.com"]\n'
        f'[jira]\nurl = "{jira_url}"\nemail = "{EMAIL}"\nboard = {board}\n'
        f'[[calendars]]\nname = "Team"\nkind = "ics"\nurl = "{feed}"\n'
        '[[calendars]]\nname = "Work"\nkind = "google"\nclient_id = "abc"\n'
    )
    return path


def run(config: Path, store: MemoryCredentials) -> tuple[int, list[str]]:
    lines: list[str] = []
    status = doctor.run(argparse.Namespace(config=str(config)), credentials=store, out=lines.append)
    return status, lines


def line(lines: list[str], name: str) -> str:
    found = [entry for entry in lines if entry.split()[1:2] == name.split()[:1] and name in entry]
    assert found, f"no {name!r} line in {lines}"
    return found[0]


def test_everything_in_order(jira: LiveJira, feed_url: str, tmp_path: Path) -> None:
    store = MemoryCredentials({"jira": TOKEN, "google:Work": "refresh"})
    status, lines = run(write_config(tmp_path, jira.url, feed_url), store)
    assert line(lines, "config").startswith("OK")
    assert line(lines, "jira ").startswith("OK") and "Pat Morgan" in line(lines, "jira ")
    assert line(lines, "jira board").startswith("OK") and BOARD_NAME in line(lines, "jira board")
    assert line(lines, "calendar Team").startswith("OK") and "(1 event)" in line(
        lines, "calendar Team"
    )
    assert line(lines, "calendar Work").startswith("OK")
    assert line(lines, "data folder").startswith("OK")
    assert "COCKPIT_GOOGLE_REFRESH_TOKEN_WORK" in lines[-2]
    # the keyring on this machine decides the keyring line; any FAIL there is the only one
    assert status == (1 if line(lines, "keyring").startswith("FAIL") else 0)
    assert not any(TOKEN in entry or entry == "refresh" for entry in lines)


def test_missing_and_refused_credentials_say_what_to_run(
    jira: LiveJira,
    feed_url: str,
    tmp_path: Path,
) -> None:
    status, lines = run(write_config(tmp_path, jira.url, feed_url), MemoryCredentials())
    assert status == 1
    assert line(lines, "jira").startswith("FAIL") and "cockpit auth jira" in line(lines, "jira")
    work = line(lines, "calendar Work")
    assert work.startswith("FAIL") and "cockpit auth Work" in work
    status, lines = run(
        write_config(tmp_path, jira.url, feed_url), MemoryCredentials({"jira": "bad"})
    )
    assert "refused" in line(lines, "jira") and status == 1


def test_unknown_board_and_unreachable_feed(jira: LiveJira, tmp_path: Path) -> None:
    config = write_config(tmp_path, jira.url, "http://127.0.0.1:9/nothing.ics", board=99)
    status, lines = run(config, MemoryCredentials({"jira": TOKEN, "google:Work": "r"}))
    assert status == 1
    assert line(lines, "jira board").startswith("FAIL") and "99" in line(lines, "jira board")
    assert line(lines, "calendar Team").startswith("FAIL")
    assert "127.0.0.1" in line(lines, "calendar Team")


def test_a_bad_config_is_its_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[company]\ndomains = ["acme.com"]\n[jira]\nurl = "http://jira.acme.com"\n')
    status, lines = run(path, MemoryCredentials())
    assert status == 1
    assert line(lines, "config").startswith(f"FAIL  config             {path}: jira.url: ")
    assert "https://" in line(lines, "config")


def test_every_keymap_problem_is_a_line_to_fix(jira: LiveJira, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[company]\ndomains = ["acme.com"]\n'
        f'[jira]\nurl = "{jira.url}"\nemail = "{EMAIL}"\nboard = {BOARD}\n'
        '[keymap]\nmove_down = "q"\nrefesh = "f5"\nsave_note = "escape"\n'
    )
    status, lines = run(path, MemoryCredentials({"jira": TOKEN}))
    assert status == 1
    assert line(lines, "config").startswith("OK")
    keymap = [entry for entry in lines if entry.split()[1:2] == ["keymap"]]
    assert all(entry.startswith(f"FAIL  keymap             {path}: keymap") for entry in keymap)
    assert len(keymap) == 3, keymap
    assert 'keymap.refesh: unknown binding id (did you mean "refresh"?)' in keymap[0]
    assert "'q' is bound to both move_down and quit" in keymap[1]
    assert "'escape' is bound to both cancel_note and save_note" in keymap[2]
    assert line(lines, "jira ").startswith("OK")  # the other checks still run


def test_a_keymap_without_problems_is_ok(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[company]\ndomains = ["acme.com"]\n[keymap]\nquit = "Q"\nrefresh = "q"\n')
    _status, lines = run(path, MemoryCredentials())
    assert line(lines, "keymap").startswith("OK") and "2 rebound" in line(lines, "keymap")


def test_a_readable_data_folder_is_a_warning(tmp_path: Path, private_data_dir: Path) -> None:
    private_data_dir.mkdir(mode=0o755)
    private_data_dir.chmod(0o755)
    check = doctor.check_data_dir(private_data_dir)
    assert check.status == "WARN" and "chmod 700" in check.message
    private_data_dir.chmod(0o700)
    assert doctor.check_data_dir(private_data_dir).status == "OK"


def test_no_config_points_to_init(tmp_path: Path) -> None:
    status, lines = run(tmp_path / "absent.toml", MemoryCredentials())
    assert status == 1 and "cockpit init" in lines[0]


def test_no_keyring_is_only_a_warning_when_the_environment_has_every_secret(
    jira: LiveJira, feed_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cockpit.config.credentials import EnvFirstCredentials

    absent = doctor.Check("FAIL", "keyring", "no usable keyring (fail): install one")
    monkeypatch.setattr(doctor, "check_keyring", lambda: absent)
    config = write_config(tmp_path, jira.url, feed_url)
    env = {"COCKPIT_JIRA_TOKEN": TOKEN}
    lines: list[str] = []
    creds = EnvFirstCredentials(MemoryCredentials(), env)
    assert (
        doctor.run(argparse.Namespace(config=str(config)), credentials=creds, out=lines.append) == 1
    )
    assert line(lines, "keyring").startswith("FAIL")  # the Google token is nowhere
    env["COCKPIT_GOOGLE_REFRESH_TOKEN_WORK"] = "refresh-from-env"
    lines.clear()
    assert (
        doctor.run(argparse.Namespace(config=str(config)), credentials=creds, out=lines.append) == 0
    )
    assert line(lines, "keyring").startswith("WARN") and "environment" in line(lines, "keyring")


def test_a_damaged_store_is_a_failure_that_says_how_to_recover(private_data_dir: Path) -> None:
    from datetime import UTC, datetime

    from cockpit.models import Note
    from cockpit.store.db import DB_NAME, Store

    assert doctor.check_store(private_data_dir).status == "OK"
    store = Store.open(private_data_dir)
    for n in range(30):
        store.add_note(Note(id=None, created=datetime.now(UTC), text=f"note {n} " + "x" * 900))
    store.close()
    assert doctor.check_store(private_data_dir).status == "OK"
    db_path = private_data_dir / DB_NAME
    with open(db_path, "r+b") as file:
        file.seek(4096 * 3)
        file.write(b"\xff" * 4096 * 2)
    before = db_path.read_bytes()
    check = doctor.check_store(private_data_dir)
    assert check.status == "FAIL"
    assert str(db_path) in check.message and "cockpit notes rescue" in check.message
    assert db_path.read_bytes() == before

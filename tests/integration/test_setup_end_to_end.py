"""From a fresh install to a working cockpit, through the flags, as a user runs it.

The fake Jira (demo data) answers on loopback and a real Radicale holds a calendar
with a customer call. `cockpit init` (a subprocess, every answer a flag, secrets on
stdin or in the environment) writes the config; then `cockpit doctor` passes,
`cockpit blocked --json` / `backlog --json` print the fake's issues, `cockpit agenda
--json` shows the Radicale event, and the full-screen app paints all of it.

Two routes for the secrets: the environment (no keyring at all, as in CI), and a
real Secret Service (gnome-keyring on a private D-Bus), where init stores them and
every later command reads them back from the keyring.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.live_servers import BOARD, EMAIL, TODAY, TOKEN, LiveJira
from support.radicale_server import Radicale, mkcalendar, put_event
from support.secret_service import missing_binaries, secret_service_env
from support.terminal_driver import Terminal

from cockpit.fakejira import FakeJira

CALL = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//e2e//EN
BEGIN:VEVENT
UID:globex-renewal-e2e
SUMMARY:Globex renewal call
DTSTART;TZID=Europe/Lisbon:{TODAY:%Y%m%d}T140000
DTEND;TZID=Europe/Lisbon:{TODAY:%Y%m%d}T143000
ORGANIZER:mailto:{EMAIL}
ATTENDEE;CN=Pat;PARTSTAT=ACCEPTED:mailto:{EMAIL}
ATTENDEE;CN=Gina;PARTSTAT=ACCEPTED:mailto:gina@globex.com
LOCATION:https://meet.example.com/globex
END:VEVENT
END:VCALENDAR
"""


@dataclass
class Route:
    """How secrets reach cockpit: `env` for every command, `init_flags` and `stdin` for init."""

    name: str
    env: dict[str, str]
    init_flags: list[str]
    stdin: str


def base_env(tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    """A fresh user: nothing of ours in the environment, config and data under tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCKPIT_", "DBUS_", "XDG_"))}
    env.update(extra)
    env.update(
        COCKPIT_CONFIG=str(tmp_path / "home" / "config.toml"),
        COCKPIT_DATA_DIR=str(tmp_path / "data"),
    )
    return env


@pytest.fixture(params=["environment", "keyring"])
def route(
    request: pytest.FixtureRequest, tmp_path: Path, radicale_server: Radicale
) -> Iterator[Route]:
    if request.param == "environment":
        env = base_env(tmp_path, {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
        env["COCKPIT_JIRA_TOKEN"] = TOKEN
        env["COCKPIT_CALDAV_PASSWORD_WORK"] = radicale_server.password
        yield Route("environment", env, ["--jira-token-env", "COCKPIT_JIRA_TOKEN"], "")
        return
    if missing_binaries() or sys.platform != "linux":
        pytest.skip(f"needs a Secret Service (missing: {', '.join(missing_binaries())})")
    (tmp_path / "keyring").mkdir()
    with secret_service_env(tmp_path / "keyring") as service:
        service["PYTHON_KEYRING_BACKEND"] = "keyring.backends.SecretService.Keyring"
        env = base_env(tmp_path, service)
        stdin = f"{TOKEN}\n{radicale_server.password}\n"
        yield Route("keyring", env, ["--jira-token-stdin"], stdin)


@pytest.fixture
def caldav(radicale_server: Radicale) -> str:
    """A fresh account-level URL whose one calendar holds today's Globex call."""
    with radicale_server.client() as dav:
        collection = f"{radicale_server.url}{radicale_server.user}/work-{uuid.uuid4().hex[:8]}/"
        mkcalendar(dav, collection, "Work")
        put_event(dav, collection, "globex.ics", CALL)
    return collection


def cockpit(
    route: Route, tmp_path: Path, *argv: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", *argv],
        input=stdin, capture_output=True, text=True, env=route.env, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    return result


def expected_blocked(fake: FakeJira) -> set[str]:
    """What the Blocked pane must list, from the fake's own state."""

    def open_(key: str) -> bool:
        return fake.issues[key].category != "done"

    return {
        key
        for key, issue in fake.issues.items()
        if open_(key)
        and (
            issue.flagged
            or issue.status == "Blocked"
            or any(map(open_, fake.blockers.get(key, [])))
        )
    }


def test_init_then_doctor_then_every_view_shows_the_fakes_data(
    route: Route, jira: LiveJira, caldav: str, radicale_server: Radicale, tmp_path: Path
) -> None:
    config = Path(route.env["COCKPIT_CONFIG"])
    assert not config.exists()
    init = cockpit(
        route, tmp_path, "init", "--jira-url", jira.url, "--jira-email", EMAIL, *route.init_flags,
        "--board", str(BOARD), "--project", "PAY", "--domain", "acme.com",
        "--caldav", f"Work={caldav},{radicale_server.user}", "--timezone", "Europe/Lisbon",
        stdin=route.stdin,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert f"Wrote {config}" in init.stdout and "Signed in as Pat Morgan" in init.stdout
    text = config.read_text()
    assert TOKEN not in text and radicale_server.password not in text
    if route.name == "keyring":
        assert "WARN" not in init.stdout  # both secrets went to the keyring
        route.stdin = ""

    doctor = cockpit(route, tmp_path, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    lines = doctor.stdout.splitlines()
    for name in ("config", "jira", "jira board", "calendar Work", "data folder"):
        found = [line for line in lines if line[6:].startswith(name + " ")]
        assert found and found[0].startswith("OK"), (name, doctor.stdout)
    keyring = next(line for line in lines if line[6:].startswith("keyring"))
    assert keyring.startswith("OK" if route.name == "keyring" else "WARN"), keyring

    blocked = cockpit(route, tmp_path, "blocked", "--json")
    assert blocked.returncode == 0, blocked.stderr
    keys = {item["key"] for item in json.loads(blocked.stdout)}
    assert keys == expected_blocked(jira.fake) and "PAY-12" not in keys  # its blocker is done
    assert {"PAY-7", "PAY-9"} <= keys

    backlog = cockpit(route, tmp_path, "backlog", "--json")
    assert backlog.returncode == 0, backlog.stderr
    items = json.loads(backlog.stdout)
    assert [item["key"] for item in items] == jira.fake.backlog_keys()
    assert [item["position"] for item in items[:3]] == [1, 2, 3]

    agenda = cockpit(route, tmp_path, "agenda", "--json", "--date", TODAY.isoformat())
    assert agenda.returncode == 0, agenda.stderr
    (call,) = json.loads(agenda.stdout)
    assert call["title"] == "Globex renewal call" and call["calendar"] == "Work"
    assert call["start"] == f"{TODAY.isoformat()}T14:00:00+00:00"  # Lisbon is UTC+0 in March
    assert call["customer"] == "globex.com"

    if shutil.which("tmux") is None:
        return
    app = Terminal(["--date", TODAY.isoformat()], route.env)
    try:
        first = jira.fake.backlog_keys()[0]
        screen = app.wait_for(
            lambda s: "Globex renewal call" in s and first in s and f"Backlog ({len(items)})" in s
        )
        assert f"Blocked ({len(keys)})" in screen
        app.keys("q")
    finally:
        app.close()

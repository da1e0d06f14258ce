"""No secret ever leaves the keyring/environment: not to files, output, errors or screens.

Known fake secrets are handed to the cockpit the way a user would (the Jira token
and a CalDAV password in `COCKPIT_*` variables or the credential store, a secret
ICS feed URL carrying a token). Then every headless command runs in a subprocess
against loopback servers that succeed, refuse (401), rate-limit (429), time out,
fail (500), answer garbage or echo the credential back; a bad config holding a
secret is loaded; the app refreshes through failures and saves a screenshot.
Everything printed and every file written under the temporary home (config, data
folder, SQLite with its WAL, screenshots) is searched, as bytes, for each secret
and its base64/Basic-auth forms. The servers' logs prove the secrets were used.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from support.demo_app import synced

from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import make_server
from cockpit.sync.wiring import workspace_from_config
from cockpit.tui.app import CockpitApp

EMAIL = "pm@acme.example"
JIRA_TOKEN = "ATCT-fake-SECRET-7c1e9d"
CALDAV_USER = "pm"
CALDAV_PASSWORD = "sk-live-FAKE-caldav-4b2a91"
ICS_TOKEN = "icsTOKEN-FAKE-93f0d2"


def needles() -> dict[str, bytes]:
    """Each secret in every form it could leak in."""
    forms: dict[str, bytes] = {}
    for name, secret in (
        ("jira token", JIRA_TOKEN),
        ("caldav password", CALDAV_PASSWORD),
        ("ics token", ICS_TOKEN),
    ):
        forms[name] = secret.encode()
        forms[f"{name} (base64)"] = base64.b64encode(secret.encode()).rstrip(b"=")
        forms[f"{name} (url-quoted)"] = quote(secret, safe="").encode()
    forms["jira Basic auth"] = base64.b64encode(f"{EMAIL}:{JIRA_TOKEN}".encode())
    forms["caldav Basic auth"] = base64.b64encode(f"{CALDAV_USER}:{CALDAV_PASSWORD}".encode())
    return forms


def leaks(data: bytes) -> list[str]:
    return [name for name, needle in needles().items() if needle in data]


def files_under(root: Path, *, skip: tuple[Path, ...] = ()) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and path not in skip:
            yield path


def assert_no_leak_in_files(root: Path, *, skip: tuple[Path, ...] = ()) -> int:
    """Search every file under `root` (SQLite and WAL too, as bytes); how many were read."""
    count = 0
    for path in files_under(root, skip=skip):
        found = leaks(path.read_bytes())
        assert not found, f"{found} written to {path.relative_to(root)}"
        count += 1
    return count


# --- loopback calendar servers -----------------------------------------------------

FEED = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//leak//EN\r
BEGIN:VEVENT\r
UID:call-1@test\r
DTSTAMP:{stamp}\r
DTSTART:{start}\r
DTEND:{end}\r
SUMMARY:Globex renewal\r
ORGANIZER:mailto:pm@acme.example\r
ATTENDEE;CN=Pat:mailto:pm@acme.example\r
ATTENDEE;CN=Gina:mailto:gina@globex.example\r
END:VEVENT\r
END:VCALENDAR\r
"""


@dataclass
class CalendarServer:
    """Answers the ICS feed and the CalDAV collection as told; logs what it was sent."""

    feed: str = "ok"
    caldav: str = "401"
    seen: list[str] = field(default_factory=list)

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.seen.append(f"{handler.command} {handler.path} {handler.headers.get('Authorization')}")
        mode = self.feed if handler.path.startswith("/feed") else self.caldav
        if mode == "drop":
            handler.close_connection = True
            handler.connection.close()
            return
        if mode == "ok":
            now = datetime.now(UTC).replace(microsecond=0)
            fmt = "%Y%m%dT%H%M%SZ"
            body = FEED.format(
                stamp=now.strftime(fmt),
                start=(now + timedelta(minutes=5)).strftime(fmt),
                end=(now + timedelta(minutes=35)).strftime(fmt),
            ).encode()
            status, kind = 200, "text/calendar"
        elif mode == "echo":
            # A badly behaved server that repeats the request back, credential included.
            echoed = f"denied {handler.path} {handler.headers.get('Authorization')}"
            body, status, kind = echoed.encode(), 401, "text/plain"
        elif mode == "garbage":
            body, status, kind = b"\x00\xff<html>\x1b[2J not a calendar", 200, "text/calendar"
        else:
            status = int(mode)
            body, kind = f"HTTP {status} {handler.path}".encode(), "text/plain"
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        if status == 401:
            handler.send_header("WWW-Authenticate", 'Basic realm="cal"')
        handler.end_headers()
        handler.wfile.write(body)


def serve_calendars(calendars: CalendarServer) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            calendars.answer(self)

        do_GET = do_PROPFIND = do_REPORT = do_OPTIONS = do_HEAD = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- the environment ------------------------------------------------------------------


@dataclass
class Rig:
    root: Path
    env: dict[str, str]
    config: Path
    jira: FakeJira
    calendars: CalendarServer
    jira_url: str
    calendar_url: str
    outputs: list[tuple[str, bytes]] = field(default_factory=list)

    def run(self, *args: str, config: Path | None = None, timeout: float = 60) -> int:
        env = dict(self.env)
        if config is not None:
            env["COCKPIT_CONFIG"] = str(config)
        done = subprocess.run(
            [sys.executable, "-m", "cockpit", *args],
            env=env,
            cwd=self.root,
            capture_output=True,
            timeout=timeout,
        )
        label = "cockpit " + " ".join(args)
        self.outputs.append((label, done.stdout + done.stderr))
        found = leaks(done.stdout + done.stderr)
        assert not found, f"`{label}` printed {found}:\n{(done.stdout + done.stderr).decode()}"
        assert b"Traceback" not in done.stderr, f"`{label}`:\n{done.stderr.decode()}"
        return done.returncode


def write_config(path: Path, jira_url: str, calendar_url: str, *, jira_timeout: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""timezone = "UTC"

[company]
domains = ["acme.example"]
user_emails = ["{EMAIL}"]

[jira]
url = "{jira_url}"
flavor = "cloud"
email = "{EMAIL}"
board = 42
projects = ["PAY"]
timeout = {jira_timeout}

[[calendars]]
name = "Private"
kind = "ics"
secret_url = true

[[calendars]]
name = "Home"
kind = "caldav"
url = "{calendar_url}/cal/pm/"
username = "{CALDAV_USER}"
"""
    )


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    fake = demo_jira(datetime.now(UTC).date())
    fake.token, fake.email = JIRA_TOKEN, EMAIL
    jira_server = make_server(fake, 0)
    threading.Thread(target=jira_server.serve_forever, daemon=True).start()
    calendars = CalendarServer()
    calendar_server = serve_calendars(calendars)
    jira_url = fake.base_url
    calendar_url = f"http://127.0.0.1:{calendar_server.server_address[1]}"

    home = tmp_path / "home"
    config = home / "config" / "cockpit" / "config.toml"
    write_config(config, jira_url, calendar_url, jira_timeout=1)
    (home / "tmp").mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "TMPDIR": str(home / "tmp"),  # crash reports land here, and are searched too
        "COCKPIT_CONFIG": str(config),
        "COCKPIT_DATA_DIR": str(home / "data" / "cockpit"),
        "COCKPIT_JIRA_TOKEN": JIRA_TOKEN,
        "COCKPIT_CALDAV_PASSWORD_HOME": CALDAV_PASSWORD,
        "COCKPIT_ICS_URL_PRIVATE": f"{calendar_url}/feed.ics?token={ICS_TOKEN}",
        # Never the user's keyring: every secret is in the environment.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "NO_PROXY": "*",
        "LANG": "C.UTF-8",
        "COLUMNS": "160",
    }
    yield Rig(tmp_path, env, config, fake, calendars, jira_url, calendar_url)
    for server in (jira_server, calendar_server):
        server.shutdown()
        server.server_close()


VIEWS = ("agenda", "calls", "blocked", "backlog")


def run_everything(rig: Rig) -> list[int]:
    """Every headless command, text and JSON."""
    codes = []
    for view in VIEWS:
        codes.append(rig.run(view))
        codes.append(rig.run(view, "--json"))
    codes.append(rig.run("notes", "list"))
    codes.append(rig.run("notes", "list", "--json"))
    codes.append(rig.run("notes", "export", "--since", "2020-01-01"))
    codes.append(rig.run("doctor"))
    codes.append(rig.run("--demo", "agenda"))
    codes.append(rig.run("--demo", "backlog", "--json"))
    return codes


def assert_secrets_were_used(rig: Rig) -> None:
    """The search means something only if the secrets really went out."""
    basic = base64.b64encode(f"{EMAIL}:{JIRA_TOKEN}".encode()).decode()
    assert any(r.headers.get("authorization") == f"Basic {basic}" for r in rig.jira.requests) or (
        not rig.jira.requests
    )
    assert any(ICS_TOKEN in line for line in rig.calendars.seen), rig.calendars.seen


# --- the scenarios -------------------------------------------------------------------


def test_every_command_on_working_sources_keeps_secrets(rig: Rig) -> None:
    rig.calendars.feed, rig.calendars.caldav = "ok", "401"
    codes = run_everything(rig)
    assert 0 in codes
    assert_secrets_were_used(rig)
    assert any(b"Globex renewal" in out for _, out in rig.outputs), "the feed was not shown"
    assert any(r.headers.get("authorization") for r in rig.jira.requests)
    files = assert_no_leak_in_files(rig.root / "home")
    assert files >= 2  # the config and the database at least


ECHOED_BASIC = base64.b64encode(f"{EMAIL}:{JIRA_TOKEN}".encode()).decode()
ALL = (("blocked",), ("backlog", "--json"), ("agenda", "--json"), ("calls",), ("doctor",))
SLOW = (("backlog", "--json"), ("agenda",))
"""Retries make 429 and timeouts take seconds per command: fewer commands there."""


def errors_body(*messages: str, **errors: str) -> str:
    """A Jira error answer: errorMessages and field errors."""
    return json.dumps({"errorMessages": list(messages), "errors": errors})


FAILURES = {
    "401": ({"status": 401}, "401", "500", ALL),
    "echoed-401": (
        {"status": 401, "body": errors_body(f"bad token {JIRA_TOKEN}")},
        "echo",
        "echo",
        ALL,
    ),
    "echoed-400": (
        {"status": 400, "body": errors_body(f"Basic {ECHOED_BASIC} refused", token=JIRA_TOKEN)},
        "garbage",
        "garbage",
        ALL,
    ),
    "echoed-500": (
        {"status": 500, "body": f"<html>proxy error for {JIRA_TOKEN}</html>"},
        "echo",
        "401",
        SLOW,
    ),
    "429": ({"status": 429, "retry_after": 0}, "500", "401", SLOW),
    "malformed-and-dropped": ({"malformed": True}, "drop", "drop", SLOW),
    "timeout": ({"latency_ms": 1500}, "garbage", "500", (("backlog", "--json"),)),
}
"""Jira fault, feed answer, CalDAV answer, commands to run."""


@pytest.mark.parametrize(
    ("jira_fault", "feed", "caldav", "commands"), FAILURES.values(), ids=FAILURES.keys()
)
def test_failures_keep_secrets(
    rig: Rig,
    jira_fault: dict[str, object],
    feed: str,
    caldav: str,
    commands: tuple[tuple[str, ...], ...],
) -> None:
    rig.jira.inject(times=None, **jira_fault)  # type: ignore[arg-type]
    rig.calendars.feed, rig.calendars.caldav = feed, caldav
    codes = [rig.run(*command) for command in commands]
    assert all(code != 0 for code in codes[:1]), "the Jira command did not notice the failure"
    assert_no_leak_in_files(rig.root / "home")
    assert any(r.headers.get("authorization") for r in rig.jira.requests)
    if len(commands) > 1 and feed != "drop":
        assert any(ICS_TOKEN in line for line in rig.calendars.seen)


def test_a_bad_config_holding_secrets_never_echoes_them(rig: Rig) -> None:
    """A token pasted into config.toml, a secret feed URL over plain http: errors name
    the key and the host, never the value."""
    bad = rig.root / "bad" / "config.toml"
    bad.parent.mkdir()
    good = rig.config.read_text()
    cases = {
        "token": good.replace('flavor = "cloud"', f'flavor = "cloud"\ntoken = "{JIRA_TOKEN}"'),
        "email": good.replace(f'email = "{EMAIL}"', f'email = "{JIRA_TOKEN}"'),
        "feed": good.replace(
            "secret_url = true",
            f'url = "http://calendar.example.com/feed.ics?token={ICS_TOKEN}"',
        ),
        "password": good.replace(
            f'username = "{CALDAV_USER}"',
            f'username = "{CALDAV_USER}"\npassword = "{CALDAV_PASSWORD}"',
        ),
        "userinfo": good.replace(
            rig.calendar_url, f"https://{CALDAV_USER}:{CALDAV_PASSWORD}@dav.example.com"
        ),
        "jira-url": good.replace(rig.jira_url, f"https://acme.example/?token={JIRA_TOKEN}"),
        "broken-toml": good + f'\n[jira\ntoken = "{JIRA_TOKEN}"\n',
    }
    for name, text in cases.items():
        bad.write_text(text)
        for command in (("agenda",), ("backlog", "--json"), ("doctor",), ("notes", "list")):
            code = rig.run(*command, config=bad)
            if command[0] != "notes":
                assert code != 0, f"{name}: `cockpit {' '.join(command)}` accepted the bad config"
    # The bad config holds the secret (the user put it there); nothing else may.
    assert_no_leak_in_files(rig.root / "home")


async def test_the_app_through_failing_refreshes_keeps_secrets(rig: Rig) -> None:
    """The app with the secrets in its credential store: 401 from Jira, 500 and an echo
    from the calendars; the screenshots, the database and the toasts hold no secret."""
    rig.jira.inject(
        401, times=None, body=json.dumps({"errorMessages": [f"token {JIRA_TOKEN} refused"]})
    )
    rig.calendars.feed, rig.calendars.caldav = "echo", "500"
    credentials = MemoryCredentials(
        {
            "jira": JIRA_TOKEN,
            "caldav:Home": CALDAV_PASSWORD,
            "ics:Private": f"{rig.calendar_url}/feed.ics?token={ICS_TOKEN}",
        }
    )
    data = rig.root / "home" / "data" / "cockpit"
    workspace = workspace_from_config(
        load_config(rig.config), credentials=credentials, data_dir=data
    )
    shots = rig.root / "home" / "shots"
    shots.mkdir()
    app = CockpitApp(workspace)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await synced(app)
        await pilot.pause()
        assert app.states["Calendar"].error and app.states["Jira"].error
        app.save_screenshot("failed.svg", path=str(shots))
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("3", "n")
        await pilot.pause()
        await pilot.press(*"a note", "ctrl+s")
        await pilot.pause()
        app.save_screenshot("after-note.svg", path=str(shots))
        toasts = " ".join(f"{n.title} {n.message}" for n in app._notifications)
        states = " ".join(str(s) for s in app.states.values())
    assert not leaks(toasts.encode()), toasts
    assert not leaks(states.encode()), states
    assert len(list(shots.glob("*.svg"))) == 2
    assert any(ICS_TOKEN in line for line in rig.calendars.seen)
    assert any(r.headers.get("authorization") for r in rig.jira.requests)
    assert_no_leak_in_files(rig.root / "home")
    # The data folder the app wrote is private: 0700, its files 0600.
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files_under(data)}
    assert modes and all(m == 0o600 for m in modes.values()), modes


def test_the_leak_search_finds_a_planted_secret(tmp_path: Path) -> None:
    """The search itself works: raw, base64 and Basic-auth forms, inside SQLite pages."""
    import sqlite3

    db = tmp_path / "x.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (v TEXT)")
        conn.execute(
            "INSERT INTO t VALUES (?)",
            (f"Authorization: Basic {needles()['jira Basic auth'].decode()}",),
        )
    with pytest.raises(AssertionError, match="jira Basic auth"):
        assert_no_leak_in_files(tmp_path)
    assert leaks(base64.b64encode(CALDAV_PASSWORD.encode())) == ["caldav password (base64)"]


# --- the data folder is private after a run -----------------------------------------


def test_the_data_folder_is_private_after_commands(rig: Rig) -> None:
    rig.calendars.feed = "ok"
    rig.run("agenda")
    rig.run("backlog")
    folder = Path(rig.env["COCKPIT_DATA_DIR"])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(files_under(folder))
    assert files
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files}
    assert all(m == "0o600" for m in modes.values()), modes

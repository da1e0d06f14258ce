"""`cockpit init` from flags and from scripted answers, against a loopback Jira stub.

`JiraStub` is a tiny stdlib HTTP server answering the four Jira paths setup uses
(serverInfo, myself, the board list and one board); test_auth and test_doctor
import it too. CalDAV is a real Radicale.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from radicale_fixture import Radicale, radicale_server  # noqa: F401 - fixture

from cockpit import setup_init
from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.config.prompt import Terminal

TOKEN = "atl-TOKEN-5ecret"
EMAIL = "pm@acme.com"
BOARDS = [
    {"id": 7, "name": "Payments board", "type": "scrum", "location": {"projectKey": "PAY"}},
    {"id": 9, "name": "Growth", "type": "kanban", "location": {"projectKey": "GRO"}},
    {"id": 42, "name": "Platform", "type": "scrum", "location": {"projectKey": "PLAT"}},
]


@dataclass
class JiraStub:
    """What the stub serves and what it was asked."""

    cloud: bool = True
    token: str = TOKEN
    email: str = EMAIL
    url: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)

    def authorized(self, header: str | None) -> bool:
        if self.cloud:
            raw = base64.b64encode(f"{self.email}:{self.token}".encode()).decode()
            return header == f"Basic {raw}"
        return header == f"Bearer {self.token}"


def _handler(stub: JiraStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            stub.requests.append(("GET", parts.path))
            query = parse_qs(parts.query)
            if parts.path == "/rest/api/2/serverInfo":
                kind = "Cloud" if stub.cloud else "Server"
                return self._json(200, {"deploymentType": kind, "version": "1001.0.0"})
            if not stub.authorized(self.headers.get("Authorization")):
                return self._json(401, {"errorMessages": ["unauthorized"]})
            myself = "/rest/api/3/myself" if stub.cloud else "/rest/api/2/myself"
            if parts.path == myself:
                return self._json(200, {"displayName": "Pat Example", "emailAddress": stub.email})
            if parts.path == "/rest/agile/1.0/board":
                start = int(query.get("startAt", ["0"])[0])
                page = BOARDS[start : start + 2]  # small pages: the client must follow them
                last = start + 2 >= len(BOARDS)
                return self._json(200, {"values": page, "isLast": last, "startAt": start})
            if parts.path.startswith("/rest/agile/1.0/board/"):
                wanted = int(parts.path.rsplit("/", 1)[1])
                for board in BOARDS:
                    if board["id"] == wanted:
                        return self._json(200, board)
            return self._json(404, {"errorMessages": ["not found"]})

        def _json(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def serve_jira(stub: JiraStub) -> Iterator[JiraStub]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def jira() -> Iterator[JiraStub]:
    yield from serve_jira(JiraStub())


@pytest.fixture
def jira_dc() -> Iterator[JiraStub]:
    yield from serve_jira(JiraStub(cloud=False))


def init_args(config: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    setup_init.register(sub)
    args = parser.parse_args(["init", *argv])
    args.config = str(config)
    return args


def test_flags_write_a_cloud_config_and_keep_the_token_in_the_keyring(
    jira: JiraStub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MY_TOKEN", TOKEN)
    store = MemoryCredentials()
    path = tmp_path / "conf" / "config.toml"
    args = init_args(
        path,
        "--jira-url",
        jira.url + "/jira/software/projects/PAY/boards/7",
        "--jira-email",
        EMAIL,
        "--jira-token-env",
        "MY_TOKEN",
        "--board",
        "Platform",
    )
    assert setup_init.run(args, credentials=store) == 0
    config = load_config(path)
    assert config.jira is not None
    assert (config.jira.url, config.jira.flavor, config.jira.email) == (jira.url, "cloud", EMAIL)
    assert config.jira.board == 42 and config.jira.projects == ("PLAT",)
    assert config.company.domains == ("acme.com",)  # from the email
    assert store.get("jira") == TOKEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert TOKEN not in path.read_text() and TOKEN not in capsys.readouterr().out
    assert ("GET", "/rest/api/3/myself") in jira.requests


def test_data_center_is_detected_and_uses_a_bearer_pat(jira_dc: JiraStub, tmp_path: Path) -> None:
    store = MemoryCredentials()
    term = Terminal(interactive=False, stdin=io.StringIO(TOKEN + "\n"))
    args = init_args(
        tmp_path / "c.toml",
        "--jira-url",
        jira_dc.url,
        "--jira-token-stdin",
        "--board",
        "9",
        "--project",
        "gro",
        "--project",
        "PAY",
        "--domain",
        "@Acme.com",
    )
    assert setup_init.run(args, credentials=store, terminal=term) == 0
    config = load_config(tmp_path / "c.toml")
    assert config.jira is not None and config.jira.flavor == "datacenter"
    assert config.jira.email is None and config.jira.board == 9
    assert config.jira.projects == ("GRO", "PAY")
    assert config.company.domains == ("acme.com",)
    assert ("GET", "/rest/api/2/myself") in jira_dc.requests


def test_a_refused_token_writes_nothing_and_stores_nothing(
    jira: JiraStub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MY_TOKEN", "wrong-token")
    store = MemoryCredentials()
    path = tmp_path / "config.toml"
    args = init_args(
        path, "--jira-url", jira.url, "--jira-email", EMAIL, "--jira-token-env", "MY_TOKEN"
    )
    assert setup_init.run(args, credentials=store) == 1
    err = capsys.readouterr().err
    assert "refused" in err and "cockpit auth jira" in err and "wrong-token" not in err
    assert not path.exists() and store.get("jira") is None


def test_an_existing_config_is_kept_unless_yes(jira: JiraStub, tmp_path: Path, capsys) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n")
    store = MemoryCredentials({"jira": TOKEN})
    flags = ("--no-input", "--jira-url", jira.url, "--jira-email", EMAIL, "--board", "7")
    assert setup_init.run(init_args(path, *flags), credentials=store) == 2
    assert path.read_text() == "# mine\n"
    assert "--yes" in capsys.readouterr().err
    assert setup_init.run(init_args(path, *flags, "--yes"), credentials=store) == 0
    assert load_config(path).jira.board == 7  # type: ignore[union-attr]


def test_many_boards_without_board_flag_is_one_clear_line(
    jira: JiraStub, tmp_path: Path, capsys
) -> None:
    store = MemoryCredentials({"jira": TOKEN})
    args = init_args(tmp_path / "c.toml", "--jira-url", jira.url, "--jira-email", EMAIL)
    assert setup_init.run(args, credentials=store) == 2
    err = capsys.readouterr().err.strip()
    assert "--board is needed" in err and "Payments board" in err and "\n" not in err


def test_http_to_a_remote_host_is_refused(tmp_path: Path, capsys) -> None:
    args = init_args(
        tmp_path / "c.toml", "--jira-url", "http://jira.example.com", "--domain", "a.com"
    )
    assert setup_init.run(args, credentials=MemoryCredentials()) == 2
    assert "https://" in capsys.readouterr().err
    assert not (tmp_path / "c.toml").exists()


class Script:
    """Scripted answers for `Terminal`; records every prompt it was shown."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        assert self.answers, f"no scripted answer left for {prompt!r}"
        return self.answers.pop(0)


def test_interactive_questions_retry_a_wrong_token_and_pick_a_board_by_number(
    jira: JiraStub, tmp_path: Path, feed_url: str
) -> None:
    feed = feed_url
    answers = Script(
        jira.url,  # site (Cloud is detected)
        EMAIL,
        "2",  # the second board listed: Growth (id 9)
        "",  # projects: keep the board's
        "",  # domains: keep the email's
        "ics",  # add a calendar
        "Team",
        feed,
        "n",  # the URL is not secret
        "",  # done with calendars
        "Europe/Lisbon",
    )
    secrets = Script("not-it", TOKEN)
    lines: list[str] = []
    term = Terminal(input_fn=answers, secret_fn=secrets, out=lines.append)
    store = MemoryCredentials()
    args = init_args(tmp_path / "config.toml")
    assert setup_init.run(args, credentials=store, terminal=term) == 0
    config = load_config(tmp_path / "config.toml")
    assert config.jira is not None and config.jira.board == 9 and config.jira.projects == ("GRO",)
    assert config.calendars[0].name == "Team" and config.calendars[0].url == feed
    assert config.timezone == "Europe/Lisbon"
    assert store.get("jira") == TOKEN and len(secrets.prompts) == 2
    assert any("refused" in line for line in lines)
    assert not any(TOKEN in line for line in lines)


@pytest.fixture
def feed_url() -> Iterator[str]:
    """A public ICS feed with one event on a loopback port."""
    body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\n"
    body += b"END:VCALENDAR\r\n"

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/team.ics"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.integration
def test_caldav_password_from_the_environment_is_tested_against_radicale(
    radicale_server: Radicale,  # noqa: F811 - the imported fixture
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = MemoryCredentials()
    monkeypatch.setenv("COCKPIT_CALDAV_PASSWORD_HOME_CAL", radicale_server.password)
    spec = f"Home cal={radicale_server.url},{radicale_server.user}"
    args = init_args(tmp_path / "c.toml", "--domain", "acme.com", "--caldav", spec)
    assert setup_init.run(args, credentials=store) == 0
    cal = load_config(tmp_path / "c.toml").calendars[0]
    assert (cal.kind, cal.username) == ("caldav", radicale_server.user)
    assert store.get("caldav:Home cal") == radicale_server.password

    monkeypatch.setenv("COCKPIT_CALDAV_PASSWORD_HOME_CAL", "wrong")
    args = init_args(tmp_path / "d.toml", "--domain", "acme.com", "--caldav", spec)
    assert setup_init.run(args, credentials=MemoryCredentials()) == 1
    assert not (tmp_path / "d.toml").exists()

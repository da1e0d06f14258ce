"""Where the cockpit sends the user and its requests: safe links, https, TLS verified.

`open_in_browser` opens only https (and the zoommtg:/msteams: meeting schemes),
through Python's `webbrowser` and never a shell; planted `javascript:`, `file:`,
plain `http:` links and links holding control characters are refused, also from
the app's `o` key. Jira is reached over https with certificate verification on; a
private CA is trusted through the `ca_bundle` option, never by turning it off.
"""

from __future__ import annotations

import os
import shutil
import ssl
import stat
import subprocess
import sys
import threading
import webbrowser
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.demo_app import synced
from support.feed_server import serve_feed

from cockpit.cli.doctor import check_calendar
from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.demo.calendar_data import demo_calendar_ics
from cockpit.domain.classify import CompanyRules
from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import make_server
from cockpit.models import Issue
from cockpit.sources.errors import SourceError
from cockpit.sources.http import RetryPolicy
from cockpit.sources.jira import JiraClient
from cockpit.sources.jira_site import JiraSite, build_http_client
from cockpit.store.db import Store
from cockpit.sync.wiring import workspace_from_config
from cockpit.sync.workspace import Workspace
from cockpit.tui.app import CockpitApp
from cockpit.tui.browser import open_in_browser


class RecordingBrowser(webbrowser.BackgroundBrowser):
    """A graphical browser that only notes what it was asked to open."""

    def __init__(self) -> None:
        super().__init__("recording-browser")
        self.opened: list[str] = []
        self.called = threading.Event()

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        self.called.set()
        return True


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> RecordingBrowser:
    fake = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: fake)
    return fake


@pytest.fixture
def no_shell(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fail the test if anything reaches for a shell; record every Popen."""
    popens: list[object] = []
    real_popen = subprocess.Popen

    class CheckedPopen(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args: object, *rest: object, **kwargs: object) -> None:
            assert not kwargs.get("shell"), f"a shell was started for {args!r}"
            assert not isinstance(args, str), f"a command line string: {args!r}"
            popens.append(args)
            super().__init__(args, *rest, **kwargs)  # type: ignore[arg-type]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a shell was used: {args!r}")

    monkeypatch.setattr(subprocess, "Popen", CheckedPopen)
    for name in ("system", "popen"):
        monkeypatch.setattr(os, name, refuse)
    for name in ("getoutput", "getstatusoutput"):
        monkeypatch.setattr(subprocess, name, refuse)
    return popens


# --- open_in_browser ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.atlassian.net/browse/PAY-1",
        "https://meet.google.com/abc-defg-hij",
        "zoommtg://zoom.us/join?confno=123",
        "msteams:/l/meetup-join/19%3ameeting",
    ],
)
def test_https_and_meeting_links_are_opened(browser: RecordingBrowser, url: str) -> None:
    message = open_in_browser(url)
    assert browser.called.wait(5)
    assert browser.opened == [url]
    assert message.startswith("Opening ")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "file:///etc/passwd",
        "FILE://localhost/etc/shadow",
        "http://acme.atlassian.net/browse/PAY-1",
        "http://127.0.0.1:8080/",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.com/x",
        "https://",
        "https:evil.example/x",
        "//evil.example/x",
        "https://example.com/\x1b]52;c;ZXZpbA==\x07",
        "https://example.com/\x1b[2J",
        "https://example.com/\x9b31m",
        "https://example.com/a\nb",
        "https://example.com/a\rb",
        "https://example.com/a\tb",
        "https://example.com/\x00",
        "https://exa mple.com/",
        "",
    ],
)
def test_unsafe_links_are_refused(browser: RecordingBrowser, url: str) -> None:
    message = open_in_browser(url)
    assert message.startswith("Not opened"), message
    assert not browser.called.wait(0.05)
    assert browser.opened == []


def test_a_real_browser_command_gets_the_link_as_one_argument_never_through_a_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_shell: list[object]
) -> None:
    """Shell metacharacters in a link reach the browser verbatim and run nothing."""
    record = tmp_path / "argv.txt"
    script = tmp_path / "browser.py"
    script.write_text(
        f"import sys, pathlib\npathlib.Path({str(record)!r}).write_text('\\n'.join(sys.argv[1:]))\n"
    )
    real = webbrowser.BackgroundBrowser([sys.executable, str(script), "%s"])
    monkeypatch.setattr(webbrowser, "get", lambda using=None: real)
    monkeypatch.chdir(tmp_path)
    url = "https://example.com/a;touch${IFS}PWNED&b=$(touch${IFS}PWNED2)|`touch${IFS}PWNED3`"

    message = open_in_browser(url)

    assert message == "Opening example.com in your browser."
    for _ in range(500):
        if record.exists() and record.read_text():
            break
        threading.Event().wait(0.01)
    assert record.read_text() == url
    assert len(no_shell) == 1 and isinstance(no_shell[0], list)
    assert not list(tmp_path.glob("PWNED*"))


def test_a_console_browser_is_not_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """lynx would take over the cockpit's terminal: the link is shown instead."""
    started: list[str] = []

    class Lynx(webbrowser.GenericBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            started.append(url)
            return True

    monkeypatch.setattr(webbrowser, "get", lambda using=None: Lynx("lynx"))
    message = open_in_browser("https://example.com/x")
    assert "https://example.com/x" in message and "console browser" in message
    assert started == []


def test_no_browser_shows_the_link(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(using: object = None) -> object:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", missing)
    assert (
        open_in_browser("https://example.com/x")
        == "No browser found; the link is https://example.com/x"
    )


# --- the `o` key in the app --------------------------------------------------------

TZ = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)


class PlantedJira:
    """Issues whose links were planted by whoever can edit them (or the cache)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def _issue(self, key: str) -> Issue:
        return Issue(
            key=key,
            summary="Looks harmless",
            status="Blocked",
            url=self.url,
            flagged=True,
            reasons=("flagged",),
            blocked_since=NOW - timedelta(days=2),
        )

    async def blocked(self, projects: object, jql: object) -> list[Issue]:
        return [self._issue("PAY-1")]

    async def backlog(self, board: object) -> list[Issue]:
        return [self._issue("PAY-2")]

    async def priorities(self) -> list[str]:
        return ["High"]


def planted_app(tmp_path: Path, url: str) -> CockpitApp:
    workspace = Workspace(
        tz=TZ,
        calendars=[],
        jira=PlantedJira(url),  # type: ignore[arg-type]
        store=Store.open(tmp_path / "data"),
        rules=CompanyRules(domains=("acme.example",)),
        board=7,
        clock=lambda: NOW,
    )
    return CockpitApp(workspace)


@pytest.mark.parametrize("pane", ["blocked", "backlog"])
@pytest.mark.parametrize(
    ("url", "opens"),
    [
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("http://acme.atlassian.net/browse/PAY-1", False),
        ("https://acme.atlassian.net/browse/PAY-1", True),
    ],
)
async def test_the_o_key_opens_only_safe_links(
    tmp_path: Path, browser: RecordingBrowser, pane: str, url: str, opens: bool
) -> None:
    app = planted_app(tmp_path, url)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await synced(app)
        await pilot.pause()
        app.query_one(f"#{pane}").focus()
        await pilot.press("o")
        await pilot.pause()
        toasts = [n.message for n in app._notifications]
    assert browser.called.wait(2 if opens else 0.1) is opens
    assert browser.opened == ([url] if opens else [])
    assert any(m.startswith("Opening" if opens else "Not opened") for m in toasts), toasts


# --- TLS: verification on, a private CA through ca_bundle ---------------------------


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no system CA store trusts, and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def https_jira(self_signed: tuple[Path, Path]):
    """The demo fake Jira served over https on a loopback port."""
    cert, key = self_signed
    fake = demo_jira(date.today())
    server = make_server(fake, 0, rebase=False)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    url = f"https://127.0.0.1:{server.server_address[1]}"
    fake.base_url = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, url
    server.shutdown()
    server.server_close()


async def _no_wait(_seconds: float) -> None:
    return None


def jira_client(url: str, ca_bundle: str | None) -> JiraClient:
    site = JiraSite(url, "cloud", "pm@acme.example", "not-a-real-token", ca_bundle=ca_bundle)
    return JiraClient(build_http_client(site, timeout=5), site, policy=RetryPolicy(sleep=_no_wait))


async def test_an_untrusted_certificate_is_refused(https_jira) -> None:
    fake, url = https_jira
    client = jira_client(url, None)
    try:
        with pytest.raises(SourceError) as caught:
            await client.backlog(fake.board_id)
    finally:
        await client.http.aclose()
    assert "certificate" in str(caught.value).lower(), str(caught.value)
    assert not fake.requests, "a request got through an unverified TLS connection"


async def test_the_ca_bundle_option_trusts_a_private_ca(https_jira, self_signed) -> None:
    fake, url = https_jira
    client = jira_client(url, str(self_signed[0]))
    try:
        issues = await client.backlog(fake.board_id)
    finally:
        await client.http.aclose()
    assert issues and all(i.key.startswith("PAY-") for i in issues)


async def test_ca_bundle_in_config_reaches_the_jira_client(
    https_jira, self_signed, tmp_path: Path
) -> None:
    fake, url = https_jira
    config_path = tmp_path / "config.toml"
    config_path.write_text(
        '[company]\ndomains = ["acme.example"]\n\n'
        f'[jira]\nurl = "{url}"\nflavor = "cloud"\nemail = "pm@acme.example"\n'
        f'board = {fake.board_id}\nprojects = ["PAY"]\nca_bundle = "{self_signed[0]}"\n'
    )
    config = load_config(config_path)
    credentials = MemoryCredentials()
    credentials.set("jira", "not-a-real-token")
    workspace = workspace_from_config(config, credentials=credentials, data_dir=tmp_path / "data")
    try:
        issues = await workspace.fetch_backlog()
    finally:
        await workspace.aclose()
    assert issues
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


@pytest.fixture
def https_feed(self_signed: tuple[Path, Path]):
    """The demo calendar as an ICS feed over https, behind the private CA."""
    cert, key = self_signed
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tz = ZoneInfo("Europe/Lisbon")
    body = demo_calendar_ics(datetime.now(tz).date(), tz).encode()
    with serve_feed(body, tls=context) as url:
        yield url


def calendar_config(tmp_path: Path, url: str, ca_bundle: Path | None) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        'timezone = "Europe/Lisbon"\n[company]\ndomains = ["acme.com"]\n\n'
        f'[[calendars]]\nname = "Work"\nkind = "ics"\nurl = "{url}"\n'
        + (f'ca_bundle = "{ca_bundle}"\n' if ca_bundle else "")
    )
    return path


@pytest.mark.parametrize("trusted", [False, True])
async def test_a_calendar_behind_a_private_ca_is_read_only_with_its_ca_bundle(
    https_feed: str, self_signed: tuple[Path, Path], tmp_path: Path, trusted: bool
) -> None:
    config = load_config(calendar_config(tmp_path, https_feed, self_signed[0] if trusted else None))
    workspace = workspace_from_config(
        config, credentials=MemoryCredentials(), data_dir=tmp_path / "data"
    )
    try:
        agenda, errors = await workspace.fetch_agenda(workspace.today())
    finally:
        await workspace.aclose()
    if trusted:
        assert not errors and agenda.meetings
    else:
        assert errors and "certificate" in str(errors[0]).lower(), errors


async def test_doctor_probes_a_calendar_through_its_ca_bundle(
    https_feed: str, self_signed: tuple[Path, Path], tmp_path: Path
) -> None:
    config = load_config(calendar_config(tmp_path, https_feed, self_signed[0]))
    check = await check_calendar(config.calendars[0], MemoryCredentials())
    assert check.status == "OK" and "feed answers" in check.message, check

"""Jira and calendars over https: certificates verified, a private CA only through
the `ca_bundle` option, never by turning verification off.

A certificate for 127.0.0.1 made with openssl, the fake Jira and an ICS feed served
with it on loopback ports.
"""

from __future__ import annotations

import shutil
import ssl
import stat
import subprocess
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.feed_server import serve_feed

from cockpit.cli.doctor import check_calendar
from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.demo.calendar_data import demo_calendar_ics
from cockpit.fakejira.core import FakeJira
from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import make_server
from cockpit.sources.errors import SourceError
from cockpit.sources.http import RetryPolicy
from cockpit.sources.jira import JiraClient
from cockpit.sources.jira_site import JiraSite, build_http_client
from cockpit.sync.wiring import workspace_from_config


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
def https_jira(self_signed: tuple[Path, Path]) -> Iterator[tuple[FakeJira, str]]:
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


async def test_an_untrusted_certificate_is_refused(https_jira: tuple[FakeJira, str]) -> None:
    fake, url = https_jira
    client = jira_client(url, None)
    try:
        with pytest.raises(SourceError) as caught:
            await client.backlog(fake.board_id)
    finally:
        await client.http.aclose()
    assert "certificate" in str(caught.value).lower(), str(caught.value)
    assert not fake.requests, "a request got through an unverified TLS connection"


async def test_the_ca_bundle_option_trusts_a_private_ca(
    https_jira: tuple[FakeJira, str], self_signed: tuple[Path, Path]
) -> None:
    fake, url = https_jira
    client = jira_client(url, str(self_signed[0]))
    try:
        issues = await client.backlog(fake.board_id)
    finally:
        await client.http.aclose()
    assert issues and all(i.key.startswith("PAY-") for i in issues)


async def test_ca_bundle_in_config_reaches_the_jira_client(
    https_jira: tuple[FakeJira, str], self_signed: tuple[Path, Path], tmp_path: Path
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
def https_feed(self_signed: tuple[Path, Path]) -> Iterator[str]:
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

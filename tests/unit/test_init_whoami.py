"""`cockpit init --sign-in`: the signed-in account's address lands in `[company] user_emails`.

Google and Microsoft are the in-memory fakes (tests/support/fakes) behind
httpx.MockTransport, put where `cockpit auth` tests put them (`probes.calendar_http`).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from support.fakes.google_calendar import FakeGoogle
from support.fakes.graph_calendar import FakeGraph

from cockpit.cli.setup import init as setup_init
from cockpit.cli.setup import probes
from cockpit.cli.setup.answers import Answers
from cockpit.cli.setup.whoami import add_user_emails, address_of, signed_in_address
from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.config.prompt import Terminal
from cockpit.config.schema import CalendarConfig
from cockpit.sources.errors import SourceError


def init_args(config: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    setup_init.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["init", *argv])
    args.config = str(config)
    return args


def run_init(
    tmp_path: Path, fake: FakeGraph, *flags: str
) -> tuple[int, list[str], MemoryCredentials]:
    said: list[str] = []
    creds = MemoryCredentials()
    term = Terminal(interactive=False, stdin=io.StringIO(""), out=said.append)
    spec = f"Outlook={fake.client_id}"
    args = init_args(tmp_path / "c.toml", "--domain", "acme.com", "--microsoft", spec, *flags)
    return setup_init.run(args, credentials=creds, terminal=term), said, creds


def test_a_microsoft_sign_in_during_init_adds_the_users_mail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeGraph(device_interval=0)
    monkeypatch.setattr(probes, "calendar_http", lambda timeout=30.0: fake.client())
    status, said, creds = run_init(tmp_path, fake, "--sign-in")
    assert status == 0, said
    config = load_config(tmp_path / "c.toml")
    assert config.company.user_emails == ("pat.morgan@acme.com",)
    assert any("Signed in as pat.morgan@acme.com" in line for line in said)
    me = [r for r in fake.requests if r.url.path == "/v1.0/me"]
    assert me and me[0].url.params["$select"] == "mail,userPrincipalName"
    refresh = creds.get("microsoft:Outlook")  # the rotated token, the one that still works
    assert refresh in fake.refresh_tokens


def test_without_sign_in_init_asks_no_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeGraph(device_interval=0)
    monkeypatch.setattr(probes, "calendar_http", lambda timeout=30.0: fake.client())
    status, said, _ = run_init(tmp_path, fake)
    assert status == 0 and not fake.requests
    assert load_config(tmp_path / "c.toml").company.user_emails == ()
    assert any("Sign in later with: cockpit auth Outlook" in line for line in said)


def test_a_refused_me_falls_back_to_the_calendar_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeGraph(device_interval=0, me_status=403)
    monkeypatch.setattr(probes, "calendar_http", lambda timeout=30.0: fake.client())
    status, said, _ = run_init(tmp_path, fake, "--sign-in")
    assert status == 0, said
    assert load_config(tmp_path / "c.toml").company.user_emails == ("pat.morgan@acme.com",)


def test_a_failure_to_ask_is_one_line_and_init_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeGraph(device_interval=0, me={"displayName": "Pat"})  # no address anywhere
    monkeypatch.setattr(probes, "calendar_http", lambda timeout=30.0: fake.client())
    status, said, creds = run_init(tmp_path, fake, "--sign-in")
    assert status == 0, said
    assert load_config(tmp_path / "c.toml").company.user_emails == ()
    failed = [line for line in said if "Could not ask microsoft who you are" in line]
    assert len(failed) == 1 and "\n" not in failed[0]
    assert creds.get("microsoft:Outlook") in fake.refresh_tokens  # the sign-in is kept


def test_a_declined_sign_in_writes_the_config_without_a_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeGraph(device_interval=0, device_script=["authorization_declined"])
    monkeypatch.setattr(probes, "calendar_http", lambda timeout=30.0: fake.client())
    status, said, creds = run_init(tmp_path, fake, "--sign-in")
    assert status == 0
    assert creds.get("microsoft:Outlook") is None
    assert any("Sign in later with: cockpit auth Outlook" in line for line in said)


async def test_google_names_the_user_by_the_primary_calendars_id() -> None:
    fake = FakeGoogle(user_email="PM@Example.org")
    cal = CalendarConfig(name="Work", kind="google", client_id=fake.client_id)
    creds = MemoryCredentials({"google:Work": "1//refresh-google"})
    creds.set("google_client:Work", "installed-app-secret")
    async with fake.client() as http:
        assert await signed_in_address(http, cal, creds) == "pm@example.org"
    assert [r.url.path for r in fake.requests if r.method == "GET"] == [
        "/calendar/v3/calendars/primary"
    ]


async def test_an_expired_google_token_is_a_source_error() -> None:
    fake = FakeGoogle()
    cal = CalendarConfig(name="Work", kind="google", client_id=fake.client_id)
    creds = MemoryCredentials({"google:Work": "1//not-a-token"})
    async with fake.client() as http:
        with pytest.raises(SourceError):
            await signed_in_address(http, cal, creds)


def test_addresses_are_lower_cased_kept_once_and_only_addresses() -> None:
    answers = Answers()
    answers.document["company"] = {"domains": ["acme.com"], "user_emails": ["pm@acme.com"]}
    added = add_user_emails(answers, "PM@acme.com", "Pat@Acme.com", "pat@acme.com", "pm", None)
    assert added == ["pat@acme.com"]
    assert answers.document["company"]["user_emails"] == ["pm@acme.com", "pat@acme.com"]
    assert address_of("pm") is None and address_of("a@b") is None
    assert address_of("x" * 250 + "@acme.com") is None
    empty = Answers()
    assert add_user_emails(empty, "caldav-user") == [] and empty.document == {"company": {}}

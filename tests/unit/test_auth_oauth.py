"""`cockpit auth NAME` for a Microsoft 365 calendar: the device code flow, end to end.

Graph's sign-in endpoints are played by the fake (tests/support/fakes/graph_calendar.py);
the test checks what the user is told and what lands in the credential store.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from support.fakes.graph_calendar import FakeGraph

from cockpit.cli.setup import auth as setup_auth
from cockpit.cli.setup import probes as setup_checks
from cockpit.config.credentials import MemoryCredentials
from cockpit.config.prompt import Terminal


def auth_args(tmp_path: Path, client_id: str) -> argparse.Namespace:
    config = tmp_path / "config.toml"
    config.write_text(
        '[company]\ndomains = ["acme.com"]\n'
        f'[[calendars]]\nname = "Outlook"\nkind = "microsoft"\nclient_id = "{client_id}"\n'
    )
    parser = argparse.ArgumentParser()
    setup_auth.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["auth", "Outlook"])
    args.config = str(config)
    return args


def test_auth_signs_in_with_a_device_code_and_stores_the_refresh_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeGraph(device_interval=0, device_script=["authorization_pending", "approve"])
    monkeypatch.setattr(setup_checks, "calendar_http", lambda timeout=30.0: fake.client())
    creds = MemoryCredentials()
    said: list[str] = []
    term = Terminal(interactive=False, stdin=io.StringIO(""), out=said.append)
    assert (
        setup_auth.run(auth_args(tmp_path, fake.client_id), credentials=creds, terminal=term) == 0
    )
    shown = "\n".join(said)
    assert "FKXQ-7RZT" in shown and "microsoft.com/devicelogin" in shown
    refresh = creds.get("microsoft:Outlook")
    assert refresh and refresh in fake.refresh_tokens
    assert refresh not in shown  # the token itself is never printed


def test_a_declined_sign_in_stores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeGraph(device_interval=0, device_script=["authorization_declined"])
    monkeypatch.setattr(setup_checks, "calendar_http", lambda timeout=30.0: fake.client())
    creds = MemoryCredentials()
    said: list[str] = []
    term = Terminal(interactive=False, stdin=io.StringIO(""), out=said.append)
    assert (
        setup_auth.run(auth_args(tmp_path, fake.client_id), credentials=creds, terminal=term) == 1
    )
    assert creds.get("microsoft:Outlook") is None
    assert any("FAIL" in line for line in said)

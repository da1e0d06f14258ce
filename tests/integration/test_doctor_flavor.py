"""A valid token sent the wrong way (a Data Center site configured as Cloud, or the
reverse): `cockpit doctor` and `cockpit auth` ask the server what it is and say to
fix the flavor, not to replace the token."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from support.live_servers import EMAIL, TOKEN, LiveJira

from cockpit.cli import doctor
from cockpit.cli.setup import auth
from cockpit.config.credentials import MemoryCredentials
from cockpit.config.prompt import Terminal


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCKPIT_DATA_DIR", str(tmp_path / "data"))


def config(tmp_path: Path, url: str, flavor: str, email: str | None) -> Path:
    path = tmp_path / "config.toml"
    sign_in = f'email = "{email}"\n' if email else ""
    path.write_text(
        '[company]\ndomains = ["acme.com"]\n'
        f'[jira]\nurl = "{url}"\nflavor = "{flavor}"\n{sign_in}board = 42\n'
    )
    return path


def jira_line(path: Path) -> str:
    lines: list[str] = []
    args = argparse.Namespace(config=str(path))
    doctor.run(args, credentials=MemoryCredentials({"jira": TOKEN}), out=lines.append)
    return next(line for line in lines if line[6:].startswith("jira "))


def test_a_datacenter_site_configured_as_cloud_is_told_to_fix_the_flavor(
    jira_dc: LiveJira, tmp_path: Path
) -> None:
    line = jira_line(config(tmp_path, jira_dc.url, "cloud", EMAIL))
    assert line.startswith("FAIL")
    assert "Jira Data Center answers" in line and 'set flavor = "datacenter"' in line
    assert "cockpit auth jira" not in line and "token is probably fine" in line


def test_a_cloud_site_configured_as_datacenter_is_told_the_flavor_and_email(
    jira: LiveJira, tmp_path: Path
) -> None:
    line = jira_line(config(tmp_path, jira.url, "datacenter", None))
    assert 'set flavor = "cloud" and email = your sign-in address' in line


def test_a_wrong_token_on_the_right_flavor_is_still_a_token_problem(
    jira_dc: LiveJira, tmp_path: Path
) -> None:
    path = config(tmp_path, jira_dc.url, "datacenter", None)
    lines: list[str] = []
    args = argparse.Namespace(config=str(path))
    doctor.run(args, credentials=MemoryCredentials({"jira": "wrong"}), out=lines.append)
    line = next(line for line in lines if line[6:].startswith("jira "))
    assert line.startswith("FAIL") and "cockpit auth jira" in line and "flavor" not in line


def test_auth_test_says_the_same(jira_dc: LiveJira, tmp_path: Path) -> None:
    said: list[str] = []
    args = argparse.Namespace(
        config=str(config(tmp_path, jira_dc.url, "cloud", EMAIL)),
        source="jira", test=True, forget=False, stdin=False,
    )  # fmt: skip
    term = Terminal(interactive=False, out=said.append)
    status = auth.run(args, credentials=MemoryCredentials({"jira": TOKEN}), terminal=term)
    assert status == 1 and 'set flavor = "datacenter"' in said[-1]

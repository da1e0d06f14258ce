"""Setup on a machine with no keyring (SSH, headless), in real `cockpit` processes.

`PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring` is such a machine. `cockpit
init` says there is no keyring before it asks for any secret, then either prints the
`export` lines to add (placeholders, never the secret) or keeps the secrets in the
encrypted file keyring (`--keyring file`, a passphrase); the next commands read them.
`cockpit doctor` names the backend in use. The interactive run goes through a real
pseudo-terminal, answering each question as a person would.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.live_servers import BOARD, EMAIL, TOKEN, LiveJira
from support.paths import ROOT
from support.setup_process import NO_KEYRING, PASSPHRASE, Pty, cockpit, machine

from cockpit.config.loader import load_config

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a pseudo-terminal, Linux")


def init_flags(jira: LiveJira) -> list[str]:
    return [
        "init", "--jira-url", jira.url, "--jira-email", EMAIL, "--jira-token-stdin",
        "--board", str(BOARD), "--project", "PAY", "--domain", "acme.com",
    ]  # fmt: skip


def test_init_says_there_is_no_keyring_first_and_prints_the_lines_to_export(
    jira: LiveJira, tmp_path: Path
) -> None:
    env = machine(tmp_path)
    init = cockpit(env, *init_flags(jira), stdin=f"{TOKEN}\n")
    assert init.returncode == 0, init.stderr
    lines = init.stdout.splitlines()
    said = next(i for i, line in enumerate(lines) if line.startswith("No keyring on this machine"))
    signed_in = next(i for i, line in enumerate(lines) if "Signed in as Pat Morgan" in line)
    assert said < signed_in and NO_KEYRING in lines[said]
    exports = [line.strip() for line in lines if line.strip().startswith("export ")]
    assert exports == ["export COCKPIT_JIRA_TOKEN='<your Jira API token or personal access token>'"]
    config = Path(env["COCKPIT_CONFIG"])
    assert load_config(config).keyring == "system" and TOKEN not in config.read_text()

    # doing what it said: the variable set, the cockpit works
    doctor = cockpit({**env, "COCKPIT_JIRA_TOKEN": TOKEN}, "doctor")
    keyring = next(line for line in doctor.stdout.splitlines() if line[6:].startswith("keyring"))
    assert keyring.startswith("WARN") and NO_KEYRING in keyring  # fine headless, and named
    backlog = cockpit({**env, "COCKPIT_JIRA_TOKEN": TOKEN}, "backlog", "--json")
    assert backlog.returncode == 0, backlog.stderr
    assert [i["key"] for i in json.loads(backlog.stdout)] == jira.fake.backlog_keys()


def test_init_keyring_file_stores_the_secrets_encrypted_for_the_next_commands(
    jira: LiveJira, tmp_path: Path
) -> None:
    env = machine(tmp_path, COCKPIT_KEYRING_PASSPHRASE=PASSPHRASE)
    init = cockpit(env, *init_flags(jira), "--keyring", "file", stdin=f"{TOKEN}\n")
    assert init.returncode == 0, init.stderr
    secrets = tmp_path / "data" / "secrets.cfg"
    assert f"Secrets go to the encrypted file {secrets}" in init.stdout
    assert "export " not in init.stdout
    assert load_config(Path(env["COCKPIT_CONFIG"])).keyring == "file"
    assert secrets.stat().st_mode & 0o077 == 0 and TOKEN not in secrets.read_text()

    doctor = cockpit(env, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    keyring = next(line for line in doctor.stdout.splitlines() if line[6:].startswith("keyring"))
    assert keyring.startswith("OK") and "keyrings.alt.file.EncryptedKeyring" in keyring
    assert str(secrets) in keyring
    backlog = cockpit(env, "backlog", "--json")
    assert [i["key"] for i in json.loads(backlog.stdout)] == jira.fake.backlog_keys()

    wrong = cockpit({**env, "COCKPIT_KEYRING_PASSPHRASE": "not it"}, "backlog")
    assert wrong.returncode == 1 and wrong.stdout == ""
    (line,) = wrong.stderr.splitlines()
    assert "wrong passphrase" in line and "COCKPIT_KEYRING_PASSPHRASE" in line
    assert not list(tmp_path.glob("cockpit-crash-*"))


def test_keyrings_alt_is_never_picked_without_being_chosen(tmp_path: Path) -> None:
    env = machine(tmp_path)
    del env["PYTHON_KEYRING_BACKEND"]
    script = (
        "from cockpit.config.credentials import system_backend\n"
        "b = system_backend()\n"
        "print(' '.join(type(x).__module__ for x in [b, *getattr(b, 'backends', [])]))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert found.returncode == 0, found.stderr
    modules = found.stdout.split()
    assert modules and not any(m.startswith("keyrings.alt") for m in modules), modules


def test_init_in_a_terminal_warns_before_any_question_and_keeps_secrets_in_the_file(
    jira: LiveJira, tmp_path: Path
) -> None:
    env = machine(tmp_path)
    term = Pty([sys.executable, "-m", "cockpit", "init"], env)
    try:
        term.expect(r"Keep the secrets in \[file\]: ")
        first = term.text
        assert "No keyring on this machine" in first and NO_KEYRING in first
        assert "Jira site URL" not in first and "token" not in first.lower()
        term.answer(r"Keep the secrets in \[file\]: ", "file")
        term.answer(r"New passphrase: ", PASSPHRASE)
        term.answer(r"The same passphrase again: ", PASSPHRASE)
        term.answer(r"Jira site URL: ", jira.url)
        term.answer(r"Jira email: ", EMAIL)
        term.answer(r"Jira API token: ", TOKEN)
        term.answer(r"Board \[1\]: ", "")  # the demo site has two boards: the first
        term.answer(r"Projects for the Blocked pane: ", "PAY")
        term.answer(r"Another Jira site: ", "")  # one site is enough
        term.answer(r"Company email domains \[acme.com\]: ", "")
        term.answer(r"Add a calendar \[done\]: ", "")
        term.answer(r"Time zone: ", "Europe/Lisbon")
        term.expect(r"Wrote .*config\.toml")
        assert TOKEN not in term.text and PASSPHRASE not in term.text
    except BaseException:
        term.process.kill()
        raise
    finally:
        status = term.close()
    assert status == 0, term.text
    assert load_config(Path(env["COCKPIT_CONFIG"])).keyring == "file"
    backlog = cockpit({**env, "COCKPIT_KEYRING_PASSPHRASE": PASSPHRASE}, "backlog", "--json")
    assert backlog.returncode == 0, backlog.stderr
    assert [i["key"] for i in json.loads(backlog.stdout)] == jira.fake.backlog_keys()


def test_system_deps_installs_what_the_secret_service_tests_need() -> None:
    """CI runs `make test` (scripts/system-deps.sh first): a binary the Secret Service
    tests need that the script does not install would make them skip there."""
    from support.secret_service import BINARIES

    script = (ROOT / "scripts" / "system-deps.sh").read_text()
    checked = set(re.findall(r"command -v (\S+) >/dev/null \|\| need\+=\(\S+\)", script))
    assert set(BINARIES) <= checked, set(BINARIES) - checked
    assert "need+=(libsecret-tools)" in script  # Debian's package for secret-tool

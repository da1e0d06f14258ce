"""`cockpit init` with several Jira sites, in real `cockpit` processes: a Cloud site
and a Data Center site (each a fake Jira on loopback), from flags and from the
questions in a pseudo-terminal. Each site's token is kept apart (`jira`, `jira:ops`,
here in the encrypted file keyring), the config gets named `[[jira]]` tables, and
`cockpit doctor` then signs in to every site."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support.live_servers import BOARD, EMAIL, TOKEN, LiveJira
from support.setup_process import PASSPHRASE, Pty, cockpit, machine

from cockpit.config.loader import load_config

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a pseudo-terminal, Linux")


def doctor_lines(env: dict[str, str]) -> list[str]:
    doctor = cockpit(env, "doctor")
    return [line for line in doctor.stdout.splitlines() if line[6:].startswith("jira")]


def test_flags_add_a_data_center_site_with_its_own_token(
    jira: LiveJira, jira_dc: LiveJira, tmp_path: Path
) -> None:
    jira_dc.fake.token = "ops-pat"  # the second site takes only its own token
    env = machine(tmp_path, COCKPIT_KEYRING_PASSPHRASE=PASSPHRASE)
    init = cockpit(
        env,
        "init", "--keyring", "file", "--jira-url", jira.url, "--jira-email", EMAIL,
        "--jira-token-stdin", "--board", str(BOARD), "--project", "PAY", "--domain", "acme.com",
        "--jira-name", "pay", "--jira-site", f"ops={jira_dc.url}", "--site-board", "ops=57",
        stdin=f"{TOKEN}\nops-pat\n",
    )  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    assert "ops-pat" not in init.stdout + init.stderr
    path = Path(env["COCKPIT_CONFIG"])
    text = path.read_text()
    assert text.count("[[jira]]") == 2 and "ops-pat" not in text
    config = load_config(path)
    pay, ops = config.jira_sites
    assert (pay.name, pay.url, pay.flavor, pay.email, pay.board) == (
        "pay", jira.url, "cloud", EMAIL, BOARD,
    )  # fmt: skip
    assert (ops.name, ops.url, ops.flavor, ops.email, ops.board) == (
        "ops", jira_dc.url, "datacenter", None, 57,
    )  # fmt: skip
    assert any(r.path.endswith("/myself") for r in jira_dc.fake.requests)  # tested at once

    lines = doctor_lines(env)
    assert any(line.startswith("OK") and "jira " in line[:12] for line in lines), lines
    ops_lines = [line for line in lines if "jira ops" in line]
    assert ops_lines and all(line.startswith("OK") for line in ops_lines), lines
    assert any("signed in as" in line for line in ops_lines)


def test_a_missing_token_for_another_site_names_its_variable(
    jira: LiveJira, jira_dc: LiveJira, tmp_path: Path
) -> None:
    env = machine(tmp_path, COCKPIT_KEYRING_PASSPHRASE=PASSPHRASE)
    init = cockpit(
        env,
        "init", "--keyring", "file", "--no-input", "--jira-url", jira.url, "--jira-email",
        EMAIL, "--jira-token-env", "MY_TOKEN", "--board", str(BOARD), "--domain", "acme.com",
        "--jira-site", f"ops={jira_dc.url}",
    )  # fmt: skip
    assert init.returncode != 0
    env["MY_TOKEN"] = TOKEN
    init = cockpit(
        env,
        "init", "--keyring", "file", "--no-input", "--jira-url", jira.url, "--jira-email",
        EMAIL, "--jira-token-env", "MY_TOKEN", "--board", str(BOARD), "--domain", "acme.com",
        "--jira-site", f"ops={jira_dc.url}",
    )  # fmt: skip
    assert init.returncode == 2, init.stdout + init.stderr
    assert "COCKPIT_JIRA_TOKEN_OPS" in init.stderr and "'ops'" in init.stderr
    assert not Path(env["COCKPIT_CONFIG"]).exists()  # nothing written


def test_the_questions_add_a_second_site(jira: LiveJira, jira_dc: LiveJira, tmp_path: Path) -> None:
    env = machine(tmp_path)
    term = Pty([sys.executable, "-m", "cockpit", "init"], env)
    try:
        term.answer(r"Keep the secrets in \[file\]: ", "env")
        term.answer(r"Jira site URL: ", jira.url)
        term.answer(r"Jira email: ", EMAIL)
        term.answer(r"Jira API token: ", TOKEN)
        term.answer(r"Board \[1\]: ", "")
        term.answer(r"Projects for the Blocked pane: ", "PAY")
        term.answer(r"Another Jira site: ", "ops")
        term.answer(r"Jira site URL: ", jira_dc.url)  # Data Center is detected
        term.answer(r"Jira personal access token: ", TOKEN)
        term.answer(r"Board \[1\]: ", "2")
        term.answer(r"Projects for the Blocked pane.*: ", "")
        term.answer(r"Another Jira site: ", "")
        term.answer(r"Name of the first site \[main\]: ", "pay")
        term.answer(r"Company email domains \[acme.com\]: ", "")
        term.answer(r"Add a calendar \[done\]: ", "")
        term.answer(r"Time zone: ", "Europe/Lisbon")
        term.expect(r"Wrote .*config\.toml")
        assert TOKEN not in term.text
    except BaseException:
        term.process.kill()
        raise
    finally:
        status = term.close()
    assert status == 0, term.text
    assert "export COCKPIT_JIRA_TOKEN_OPS=" in term.text  # the env plan: its own variable
    assert "export COCKPIT_JIRA_TOKEN=" in term.text
    config = load_config(Path(env["COCKPIT_CONFIG"]))
    assert [(s.name, s.flavor) for s in config.jira_sites] == [
        ("pay", "cloud"),
        ("ops", "datacenter"),
    ]
    assert config.jira_sites[1].board == 57
    lines = doctor_lines({**env, "COCKPIT_JIRA_TOKEN": TOKEN, "COCKPIT_JIRA_TOKEN_OPS": TOKEN})
    assert lines and all(line.startswith("OK") for line in lines), lines

"""`cockpit auth SOURCE`: store (tested first), --test and --forget, against loopback servers."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from support.live_servers import BOARD, EMAIL, TOKEN, LiveJira

from cockpit.cli.setup import auth as setup_auth
from cockpit.config.credentials import EnvFirstCredentials, MemoryCredentials
from cockpit.config.prompt import Terminal


def config_file(tmp_path: Path, jira_url: str, feed: str = "https://cal.example.com/a.ics") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[company]\ndomains = ["acme.com"]\n'
        f'[jira]\nurl = "{jira_url}"\nemail = "{EMAIL}"\nboard = {BOARD}\n'
        '[[calendars]]\nname = "Secret feed"\nkind = "ics"\nsecret_url = true\n'
        f'[[calendars]]\nname = "Public"\nkind = "ics"\nurl = "{feed}"\n'
    )
    return path


def auth(config: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    setup_auth.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["auth", *argv])
    args.config = str(config)
    return args


def piped(text: str, lines: list[str]) -> Terminal:
    return Terminal(interactive=False, stdin=io.StringIO(text), out=lines.append)


def test_store_tests_the_token_then_keeps_it(jira: LiveJira, tmp_path: Path) -> None:
    store, lines = MemoryCredentials(), list[str]()
    args = auth(config_file(tmp_path, jira.url), "jira", "--stdin")
    assert setup_auth.run(args, credentials=store, terminal=piped(TOKEN + "\n", lines)) == 0
    assert store.get("jira") == TOKEN
    assert any("Pat Morgan" in line for line in lines)
    assert not any(TOKEN in line for line in lines)


def test_a_refused_token_is_not_stored(jira: LiveJira, tmp_path: Path) -> None:
    store, lines = MemoryCredentials({"jira": TOKEN}), list[str]()
    args = auth(config_file(tmp_path, jira.url), "jira", "--stdin")
    assert setup_auth.run(args, credentials=store, terminal=piped("typo\n", lines)) == 1
    assert store.get("jira") == TOKEN  # the good one is kept
    assert any("Nothing was stored" in line for line in lines)


def test_test_and_forget(jira: LiveJira, tmp_path: Path) -> None:
    config = config_file(tmp_path, jira.url)
    store, lines = MemoryCredentials({"jira": TOKEN}), list[str]()
    term = Terminal(interactive=False, out=lines.append)
    assert setup_auth.run(auth(config, "jira", "--test"), credentials=store, terminal=term) == 0
    assert lines[-1].startswith("OK")
    assert setup_auth.run(auth(config, "jira", "--forget"), credentials=store, terminal=term) == 0
    assert store.get("jira") is None
    assert setup_auth.run(auth(config, "jira", "--test"), credentials=store, terminal=term) == 1
    assert lines[-1].startswith("FAIL") and "cockpit auth jira" in lines[-1]


def test_forget_says_when_the_environment_still_has_it(jira: LiveJira, tmp_path: Path) -> None:
    creds = EnvFirstCredentials(MemoryCredentials(), {"COCKPIT_JIRA_TOKEN": TOKEN})
    lines: list[str] = []
    term = Terminal(interactive=False, out=lines.append)
    args = auth(config_file(tmp_path, jira.url), "jira", "--forget")
    assert setup_auth.run(args, credentials=creds, terminal=term) == 0
    assert any("$COCKPIT_JIRA_TOKEN is still set" in line for line in lines)


def test_a_secret_feed_url_is_checked_and_stored(
    jira: LiveJira, feed_url: str, tmp_path: Path
) -> None:
    store, lines = MemoryCredentials(), list[str]()
    args = auth(config_file(tmp_path, jira.url), "secret FEED", "--stdin")
    assert setup_auth.run(args, credentials=store, terminal=piped(feed_url + "\n", lines)) == 0
    assert store.get("ics:Secret feed") == feed_url
    assert not any(feed_url in line for line in lines)


def test_public_feed_and_unknown_source(
    jira: LiveJira, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = config_file(tmp_path, jira.url)
    lines: list[str] = []
    term = Terminal(interactive=False, out=lines.append)
    assert (
        setup_auth.run(auth(config, "Public"), credentials=MemoryCredentials(), terminal=term) == 0
    )
    assert "no secret" in lines[-1]
    assert setup_auth.run(auth(config, "Nope"), credentials=MemoryCredentials(), terminal=term) == 2
    err = capsys.readouterr().err
    assert "unknown source 'Nope'" in err and "jira, Secret feed, Public" in err


def test_jira_down_keeps_the_token_but_says_it_was_not_tested(
    jira: LiveJira, tmp_path: Path
) -> None:
    jira.fake.inject(503, path="myself", times=None)
    store, lines = MemoryCredentials(), list[str]()
    args = auth(config_file(tmp_path, jira.url), "jira", "--stdin")
    assert setup_auth.run(args, credentials=store, terminal=piped(TOKEN + "\n", lines)) == 0
    assert store.get("jira") == TOKEN
    assert lines[0].startswith("WARN  could not test it") and "503" in lines[0]
    assert len(jira.fake.requests_to("myself")) == 2  # one retry, then the user is told
    term = Terminal(interactive=False, out=lines.append)
    assert (
        setup_auth.run(auth(args.config, "jira", "--test"), credentials=store, terminal=term) == 1
    )
    assert lines[-1].startswith("FAIL") and "503" in lines[-1]

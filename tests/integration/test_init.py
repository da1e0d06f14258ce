"""`cockpit init` from flags and from scripted answers, against the fake Jira on loopback.

The fake (`cockpit.fakejira`, the demo dataset) runs on 127.0.0.1; CalDAV is a real
Radicale.
"""

from __future__ import annotations

import argparse
import io
import stat
from pathlib import Path

import pytest
from support.live_servers import (
    BOARD,
    EMAIL,
    TOKEN,
    LiveJira,
)
from support.radicale_server import Radicale, mkcalendar

from cockpit.cli.setup import init as setup_init
from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.config.prompt import Terminal

BOARDS = [(7, "PAY board"), (9, "Growth"), (BOARD, "Payments team"), (51, "PLAT board")]


def init_args(config: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    setup_init.register(sub)
    args = parser.parse_args(["init", *argv])
    args.config = str(config)
    return args


def test_flags_write_a_cloud_config_and_keep_the_token_in_the_keyring(
    jira: LiveJira,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    jira.offer_boards(BOARDS)
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
        "plat board",
    )
    assert setup_init.run(args, credentials=store) == 0
    config = load_config(path)
    assert config.jira is not None
    assert (config.jira.url, config.jira.flavor, config.jira.email) == (jira.url, "cloud", EMAIL)
    # the board on the second page of the list; its project key read from its name
    assert config.jira.board == 51 and config.jira.projects == ("PLAT",)
    assert config.company.domains == ("acme.com",)  # from the email
    assert store.get("jira") == TOKEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert TOKEN not in path.read_text() and TOKEN not in capsys.readouterr().out
    assert "/rest/api/3/myself" in jira.paths()


def test_data_center_is_detected_and_uses_a_bearer_pat(jira_dc: LiveJira, tmp_path: Path) -> None:
    jira_dc.offer_boards(BOARDS)
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
    myself = jira_dc.fake.requests_to(r"^/rest/api/2/myself$")
    assert myself and myself[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_a_refused_token_writes_nothing_and_stores_nothing(
    jira: LiveJira,
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


def test_a_site_that_is_not_jira_asks_for_the_flavor_flag(
    jira: LiveJira, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.fake.inject(404, path="serverInfo", times=None)
    store = MemoryCredentials({"jira": TOKEN})
    flags: tuple[str, ...] = ("--no-input", "--jira-url", jira.url, "--jira-email", EMAIL)
    assert setup_init.run(init_args(tmp_path / "c.toml", *flags), credentials=store) == 1
    err = capsys.readouterr().err.strip()
    assert "did not answer like Jira" in err and "--jira-flavor" in err and "\n" not in err
    assert not (tmp_path / "c.toml").exists()
    flags += ("--jira-flavor", "cloud", "--board", str(BOARD))  # (the demo site has two)
    assert setup_init.run(init_args(tmp_path / "c.toml", *flags), credentials=store) == 0
    assert load_config(tmp_path / "c.toml").jira.board == BOARD  # type: ignore[union-attr]


def test_an_existing_config_is_kept_unless_yes(
    jira: LiveJira, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n")
    store = MemoryCredentials({"jira": TOKEN})
    flags = ("--no-input", "--jira-url", jira.url, "--jira-email", EMAIL, "--board", str(BOARD))
    assert setup_init.run(init_args(path, *flags), credentials=store) == 2
    assert path.read_text() == "# mine\n"
    assert "--yes" in capsys.readouterr().err
    assert setup_init.run(init_args(path, *flags, "--yes"), credentials=store) == 0
    assert load_config(path).jira.board == BOARD  # type: ignore[union-attr]


def test_many_boards_without_board_flag_is_one_clear_line(
    jira: LiveJira, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.offer_boards(BOARDS)
    store = MemoryCredentials({"jira": TOKEN})
    args = init_args(tmp_path / "c.toml", "--jira-url", jira.url, "--jira-email", EMAIL)
    assert setup_init.run(args, credentials=store) == 2
    err = capsys.readouterr().err.strip()
    assert "--board is needed" in err and "9 Growth" in err and "\n" not in err


def test_a_bad_time_zone_flag_is_refused_before_anything_is_asked(
    jira: LiveJira, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = ("--jira-url", jira.url, "--jira-email", EMAIL, "--timezone", "Europe/Lisbn")
    args = init_args(tmp_path / "c.toml", *flags)
    assert setup_init.run(args, credentials=MemoryCredentials({"jira": TOKEN})) == 2
    err = capsys.readouterr().err
    assert "--timezone: expected an IANA time zone" in err and "Traceback" not in err
    assert jira.fake.requests == [] and not (tmp_path / "c.toml").exists()


def test_a_pasted_board_address_chooses_the_board_and_project(
    jira: LiveJira, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.offer_boards(BOARDS)
    store = MemoryCredentials({"jira": TOKEN})
    page = jira.url + "/jira/software/c/projects/gro/boards/9?selectedIssue=GRO-3"
    args = init_args(tmp_path / "c.toml", "--jira-url", page, "--jira-email", EMAIL)
    assert setup_init.run(args, credentials=store) == 0
    config = load_config(tmp_path / "c.toml").jira
    assert config is not None and config.url == jira.url
    assert config.board == 9 and config.projects == ("GRO",)
    assert "Board: Growth (id 9), from the address you gave." in capsys.readouterr().out


def test_http_to_a_remote_host_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
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
    jira: LiveJira, tmp_path: Path, feed_url: str
) -> None:
    jira.offer_boards(BOARDS)
    answers = Script(
        "http://127.0.0.1:9",  # nothing listens there: the address is asked again
        jira.url,  # site (Cloud is detected)
        EMAIL,
        "1",  # the first board listed: PAY board (id 7)
        "",  # projects: keep the one read from the board's name
        "",  # no other Jira site
        "",  # domains: keep the email's
        "ics",  # add a calendar
        "Team",
        feed_url,
        "n",  # the URL is not secret
        "",  # done with calendars
        "Europe/Lisbn",  # a typo is asked again, not a crash at the end
        "Europe/Lisbon",
    )
    secrets = Script("not-it", TOKEN)
    lines: list[str] = []
    term = Terminal(input_fn=answers, secret_fn=secrets, out=lines.append)
    store = MemoryCredentials()
    args = init_args(tmp_path / "config.toml")
    assert setup_init.run(args, credentials=store, terminal=term) == 0
    config = load_config(tmp_path / "config.toml")
    assert config.jira is not None and config.jira.board == 7 and config.jira.projects == ("PAY",)
    assert config.calendars[0].name == "Team" and config.calendars[0].url == feed_url
    assert '\n[[calendars]]\nname = "Team"\n' in (tmp_path / "config.toml").read_text()
    assert config.timezone == "Europe/Lisbon"
    assert store.get("jira") == TOKEN and len(secrets.prompts) == 2
    assert "Projects for the Blocked pane [PAY]: " in answers.prompts
    assert any("127.0.0.1" in line and "Check the address." in line for line in lines)
    assert "  Jira refused that token for pm@acme.com (HTTP 401)." in lines
    assert any("expected an IANA time zone" in line for line in lines)
    assert config.company.user_emails == (EMAIL,)
    assert any("Signed in as Pat Morgan" in line for line in lines)
    assert any("1 event" in line for line in lines)  # the feed was read before it was kept
    assert not any(TOKEN in line for line in lines)


def test_enter_skips_jira_and_keeps_the_system_time_zone(tmp_path: Path) -> None:
    answers = Script("", "acme.com", "", "")  # no Jira, domains, no calendars, time zone
    lines: list[str] = []
    term = Terminal(input_fn=answers, secret_fn=Script(), out=lines.append)
    assert (
        setup_init.run(
            init_args(tmp_path / "c.toml"), credentials=MemoryCredentials(), terminal=term
        )
        == 0
    )
    config = load_config(tmp_path / "c.toml")
    assert config.jira is None and config.timezone is None
    assert config.company.domains == ("acme.com",)
    assert answers.prompts[-1] == "Time zone: " and not answers.answers


def test_caldav_password_from_the_environment_is_tested_against_radicale(
    radicale_server: Radicale,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = MemoryCredentials()
    monkeypatch.setenv("COCKPIT_CALDAV_PASSWORD_HOME_CAL", radicale_server.password)
    spec = f"Home cal={radicale_server.url},{radicale_server.user}"
    args = init_args(tmp_path / "c.toml", "--domain", "acme.com", "--caldav", spec)
    assert setup_init.run(args, credentials=store) == 1  # an account without calendars
    assert "No event calendars" in capsys.readouterr().err
    with radicale_server.client() as dav:
        mkcalendar(dav, f"{radicale_server.url}{radicale_server.user}/init-home/", "Home")
    assert setup_init.run(args, credentials=store) == 0
    assert "1 calendar: Home" in capsys.readouterr().out
    cal = load_config(tmp_path / "c.toml").calendars[0]
    assert (cal.kind, cal.username) == ("caldav", radicale_server.user)
    assert load_config(tmp_path / "c.toml").company.user_emails == ()  # "pm" is no address
    assert store.get("caldav:Home cal") == radicale_server.password

    monkeypatch.setenv("COCKPIT_CALDAV_PASSWORD_HOME_CAL", "wrong")
    args = init_args(tmp_path / "d.toml", "--domain", "acme.com", "--caldav", spec)
    assert setup_init.run(args, credentials=MemoryCredentials()) == 1
    assert not (tmp_path / "d.toml").exists()

"""config.toml: a valid file loads as documented; each kind of mistake is one clear line."""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cockpit.config import schema
from cockpit.config.loader import ConfigError, load_config
from cockpit.config.paths import data_dir, default_config_path, resolve_config_path
from cockpit.config.tz import system_zone
from cockpit.config.writer import write_config

GOOD = """\
timezone = "Europe/Lisbon"

[company]
domains = ["Acme.com", "@acme.io"]
ignore_domains = ["resource.calendar.google.com"]
user_emails = ["PM@Acme.com"]

[customers]
"globex.com" = "Globex"

[jira]
url = "https://acme.atlassian.net/"
flavor = "cloud"
email = "pm@acme.com"
board = 42
projects = ["pay", "GRO"]
timeout = 20

[[calendars]]
name = "Work"
kind = "google"
client_id = "123.apps.googleusercontent.com"

[[calendars]]
name = "Team feed"
kind = "ics"
url = "webcal://calendar.example.com/team.ics"

[[calendars]]
name = "Home"
kind = "caldav"
url = "http://127.0.0.1:5232/"
username = "pm"

[[calendars]]
name = "Private"
kind = "ics"
secret_url = true

[keymap]
move_down = "J, shift+down"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_a_documented_config_loads_normalised(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.tz() == ZoneInfo("Europe/Lisbon")
    assert config.company.domains == ("acme.com", "acme.io")
    assert config.company.user_emails == ("PM@acme.com",)
    assert dict(config.customers) == {"globex.com": "Globex"}
    assert config.jira is not None and config.jira.projects == ("PAY", "GRO")
    assert config.jira.timeout == 20.0 and config.jira.board == 42
    work, feed, home, private = config.calendars
    assert (work.calendar_id, work.client_id) == ("primary", "123.apps.googleusercontent.com")
    assert feed.url == "https://calendar.example.com/team.ics"
    assert home.url == "http://127.0.0.1:5232/" and home.username == "pm"
    assert private.secret_url and private.url is None
    assert dict(config.keymap) == {"move_down": "J,shift+down"}
    assert config.calendar("team FEED") is feed


def test_a_minimal_config_needs_only_the_company(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[company]\ndomains = ["acme.com"]\n'))
    assert config.jira is None and config.calendars == () and config.timezone is None
    assert isinstance(config.tz(), ZoneInfo)


BASE = '[company]\ndomains = ["acme.com"]\n'
JIRA = '[jira]\nurl = "https://acme.atlassian.net"\nemail = "pm@acme.com"\nboard = 42\n'

# (id, file text, key named, expectation words)
MISTAKES = [
    ("bad-toml", BASE + "[jira\nurl = 1\n", None, ["line 3", "column", "invalid TOML"]),
    ("unknown-key", BASE + JIRA + 'tokn = "x"\n', "jira.tokn", ["unknown key", "url, board"]),
    ("unknown-top", 'colour = "x"\n' + BASE, "colour", ["unknown key", "timezone"]),
    ("typo-hint", BASE + JIRA.replace("board", "bord"), "jira.bord", ['did you mean "board"']),
    ("wrong-type", BASE + JIRA.replace("42", '"42"'), "jira.board", ["whole number", "string"]),
    ("bool-not-int", BASE + JIRA.replace("42", "true"), "jira.board", ["whole number"]),
    ("list-type", '[company]\ndomains = "acme.com"\n', "company.domains", ["list of strings"]),
    ("bad-url", BASE + JIRA.replace("https://acme", "ftp://acme"), "jira.url", ["https://"]),
    (
        "http-remote",
        BASE + JIRA.replace("https://acme", "http://acme"),
        "jira.url",
        ["https://", "loopback", "acme.atlassian.net"],
    ),
    ("timezone", 'timezone = "Mars/Olympus"\n' + BASE, "timezone", ["IANA", "Mars/Olympus"]),
    (
        "calendar-kind",
        BASE + '[[calendars]]\nname = "A"\nkind = "ics"\nurl = "https://a.b/c"\n'
        '[[calendars]]\nname = "B"\nkind = "outlook"\n',
        "calendars[1].kind",
        ['"google", "microsoft", "caldav", "ics"', '"outlook"'],
    ),
    ("missing-company", JIRA, "company", ["[company]"]),
    ("missing-board", BASE + JIRA.replace("board = 42\n", ""), "jira.board", ["required"]),
    ("cloud-email", BASE + JIRA.replace('email = "pm@acme.com"\n', ""), "jira.email", ["cloud"]),
    (
        "duplicate",
        BASE + '[[calendars]]\nname = "Work"\nkind = "google"\nclient_id = "x"\n'
        '[[calendars]]\nname = "work"\nkind = "microsoft"\nclient_id = "y"\n',
        "calendars[1].name",
        ["unique", '"Work"'],
    ),
    (
        "wrong-kind-key",
        BASE + '[[calendars]]\nname = "F"\nkind = "ics"\nurl = "https://a.b/c"\nusername = "u"\n',
        "calendars[0].username",
        ["only for kind caldav"],
    ),
    (
        "caldav-user",
        BASE + '[[calendars]]\nname = "H"\nkind = "caldav"\nurl = "https://dav.a.b/"\n',
        "calendars[0].username",
        ["user name"],
    ),
    (
        "secret-and-url",
        BASE
        + '[[calendars]]\nname = "P"\nkind = "ics"\nurl = "https://a.b/c"\nsecret_url = true\n',
        "calendars[0].url",
        ["secret_url"],
    ),
    ("domain", '[company]\ndomains = ["acme"]\n', "company.domains[0]", ["domain such as"]),
    ("keymap", BASE + "[keymap]\nmove_down = 3\n", "keymap.move_down", ["keys such as"]),
    ("ca-bundle", BASE + JIRA + 'ca_bundle = "nope.pem"\n', "jira.ca_bundle", ["existing file"]),
    ("flavor", BASE + JIRA + 'flavor = "server"\n', "jira.flavor", ['"cloud", "datacenter"']),
    # durations: finite and positive
    ("timeout-nan", BASE + JIRA + "timeout = nan\n", "jira.timeout", ["finite", "nan"]),
    ("timeout-inf", BASE + JIRA + "timeout = inf\n", "jira.timeout", ["finite", "inf"]),
    ("timeout--inf", BASE + JIRA + "timeout = -inf\n", "jira.timeout", ["finite"]),
    ("timeout-zero", BASE + JIRA + "timeout = 0\n", "jira.timeout", ["positive", "got 0"]),
    ("timeout-0.0", BASE + JIRA + "timeout = 0.0\n", "jira.timeout", ["positive"]),
    ("timeout-negative", BASE + JIRA + "timeout = -5\n", "jira.timeout", ["positive"]),
    ("timeout-bool", BASE + JIRA + "timeout = true\n", "jira.timeout", ["number of seconds"]),
    # URLs, checked whole
    ("url-space", BASE + JIRA.replace(".net", ".net/ x"), "jira.url", ["a space"]),
    ("url-query", BASE + JIRA.replace(".net", ".net?x=1"), "jira.url", ["?query"]),
    ("url-fragment", BASE + JIRA.replace(".net", ".net/#top"), "jira.url", ["#fragment"]),
    ("url-port", BASE + JIRA.replace(".net", ".net:99999"), "jira.url", ["port"]),
    ("url-host", BASE + JIRA.replace("acme.atlassian", "acme..atlassian"), "jira.url", ["host"]),
    ("url-control", BASE + JIRA.replace(".net", ".net/\\u001b[2J"), "jira.url", ["control"]),
    ("url-bidi", BASE + JIRA.replace(".net", ".net/\\u202e"), "jira.url", ["control"]),
    ("url-user", BASE + JIRA.replace("https://", "https://pm@"), "jira.url", ["user name"]),
    (
        "caldav-query",
        BASE + '[[calendars]]\nname = "H"\nkind = "caldav"\nurl = "https://dav.a.b/?x=1"\n'
        'username = "pm"\n',
        "calendars[0].url",
        ["?query"],
    ),
    (
        "feed-space",
        BASE + '[[calendars]]\nname = "F"\nkind = "ics"\nurl = "https://a.b/c d.ics"\n',
        "calendars[0].url",
        ["a space"],
    ),
    # keymap: known ids, no key bound twice where both would act
    (
        "keymap-unknown-id",
        BASE + '[keymap]\nmove_dwon = "j"\n',
        "keymap.move_dwon",
        ['did you mean "move_down"', "focus_today, focus_calls", "move_down", "priority"],
    ),
    (
        "keymap-pane-and-app",
        BASE + '[keymap]\nmove_down = "q"\n',
        "keymap",
        ["'q' is bound to both move_down and quit", "Backlog"],
    ),
    (
        "keymap-app-and-app",
        BASE + '[keymap]\nrefresh = "1"\n',
        "keymap",
        ["'1' is bound to both focus_today and refresh", "every pane"],
    ),
    (
        "keymap-as-textual-names-keys",
        BASE + '[keymap]\nrefresh = "?"\n',
        "keymap",
        ["'question_mark' is bound to both help and refresh"],
    ),
    (
        "keymap-in-a-dialog",
        BASE + '[keymap]\nsave_note = "escape"\n',
        "keymap",
        ["'escape' is bound to both cancel_note and save_note", "note editor"],
    ),
    (
        "keymap-built-in",
        BASE + '[keymap]\nmove_down = "tab"\n',
        "keymap",
        ["'tab'", "next pane", "move_down"],
    ),
    ("keymap-blank-key", BASE + '[keymap]\nhelp = "f1, "\n', "keymap.help", ["comma-separated"]),
    # endpoints of google/microsoft calendars, and reminders
    (
        "api-url-plain-http",
        BASE + '[[calendars]]\nname = "G"\nkind = "google"\nclient_id = "c"\n'
        'api_url = "http://graph.example.com/v1.0"\n',
        "calendars[0].api_url",
        ["plain http:// is allowed only for loopback"],
    ),
    (
        "authority-on-google",
        BASE + '[[calendars]]\nname = "G"\nkind = "google"\nclient_id = "c"\n'
        'authority = "https://login.microsoftonline.us"\n',
        "calendars[0].authority",
        ["only for kind microsoft"],
    ),
    (
        "api-url-with-query",
        BASE + '[[calendars]]\nname = "M"\nkind = "microsoft"\nclient_id = "c"\n'
        'api_url = "https://graph.microsoft.us/v1.0?x=1"\n',
        "calendars[0].api_url",
        ["without ?query"],
    ),
    ("reminders-words", BASE + '[reminders]\nminutes_before = ["5"]\n',
     "reminders.minutes_before[0]", ["expected"]),
    ("reminders-a-day-at-most", BASE + '[reminders]\nminutes_before = [5, 2000]\n',
     "reminders.minutes_before[1]", ["minutes from 1 to 1440"]),
    ("reminders-unknown", BASE + '[reminders]\nminutes = [5]\n', "reminders.minutes", []),
]  # fmt: skip


def test_endpoints_and_reminders_load(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            BASE + "[reminders]\nminutes_before = [2, 10, 2]\n"
            '[[calendars]]\nname = "M"\nkind = "microsoft"\nclient_id = "c"\n'
            'api_url = "https://graph.microsoft.us/v1.0/"\n'
            'authority = "https://login.microsoftonline.us"\n'
            '[[calendars]]\nname = "G"\nkind = "google"\nclient_id = "c"\n'
            'api_url = "http://127.0.0.1:8080/calendar/v3"\ntoken_url = "http://[::1]:9/token"\n',
        )
    )
    assert config.reminders.minutes_before == (10, 2)
    assert load_config(write(tmp_path, BASE)).reminders.minutes_before == (5,)
    from cockpit.sync.endpoints import api_url, google_endpoints, microsoft_endpoints

    office, google = config.calendars
    assert api_url(office) == "https://graph.microsoft.us/v1.0"
    endpoints = microsoft_endpoints(office)
    assert endpoints.token_url("common") == (
        "https://login.microsoftonline.us/common/oauth2/v2.0/token"
    )
    assert endpoints.scope == "offline_access https://graph.microsoft.us/Calendars.Read"
    assert google_endpoints(google).token_url == "http://[::1]:9/token"
    assert api_url(google) == "http://127.0.0.1:8080/calendar/v3"


@pytest.mark.parametrize(
    ("text", "key", "words"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_is_one_line_naming_file_key_and_expectation(
    tmp_path: Path, text: str, key: str | None, words: list[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    if key is not None:
        assert f": {key}: " in message and caught.value.key == key
    for word in words:
        assert word in message, message


def test_edge_values_that_are_fine(tmp_path: Path) -> None:
    text = (
        BASE
        + JIRA.replace(".net", ".net:8443/jira")
        + "timeout = 0.5\n"
        + '[[calendars]]\nname = "F"\nkind = "ics"\nurl = "https://a.b/f.ics?token=1#x"\n'
        + '[keymap]\nrefresh = "f5"\nquit = "r"\nmove_down = "j,shift+down"\nhelp = "?"\n'
        + 'close_help = "escape"\nclose_detail = "escape,q"\n'
    )
    config = load_config(write(tmp_path, text))
    assert config.jira is not None and config.jira.timeout == 0.5
    assert config.jira.url == "https://acme.atlassian.net:8443/jira"
    assert config.calendars[0].url == "https://a.b/f.ics?token=1"  # a feed keeps its query
    assert config.keymap["quit"] == "r" and config.keymap["help"] == "question_mark"


def test_a_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cockpit init"):
        load_config(tmp_path / "absent.toml")


def test_credentials_in_a_url_are_refused_and_not_echoed(tmp_path: Path) -> None:
    text = BASE + '[[calendars]]\nname = "F"\nkind = "ics"\nurl = "https://me:hunter2@a.b/x.ics"\n'
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert "hunter2" not in str(caught.value) and "calendars[0].url" in str(caught.value)


def test_every_key_is_documented() -> None:
    rows = list(schema.describe())
    assert {key for key, _, _ in rows} >= {
        "timezone", "company.domains", "company.ignore_domains", "company.user_emails",
        "jira.url", "jira.flavor", "jira.email", "jira.board", "jira.projects",
        "jira.blocked_jql", "jira.ca_bundle", "jira.timeout", "calendars[].name",
        "calendars[].kind", "calendars[].url", "calendars[].username", "calendars[].secret_url",
        "calendars[].calendar_id", "calendars[].client_id", "calendars[].tenant",
        "calendars[].ca_bundle", "keymap",
    }  # fmt: skip
    assert all(len(doc) > 15 for _, _, doc in rows)
    params = getattr(schema.Config, "__dataclass_params__", None)
    assert dataclasses.is_dataclass(schema.Config) and params is not None and params.frozen


def test_written_config_is_private_and_round_trips(tmp_path: Path) -> None:
    document = {"company": {"domains": ["acme.com"]}, "timezone": "UTC"}
    path = write_config(tmp_path / "new" / "config.toml", document)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_config(path).timezone == "UTC"
    with pytest.raises(FileExistsError):
        write_config(path, document, replace=False)
    with pytest.raises(ConfigError):
        write_config(path, {"company": {"domains": ["nope"]}})
    assert load_config(path).timezone == "UTC"  # a bad document leaves the old file alone
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]


def test_config_path_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("COCKPIT_CONFIG", raising=False)
    assert default_config_path() == tmp_path / "xdg" / "cockpit" / "config.toml"
    assert resolve_config_path(None) == default_config_path()
    monkeypatch.setenv("COCKPIT_CONFIG", str(tmp_path / "env.toml"))
    assert resolve_config_path(None) == tmp_path / "env.toml"
    assert resolve_config_path(str(tmp_path / "flag.toml")) == tmp_path / "flag.toml"


def test_data_dir_is_created_private_and_tightened(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("COCKPIT_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = data_dir()
    assert path == tmp_path / "data" / "cockpit"
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    path.chmod(0o755)
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700


def test_system_zone_from_tz_symlink_or_utc(tmp_path: Path) -> None:
    assert system_zone({"TZ": ":America/New_York"}) == ZoneInfo("America/New_York")
    link = tmp_path / "localtime"
    zoneinfo_file = Path("/usr/share/zoneinfo/Asia/Tokyo")
    if zoneinfo_file.exists():
        link.symlink_to(zoneinfo_file)
        assert system_zone({}, localtime=link, timezone_file=tmp_path / "none") == ZoneInfo(
            "Asia/Tokyo"
        )
    missing = tmp_path / "missing"
    assert system_zone({"TZ": "Not/AZone"}, localtime=missing, timezone_file=missing) == ZoneInfo(
        "UTC"
    )
    (tmp_path / "timezone").write_text("Europe/Berlin\n")
    zone = system_zone({}, localtime=missing, timezone_file=tmp_path / "timezone")
    assert zone == ZoneInfo("Europe/Berlin")


def test_importing_config_is_fast_and_textual_free() -> None:
    code = (
        "import sys, cockpit.config.loader, cockpit.config.credentials, cockpit.config.paths\n"
        "import cockpit.config.schema, cockpit.config.writer, cockpit.config.prompt\n"
        "bad = [m for m in ('textual', 'httpx', 'keyring', 'platformdirs') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""

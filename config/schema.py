"""The config.toml model: frozen dataclasses, one documented field per TOML key.

Each field's `metadata["doc"]` is the one-line explanation `cockpit init` asks with
and the README lists (see `describe()`). Secrets are never fields: tokens, passwords,
refresh tokens and secret ICS URLs live in the keyring (see `credentials.py`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from zoneinfo import ZoneInfo

from cockpit.config import REFRESH_MINUTES
from cockpit.config.fielddoc import doc
from cockpit.config.objectives import ObjectiveConfig, RoadmapConfig
from cockpit.config.panes import LayoutConfig, PaneConfig
from cockpit.config.tz import system_zone
from cockpit.records import record

Flavor = Literal["cloud", "datacenter"]
CalendarKind = Literal["google", "microsoft", "caldav", "ics"]
KeyringChoice = Literal["system", "file"]
FLAVORS: tuple[str, ...] = ("cloud", "datacenter")
CALENDAR_KINDS: tuple[str, ...] = ("google", "microsoft", "caldav", "ics")

_EMPTY: Mapping[str, str] = MappingProxyType({})


@record
class CompanyConfig:
    """`[company]`: who is "us", so meetings with anyone else are customer calls."""

    domains: tuple[str, ...] = doc(
        "Your company's email domains; attendees outside them make a meeting a customer call.",
        check="domain",
    )
    ignore_domains: tuple[str, ...] = doc(
        "Domains that are neither you nor customers (e.g. resource.calendar.google.com, "
        "partners, personal mail); attendees there do not make a customer call.",
        (),
        check="domain",
    )
    user_emails: tuple[str, ...] = doc(
        "Your own addresses (aliases included), so you are never counted as an attendee "
        "to call on.",
        (),
        check="email",
    )


@record
class JiraConfig:
    """`[jira]`: the site, the board whose backlog is shown, the Blocked pane's scope."""

    url: str = doc("Your Jira site, e.g. https://acme.atlassian.net.", check="url")
    board: int | None = doc(
        "The id of the board whose backlog is shown (cockpit init lists them).", None
    )
    boards: tuple[int, ...] = doc(
        "More boards the Backlog pane switches between (b), e.g. [42, 57]; with no "
        "`board`, the first of them is shown first.",
        (),
    )
    flavor: Flavor = doc(
        'Jira Cloud or Data Center/Server: "cloud" or "datacenter"; cockpit init detects it.',
        "cloud",
        choices=FLAVORS,
    )
    email: str | None = doc(
        "Cloud: the email you sign in with (the API token itself is in the keyring).",
        None,
        check="email",
    )
    projects: tuple[str, ...] = doc(
        'Project keys that scope the Blocked pane, e.g. ["PAY"]; empty: the board\'s projects.',
        (),
        check="project",
    )
    blocked_jql: str | None = doc(
        "A JQL query that replaces the default Blocked query.", None, check="nonempty"
    )
    ca_bundle: Path | None = doc(
        "A PEM file of CA certificates for a site behind a private CA (Data Center); "
        "relative paths are from the config file's folder.",
        None,
    )
    timeout: float | None = doc(
        "Seconds to wait for Jira before giving up on a request (default: the app's).",
        None,
        check="positive",
    )
    name: str | None = doc(
        "[[jira]] (several sites): a short unique name, for a pane's `site` and the "
        "token (`cockpit auth jira:NAME`, $COCKPIT_JIRA_TOKEN_NAME); the first site is "
        "the default.",
        None,
        check="name",
    )

    @property
    def board_ids(self) -> tuple[int, ...]:
        """`board`, then `boards`, each once: the Backlog pane's boards in order."""
        return tuple(dict.fromkeys([*([self.board] if self.board else []), *self.boards]))


@record
class CalendarConfig:
    """`[[calendars]]`: one calendar; the Today pane merges them all."""

    name: str = doc(
        "A short unique name, shown in the agenda and used to name its keyring secret.",
        check="name",
    )
    kind: CalendarKind = doc(
        'Where it lives: "google", "microsoft", "caldav" or "ics".', choices=CALENDAR_KINDS
    )
    url: str | None = doc(
        "caldav: the server or calendar URL; ics: a public feed URL (webcal:// is read as "
        "https://). Leave out for a secret feed (see secret_url).",
        None,
        check="url",
    )
    username: str | None = doc(
        "caldav: the user name (the password is in the keyring).", None, check="nonempty"
    )
    secret_url: bool = doc(
        "ics: the feed URL is a secret (it embeds a token), kept in the keyring instead of "
        "this file.",
        False,
    )
    calendar_id: str = doc(
        'google: which calendar of the account ("primary", or an id from Google Calendar\'s '
        "settings).",
        "primary",
        check="nonempty",
    )
    client_id: str | None = doc(
        "google/microsoft: the OAuth client id of the app registration you sign in through.",
        None,
        check="nonempty",
    )
    tenant: str = doc(
        'microsoft: the Entra ID tenant ("common", "organizations", or your tenant id).',
        "common",
        check="nonempty",
    )
    api_url: str | None = doc(
        "google/microsoft: the calendar API's address; default the public cloud "
        "(https://www.googleapis.com/calendar/v3, https://graph.microsoft.com/v1.0); "
        "Microsoft national clouds: https://graph.microsoft.us/v1.0 (US Government), "
        "https://dod-graph.microsoft.us/v1.0 (US DoD), "
        "https://microsoftgraph.chinacloudapi.cn/v1.0 (China, 21Vianet).",
        None,
        check="url",
    )
    token_url: str | None = doc(
        "google: the OAuth token endpoint; default https://oauth2.googleapis.com/token.",
        None,
        check="url",
    )
    authority: str | None = doc(
        "microsoft: the sign-in authority; default https://login.microsoftonline.com; "
        "national clouds: https://login.microsoftonline.us (US Government and DoD), "
        "https://login.chinacloudapi.cn (China).",
        None,
        check="url",
    )
    ca_bundle: Path | None = doc(
        "ics/caldav: a PEM file of CA certificates for a server behind a private CA; "
        "relative paths are from the config file's folder.",
        None,
    )
    max_feed_mb: int = doc(
        "ics/caldav: the largest feed (or CalDAV answer) read, in MB; a larger one is "
        "refused with a message rather than filling memory.",
        20,
    )


@record
class WorkweekConfig:
    """`[workweek]`: the working days; the stand-up looks back to the last one."""

    days: tuple[str, ...] = doc(
        'Working days, e.g. ["mon", "tue", "wed", "thu", "fri"] (on Monday the stand-up '
        "looks back to Friday).",
        ("mon", "tue", "wed", "thu", "fri"),
        check="weekdays",
    )


@record
class RemindersConfig:
    """`[reminders]`: a toast, the bell and a desktop notification before meetings."""

    minutes_before: tuple[int, ...] = doc(
        "Minutes before each accepted meeting to remind you, e.g. [10, 2]; [] turns "
        "reminders off (in the app and in `cockpit remind`).",
        (5,),
        check="minutes",
    )


@record
class Config:
    """The whole of config.toml, validated. Build it with `loader.load_config`."""

    company: CompanyConfig = doc("[company]: your email domains and addresses.")
    timezone: str | None = doc(
        'The IANA time zone the day is shown in, e.g. "Europe/Lisbon"; default: the system\'s.',
        None,
    )
    refresh_minutes: float = doc(
        "Minutes between background refreshes of each source (with a little jitter; "
        "longer after failures, at most 30); 0 refreshes only when you press r.",
        REFRESH_MINUTES,
    )
    customers: Mapping[str, str] = doc(
        '[customers]: display names by domain, e.g. "globex.com" = "Globex".', _EMPTY
    )
    jira: JiraConfig | None = doc("[jira]: your Jira site and board (optional).", None)
    calendars: tuple[CalendarConfig, ...] = doc("[[calendars]]: one table per calendar.", ())
    keymap: Mapping[str, str] = doc(
        '[keymap]: binding id -> keys, e.g. move_down = "J" or "J,shift+down".', _EMPTY
    )
    keyring: KeyringChoice = doc(
        'Where secrets are kept: "system" (the OS keyring: Secret Service, Keychain, '
        'Credential Locker) or "file" (an encrypted file in the data folder behind a '
        "passphrase, for machines without one, e.g. over SSH).",
        "system",
    )
    workweek: WorkweekConfig = doc("[workweek]: your working days.", WorkweekConfig())
    reminders: RemindersConfig = doc("[reminders]: when meetings are announced.", RemindersConfig())
    roadmap: RoadmapConfig = doc("[roadmap]: how the Roadmap screen judges risk.", RoadmapConfig())
    objectives: tuple[ObjectiveConfig, ...] = doc(
        "[[objectives]]: the quarter's objectives and key results (the Roadmap screen).", ()
    )
    panes: tuple[PaneConfig, ...] = doc("[[panes]]: one table per pane from your own JQL.", ())
    layout: LayoutConfig = doc("[layout]: which panes the main screen shows.", LayoutConfig())
    theme: str | None = doc(
        'The colour theme the app starts with, e.g. "textual-dark" or "nord" (a theme '
        "picked in the command palette is remembered over it).",
        None,
        check="nonempty",
    )
    more_jira: tuple[JiraConfig, ...] = field(default=(), metadata={"internal": True})
    """The `[[jira]]` sites after the first (which is `jira`)."""
    path: Path | None = field(default=None, compare=False, metadata={"internal": True})

    @property
    def jira_sites(self) -> tuple[JiraConfig, ...]:
        """Every Jira site, the default (`jira`) first."""
        return (self.jira, *self.more_jira) if self.jira else ()

    def tz(self) -> ZoneInfo:
        """The configured zone, else the system's (UTC when it cannot be told)."""
        if self.timezone:
            return ZoneInfo(self.timezone)
        return system_zone()

    def calendar(self, name: str) -> CalendarConfig | None:
        """The calendar called `name` (case-insensitive), if any."""
        for cal in self.calendars:
            if cal.name.casefold() == name.casefold():
                return cal
        return None


SECTIONS: dict[str, type] = {
    "company": CompanyConfig,
    "jira": JiraConfig,
    "calendars": CalendarConfig,
    "workweek": WorkweekConfig,
    "reminders": RemindersConfig,
    "roadmap": RoadmapConfig,
    "objectives": ObjectiveConfig,
    "panes": PaneConfig,
    "layout": LayoutConfig,
}


def describe() -> Iterator[tuple[str, str, str]]:
    """(dotted key, default or "required", documentation) for every key, in file order."""
    for f in dataclasses.fields(Config):
        if f.metadata.get("internal"):
            continue
        section = SECTIONS.get(f.name)
        if section is None:
            yield f.name, _default(f), f.metadata["doc"]
            continue
        prefix = f"{f.name}[]" if f.name in ("calendars", "objectives", "panes") else f.name
        for sub in dataclasses.fields(section):
            yield f"{prefix}.{sub.name}", _default(sub), sub.metadata["doc"]
            nested = sub.metadata.get("section")
            for inner in dataclasses.fields(nested) if nested else ():
                yield f"{prefix}.{sub.name}[].{inner.name}", _default(inner), inner.metadata["doc"]


def field_doc(section: type, name: str) -> str:
    """The documentation line of one field, e.g. `field_doc(JiraConfig, "board")`."""
    for f in dataclasses.fields(section):
        if f.name == name:
            return str(f.metadata["doc"])
    raise KeyError(name)


def _default(f: dataclasses.Field[Any]) -> str:
    if f.default_factory is not dataclasses.MISSING:
        return "{}"
    if f.default is dataclasses.MISSING:
        return "required"
    value = f.default
    if value is None:
        return "not set"
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]" if value else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)

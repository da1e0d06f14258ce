"""Read config.toml strictly: every mistake is one `ConfigError` line (file, key, expectation).

Unknown keys, wrong types, bad URLs, plain http:// to a non-loopback host, unknown
time zones and calendar kinds, missing required keys and duplicate calendar names are
all refused; nothing is guessed. Values are never echoed when they could be secret.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cockpit.config import REFRESH_MINUTES
from cockpit.config.credentials import env_suffix
from cockpit.config.keymap import keymap_problems, split_keys
from cockpit.config.objectives import read_objectives, read_roadmap
from cockpit.config.pane_rules import read_layout, read_panes
from cockpit.config.parsed_copy import keep_copy, read_copy
from cockpit.config.schema import (
    CalendarConfig,
    CompanyConfig,
    Config,
    JiraConfig,
    KeyringChoice,
    RemindersConfig,
    WorkweekConfig,
)
from cockpit.config.urls import check_url
from cockpit.config.validate import ConfigError, TableReader, show, type_name

__all__ = ["ConfigError", "load_config", "parse_config"]

# Which calendar kinds a key is meant for; present anywhere else it is a mistake.
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "url": ("caldav", "ics"),
    "username": ("caldav",),
    "secret_url": ("ics",),
    "calendar_id": ("google",),
    "client_id": ("google", "microsoft"),
    "tenant": ("microsoft",),
    "max_feed_mb": ("caldav", "ics"),
    "api_url": ("google", "microsoft"),
    "token_url": ("google",),
    "authority": ("microsoft",),
}
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_PROJECT = re.compile(r"^[A-Z][A-Z0-9_]{0,254}$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TOML_POS = r"\s*\(at line (\d+), column (\d+)\)\s*$"  # compiled on a parse error only


def load_config(
    path: Path, *, check_keymap: bool = True, parsed_copy_in: Path | None = None
) -> Config:
    """Parse and validate `path`; raise ConfigError on the first mistake.

    `check_keymap=False` lets unknown binding ids and clashing keys through, for
    `cockpit doctor` to list them all (`keymap.keymap_problems`). With
    `parsed_copy_in` (the app's data folder), the parse is read from, or kept in, a
    copy there (`cockpit.config.parsed_copy`).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, "no such file; run `cockpit init` to write one") from None
    except IsADirectoryError:
        raise ConfigError(path, None, "expected a file, found a folder") from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, "expected UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read the file ({exc.strerror})") from None
    raw = read_copy(text, parsed_copy_in) if parsed_copy_in is not None else None
    if raw is None:
        raw = _parse_toml(text, path)
        if parsed_copy_in is not None:
            keep_copy(text, raw, parsed_copy_in)
    return parse_config(raw, path, check_keymap=check_keymap)


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    import tomllib  # lazy: the app's start reads its parsed copy instead (~2 ms)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from None


def parse_config(raw: Mapping[str, Any], path: Path, *, check_keymap: bool = True) -> Config:
    """Validate an already-parsed TOML document (as `tomllib` returns it)."""
    v = _Validator(path, check_keymap=check_keymap)
    v.unknown(raw, Config, "", skip={"path", "more_jira"})
    if "company" not in raw:
        raise ConfigError(path, "company", "expected a [company] table with domains = [...]")
    company = v.section(raw["company"], CompanyConfig, "company")
    timezone = raw.get("timezone")
    if timezone is not None:
        timezone = v.timezone(timezone, "timezone")
    refresh_minutes = v.minutes(raw.get("refresh_minutes", REFRESH_MINUTES), "refresh_minutes")
    customers = v.customers(raw.get("customers", {}))
    sites = read_sites(v, raw["jira"]) if "jira" in raw else ()
    jira, more_jira = (sites[0], sites[1:]) if sites else (None, ())
    calendars = v.calendars(raw.get("calendars", []))
    keymap = v.keymap(raw.get("keymap", {}))
    keyring = v.convert(raw.get("keyring", "system"), KeyringChoice, "keyring")
    workweek = v.section(raw.get("workweek", {}), WorkweekConfig, "workweek")
    reminders = v.section(raw.get("reminders", {}), RemindersConfig, "reminders")
    names = [s.name for s in sites if s.name]
    panes = read_panes(v, raw.get("panes", []), names)
    if panes and not sites:
        v.fail("panes", "expected a [jira] site to run the panes' JQL on; add [jira] first")
    layout = read_layout(v, raw.get("layout", {}), panes, names)
    theme = v.convert(raw.get("theme"), str, "theme") if "theme" in raw else None
    if theme is not None and not theme.strip():
        v.fail("theme", 'expected a theme name such as "nord"')
    return Config(
        company=company,
        timezone=timezone,
        refresh_minutes=refresh_minutes,
        customers=MappingProxyType(customers),
        jira=jira,
        calendars=calendars,
        keymap=MappingProxyType(keymap),
        keyring=keyring,
        workweek=workweek,
        reminders=reminders,
        roadmap=read_roadmap(v, raw.get("roadmap", {})),
        objectives=read_objectives(v, raw.get("objectives", [])),
        panes=panes,
        layout=layout,
        more_jira=more_jira,
        theme=theme,
        path=path,
    )


def read_sites(v: _Validator, raw: Any) -> tuple[JiraConfig, ...]:
    """`[jira]` (one site) or `[[jira]]` (several, each with a unique name)."""
    if not isinstance(raw, list):
        return (v.jira(v.section(raw, JiraConfig, "jira"), raw),)
    if not raw:
        v.fail("jira", "expected at least one [[jira]] table")
    seen: dict[str, str] = {}
    sites = []
    for i, table in enumerate(raw):
        prefix = f"jira[{i}]"
        site = v.jira(v.section(table, JiraConfig, prefix), table, prefix)
        if site.name is None:
            v.fail(f"{prefix}.name", "required key missing (each [[jira]] site needs a name)")
        ident = env_suffix(site.name)
        if ident in seen:
            v.fail(
                f"{prefix}.name",
                f"expected a unique name; {show(site.name)} clashes with {show(seen[ident])} "
                "(names are compared ignoring case and punctuation)",
            )
        seen[ident] = site.name
        sites.append(site)
    return tuple(sites)


def _toml_error(path: Path, exc: ValueError) -> ConfigError:
    message = str(exc).splitlines()[0] if str(exc) else "invalid TOML"
    match = re.search(_TOML_POS, message)
    if not match:
        return ConfigError(path, None, f"invalid TOML: {message}")
    line, col = match.groups()
    reason = message[: match.start()].rstrip(".")
    return ConfigError(path, None, f"line {line}, column {col}: invalid TOML: {reason}")


class _Validator(TableReader):
    """The config's own rules on top of the typed reading: URLs, domains, zones, keys."""

    def __init__(self, path: Path, *, check_keymap: bool = True) -> None:
        super().__init__(path)
        self.check_keymap = check_keymap

    def check(self, value: Any, meta: Mapping[str, Any], key: str) -> Any:
        kind = meta.get("check")
        if kind == "url":
            try:
                # a feed's address (a caldav server's is checked again below); API ones are strict
                feed = key.startswith("calendars") and key.endswith(".url")
                return check_url(value, allow_webcal=feed, allow_query=feed)
            except ValueError as exc:
                self.fail(key, str(exc))
        if kind == "nonempty" and not value.strip():
            self.fail(key, "expected a non-empty string")
        if kind == "minutes":  # reminders: whole minutes before a meeting, each once
            for i, minutes in enumerate(value):
                if minutes > 1440:
                    self.fail(f"{key}[{i}]", f"expected minutes from 1 to 1440, got {minutes}")
            return tuple(sorted(set(value), reverse=True))
        if kind == "positive" and value <= 0:
            self.fail(key, f"expected a positive number of seconds, got {show(value)}")
        if kind == "name":
            if not value.strip() or not value.isprintable():
                self.fail(key, f"expected a non-empty printable name, got {show(value)}")
            return value.strip()
        if kind == "weekdays":
            days = tuple(d.strip().lower()[:3] for d in value)
            for i, day in enumerate(days):
                if day not in _WEEKDAYS:
                    self.fail(f"{key}[{i}]", f'expected a day such as "mon", got {show(value[i])}')
            return days
        if kind == "domain":
            return tuple(self.domain(d, f"{key}[{i}]") for i, d in enumerate(value))
        if kind == "email":
            items = (value,) if isinstance(value, str) else value
            out = []
            for i, item in enumerate(items):
                where = key if isinstance(value, str) else f"{key}[{i}]"
                local, _, domain = item.strip().rpartition("@")
                if not local or not _DOMAIN.match(domain.lower()):
                    self.fail(where, f"expected an email address, got {show(item)}")
                out.append(f"{local}@{domain.lower()}")
            return out[0] if isinstance(value, str) else tuple(out)
        if kind == "project":
            keys = tuple(p.strip().upper() for p in value)
            for i, project in enumerate(keys):
                if not _PROJECT.match(project):
                    self.fail(
                        f"{key}[{i}]",
                        f"expected a Jira project key such as PAY, got {show(value[i])}",
                    )
            return keys
        return value

    def domain(self, value: str, key: str) -> str:
        domain = value.strip().lower().removeprefix("@")
        if not _DOMAIN.match(domain):
            self.fail(key, f"expected a domain such as acme.com, got {show(value)}")
        return domain

    def timezone(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            self.fail(key, f"expected an IANA time zone name, got {type_name(value)}")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            self.fail(key, f'expected an IANA time zone such as "Europe/Lisbon", got {show(value)}')
        return value

    def minutes(self, value: Any, key: str) -> float:
        expected = "a number of minutes, 0 or more (0: refresh only on r)"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"expected {expected}, got {type_name(value)}")
        if not math.isfinite(value) or value < 0:
            self.fail(key, f"expected {expected}, got {show(value)}")
        return value

    def customers(self, table: Any) -> dict[str, str]:
        if not isinstance(table, dict):
            self.fail("customers", f'expected a table of "domain" = "Name", got {type_name(table)}')
        out: dict[str, str] = {}
        for domain, name in table.items():
            key = f"customers.{json.dumps(domain)}"
            if not isinstance(name, str) or not name.strip():
                self.fail(key, f"expected the customer's display name, got {type_name(name)}")
            out[self.domain(domain, key)] = name.strip()
        return out

    def jira(self, jira: JiraConfig, raw: Mapping[str, Any], prefix: str = "jira") -> JiraConfig:
        if jira.board is None and not jira.boards:
            self.fail(
                f"{prefix}.board",
                "required key missing (the id of the board whose backlog is shown; "
                "or boards = [...])",
            )
        if len(set(jira.boards)) != len(jira.boards):
            self.fail(f"{prefix}.boards", "expected each board once")
        return self._jira(jira, raw, prefix)

    def _jira(self, jira: JiraConfig, raw: Mapping[str, Any], prefix: str) -> JiraConfig:
        if jira.flavor == "cloud" and jira.email is None:
            self.fail(
                f"{prefix}.email",
                'missing; expected the email you sign in to Jira Cloud with (flavor = "cloud")',
            )
        if jira.flavor == "datacenter" and "email" in raw:
            self.fail(
                f"{prefix}.email", 'expected no email for flavor = "datacenter" (it uses a PAT)'
            )
        return jira

    def calendars(self, items: Any) -> tuple[CalendarConfig, ...]:
        if not isinstance(items, list):
            self.fail("calendars", f"expected [[calendars]] tables, got {type_name(items)}")
        seen: dict[str, str] = {}
        out = []
        for i, table in enumerate(items):
            prefix = f"calendars[{i}]"
            cal = self.section(table, CalendarConfig, prefix)
            self.calendar_keys(cal, table, prefix)
            ident = env_suffix(cal.name)
            if ident in seen:
                self.fail(
                    f"{prefix}.name",
                    f"expected a unique name; {show(cal.name)} clashes with {show(seen[ident])} "
                    "(names are compared ignoring case and punctuation)",
                )
            seen[ident] = cal.name
            out.append(cal)
        return tuple(out)

    def calendar_keys(self, cal: CalendarConfig, table: Mapping[str, Any], prefix: str) -> None:
        for key, kinds in KIND_KEYS.items():
            if key in table and cal.kind not in kinds:
                self.fail(
                    f"{prefix}.{key}",
                    f'expected only for kind {" or ".join(kinds)}, not "{cal.kind}"',
                )
        if cal.kind == "caldav":
            if cal.url is None:
                self.fail(f"{prefix}.url", "missing; expected the CalDAV server URL")
            try:
                check_url(cal.url)
            except ValueError as exc:
                self.fail(f"{prefix}.url", str(exc))
            if cal.username is None:
                self.fail(f"{prefix}.username", "missing; expected the CalDAV user name")
        if cal.kind == "ics":
            if cal.secret_url and cal.url is not None:
                self.fail(
                    f"{prefix}.url", "expected no url when secret_url = true (it is in the keyring)"
                )
            if not cal.secret_url and cal.url is None:
                self.fail(
                    f"{prefix}.url",
                    "missing; expected the feed URL, or secret_url = true (URL in the keyring)",
                )
        if cal.kind in ("google", "microsoft") and cal.client_id is None:
            self.fail(
                f"{prefix}.client_id",
                f"missing; expected the OAuth client id of your {cal.kind} app registration",
            )

    def keymap(self, table: Any) -> dict[str, str]:
        if not isinstance(table, dict):
            self.fail("keymap", f"expected a table of binding id = keys, got {type_name(table)}")
        out: dict[str, str] = {}
        for binding, keys in table.items():
            key = f"keymap.{binding}"
            if not isinstance(keys, str) or not keys.strip():
                self.fail(
                    key, f'expected keys such as "J" or "J,shift+down", got {type_name(keys)}'
                )
            parts = split_keys(keys)
            if not all(parts) or any(c.isspace() or not c.isprintable() for c in "".join(parts)):
                self.fail(key, f"expected comma-separated keys, got {show(keys)}")
            out[binding] = ",".join(parts)
        # with no keys of the user's, the defaults, which never clash (test_keymap.py)
        for where, problem in keymap_problems(out) if out and self.check_keymap else ():
            self.fail(where, problem)
        return out

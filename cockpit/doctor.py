"""`cockpit doctor`: check the config, the keyring, every source and the data folder.

Prints one line per check, `OK`, `WARN` or `FAIL`, with what to do; exits 1 when
something needs fixing. The small probes here (Jira /myself and boards, an ICS GET,
a CalDAV PROPFIND) are shared with `cockpit init` and `cockpit auth`. No secret is
ever printed: URLs of secret feeds are shown by host only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import httpx

    from cockpit.config.credentials import CredentialStore
    from cockpit.config.schema import CalendarConfig, Config

Status = Literal["OK", "WARN", "FAIL"]
JIRA = "Jira"


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    status: Status
    name: str
    message: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.name:<18} {self.message}"


@dataclass(frozen=True)
class Board:
    """A Jira board as `cockpit init` lists it."""

    id: int
    name: str
    type: str
    project: str | None


# --- probes (shared with init and auth) -------------------------------------------


def http_client(
    *, ca_bundle: Path | None = None, timeout: float | None = None
) -> httpx.AsyncClient:
    """The client the setup commands use (short timeout; a private CA when configured)."""
    import httpx

    verify: Any = str(ca_bundle) if ca_bundle else True
    return httpx.AsyncClient(timeout=timeout or 15.0, verify=verify, follow_redirects=False)


def _policy() -> Any:
    from cockpit.sources.http import RetryPolicy

    return RetryPolicy(attempts=2, base_delay=0.2)


def jira_auth(flavor: str, email: str | None, token: str) -> dict[str, str]:
    """Authorization header: Basic email:token (Cloud) or Bearer PAT (Data Center)."""
    import base64

    if flavor == "cloud":
        raw = f"{email or ''}:{token}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode()}
    return {"Authorization": f"Bearer {token}"}


async def _jira_get(http: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    from cockpit.sources.errors import AuthError, BadResponse
    from cockpit.sources.http import json_body, send

    response = await send(
        http,
        "GET",
        url,
        source=JIRA,
        policy=_policy(),
        headers={**headers, "Accept": "application/json"},
    )
    if response.status_code in (401, 403):
        raise AuthError(
            JIRA,
            f"Jira refused the credentials (HTTP {response.status_code}); "
            "check the email and token, then run `cockpit auth jira`.",
        )
    if response.status_code >= 300:
        raise BadResponse(JIRA, f"Jira answered HTTP {response.status_code} to {_path(url)}.")
    return json_body(response, JIRA)


async def detect_flavor(http: httpx.AsyncClient, site: str) -> str:
    """ "cloud" or "datacenter", from serverInfo's deploymentType (else the host name)."""
    import httpx as _httpx

    from cockpit.sources.errors import AuthError, BadResponse

    try:
        info = await _jira_get(http, site.rstrip("/") + "/rest/api/2/serverInfo", {})
        kind = str(info.get("deploymentType", "")).lower() if isinstance(info, dict) else ""
    except (AuthError, BadResponse):  # anonymous access closed, or not JSON: guess by host
        kind = ""
    if kind == "cloud":
        return "cloud"
    if kind in ("server", "datacenter"):
        return "datacenter"
    host = _httpx.URL(site).host or ""
    return "cloud" if host.endswith((".atlassian.net", ".jira.com")) else "datacenter"


async def jira_myself(
    http: httpx.AsyncClient, site: str, flavor: str, email: str | None, token: str
) -> str:
    """Who the token signs in as (display name); AuthError when it is refused."""
    version = "3" if flavor == "cloud" else "2"
    body = await _jira_get(
        http, f"{site.rstrip('/')}/rest/api/{version}/myself", jira_auth(flavor, email, token)
    )
    if not isinstance(body, dict):
        from cockpit.sources.errors import BadResponse

        raise BadResponse(JIRA, "Jira's /myself answer was not an object.")
    return str(body.get("displayName") or body.get("name") or body.get("emailAddress") or "?")


async def jira_boards(
    http: httpx.AsyncClient, site: str, flavor: str, email: str | None, token: str, limit: int = 500
) -> list[Board]:
    """The boards the token can see, in Jira's order (at most `limit`)."""
    headers = jira_auth(flavor, email, token)
    boards: list[Board] = []
    start = 0
    while len(boards) < limit:
        page = await _jira_get(
            http, f"{site.rstrip('/')}/rest/agile/1.0/board?startAt={start}&maxResults=50", headers
        )
        values = page.get("values", []) if isinstance(page, dict) else []
        for item in values:
            location = item.get("location") or {}
            boards.append(
                Board(
                    int(item["id"]),
                    str(item.get("name", "")),
                    str(item.get("type", "")),
                    location.get("projectKey"),
                )
            )
        if not values or page.get("isLast", True):
            break
        start += len(values)
    return boards


async def ics_probe(http: httpx.AsyncClient, url: str, label: str) -> str:
    """GET the feed; a short description of it, or SourceError."""
    from cockpit.sources.errors import AuthError, BadResponse
    from cockpit.sources.http import send

    response = await send(http, "GET", url, source=label, policy=_policy())
    if response.status_code in (401, 403, 404):
        raise AuthError(
            label, f"{label}: the feed answered HTTP {response.status_code}; check its URL."
        )
    if response.status_code >= 300:
        raise BadResponse(label, f"{label}: the feed answered HTTP {response.status_code}.")
    if "BEGIN:VCALENDAR" not in response.text[:2000]:
        raise BadResponse(label, f"{label}: the URL does not serve an iCalendar feed.")
    return f"feed answers ({response.text.count('BEGIN:VEVENT')} events)"


PROPFIND_BODY = (
    '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:">'
    "<d:prop><d:current-user-principal/></d:prop></d:propfind>"
)


async def caldav_probe(
    http: httpx.AsyncClient, url: str, user: str, password: str, label: str
) -> str:
    """PROPFIND the server with the user's password; a short description, or SourceError."""
    import httpx as _httpx

    from cockpit.sources.errors import AuthError, BadResponse
    from cockpit.sources.http import send

    response = await send(
        http,
        "PROPFIND",
        url,
        source=label,
        policy=_policy(),
        auth=_httpx.BasicAuth(user, password),
        headers={"Depth": "0", "Content-Type": "application/xml"},
        content=PROPFIND_BODY,
    )
    if response.status_code in (401, 403):
        raise AuthError(
            label, f"{label}: the server refused {user!r} (HTTP {response.status_code})."
        )
    if response.status_code != 207:
        raise BadResponse(
            label, f"{label}: PROPFIND answered HTTP {response.status_code}, not 207."
        )
    return f"signed in as {user}"


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path or "/"


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or "?"


# --- checks -------------------------------------------------------------------------


def check_keyring() -> Check:
    from cockpit.config.credentials import keyring_status

    status = keyring_status()
    mapping: dict[str, Status] = {"ok": "OK", "warn": "WARN", "fail": "FAIL"}
    level = mapping[status.level]
    return Check(level, "keyring", status.message)


def check_data_dir(path: Path | None = None) -> Check:
    """The private folder exists, is writable, and only we can read it (0700)."""
    from cockpit.config.paths import data_dir

    try:
        folder = path or data_dir()
        probe = folder / ".doctor-probe"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        return Check(
            "FAIL", "data folder", f"cannot write {path or 'the data folder'}: {exc.strerror}"
        )
    mode = folder.stat().st_mode & 0o777
    if os.name == "posix" and mode & 0o077:
        return Check("WARN", "data folder", f"{folder} is mode {mode:o}: run `chmod 700 {folder}`")
    return Check("OK", "data folder", f"{folder} (private)")


async def check_jira(config: Config, credentials: CredentialStore) -> list[Check]:
    from cockpit.config.credentials import CredentialError
    from cockpit.sources.errors import SourceError

    jira = config.jira
    if jira is None:
        return [
            Check(
                "WARN", "jira", "no [jira] in the config: the Blocked and Backlog panes stay empty"
            )
        ]
    try:
        token = credentials.get("jira")
    except CredentialError as exc:
        return [Check("FAIL", "jira", str(exc))]
    if not token:
        return [
            Check("FAIL", "jira", "no token: run `cockpit auth jira` (or set $COCKPIT_JIRA_TOKEN)")
        ]
    async with http_client(ca_bundle=jira.ca_bundle, timeout=jira.timeout) as http:
        try:
            who = await jira_myself(http, jira.url, jira.flavor, jira.email, token)
            boards = await jira_board_exists(http, jira, token)
        except SourceError as exc:
            return [Check("FAIL", "jira", str(exc))]
    checks = [Check("OK", "jira", f"{_host(jira.url)}: signed in as {who}")]
    checks.append(boards)
    return checks


async def jira_board_exists(http: httpx.AsyncClient, jira: Any, token: str) -> Check:
    from cockpit.sources.errors import BadResponse

    url = f"{jira.url.rstrip('/')}/rest/agile/1.0/board/{jira.board}"
    try:
        board = await _jira_get(http, url, jira_auth(jira.flavor, jira.email, token))
    except BadResponse:
        return Check(
            "FAIL",
            "jira board",
            f"board {jira.board} not found or not visible: "
            "run `cockpit init` to choose one, or fix jira.board",
        )
    return Check("OK", "jira board", f"{jira.board}: {board.get('name', '?')}")


async def check_calendar(cal: CalendarConfig, credentials: CredentialStore) -> Check:
    from cockpit.config.credentials import CredentialError, env_var_name, secret_name
    from cockpit.sources.errors import AuthError, SourceError

    label = f"calendar {cal.name}"
    name = secret_name(cal.kind, cal.name)
    fix = f"run `cockpit auth {cal.name}` (or set ${env_var_name(name)})"
    try:
        secret = credentials.get(name) if cal.kind != "ics" or cal.secret_url else None
    except CredentialError as exc:
        return Check("FAIL", label, str(exc))
    if cal.kind in ("google", "microsoft"):
        if not secret:
            return Check("FAIL", label, f"not signed in: {fix}")
        return Check("OK", label, f"{cal.kind} sign-in stored (checked when the app syncs)")
    try:
        async with http_client() as http:
            if cal.kind == "ics":
                url = secret if cal.secret_url else cal.url
                if not url:
                    return Check("FAIL", label, f"the secret feed URL is missing: {fix}")
                return Check("OK", label, f"{_host(url)}: " + await ics_probe(http, url, label))
            if not secret:
                return Check("FAIL", label, f"no CalDAV password: {fix}")
            assert cal.url and cal.username
            result = await caldav_probe(http, cal.url, cal.username, secret, label)
            return Check("OK", label, f"{_host(cal.url)}: {result}")
    except AuthError as exc:
        return Check("FAIL", label, f"{exc} Then {fix}.")
    except SourceError as exc:
        return Check("FAIL", label, str(exc))


async def run_checks(config_path: Path, credentials: CredentialStore) -> list[Check]:
    """Every check, in the order they are printed."""
    from cockpit.config.loader import ConfigError, load_config

    checks: list[Check] = []
    try:
        config = load_config(config_path)
        checks.append(Check("OK", "config", str(config_path)))
    except ConfigError as exc:
        config = None
        checks.append(Check("FAIL", "config", str(exc)))
    keyring = check_keyring()
    if keyring.status == "FAIL" and config is not None and _all_from_env(config, credentials):
        keyring = Check(
            "WARN",
            "keyring",
            keyring.message.split(":")[0] + ": every secret comes "
            "from the environment, so that is fine headless",
        )
    checks.append(keyring)
    if config is not None:
        checks.extend(await check_jira(config, credentials))
        import asyncio

        results = await asyncio.gather(*(check_calendar(c, credentials) for c in config.calendars))
        checks.extend(results)
        if not config.calendars:
            checks.append(Check("WARN", "calendars", "none configured: the Today pane stays empty"))
    checks.append(check_data_dir())
    return checks


def _all_from_env(config: Config, credentials: Any) -> bool:
    from_env = getattr(credentials, "from_env", None)
    if from_env is None:
        return False
    names = _needed_secrets(config)
    return bool(names) and all(from_env(name) is not None for name in names)


def _needed_secrets(config: Config) -> list[str]:
    from cockpit.config.credentials import secret_name

    names = [secret_name("jira")] if config.jira else []
    for cal in config.calendars:
        if cal.kind != "ics" or cal.secret_url:
            names.append(secret_name(cal.kind, cal.name))
    return names


def env_names(config_path: Path) -> list[str]:
    """The environment variables that may carry this config's secrets."""
    from cockpit.config.credentials import env_var_name
    from cockpit.config.loader import ConfigError, load_config

    try:
        config = load_config(config_path)
    except ConfigError:
        return ["COCKPIT_JIRA_TOKEN"]
    return [env_var_name(name) for name in _needed_secrets(config)] or ["COCKPIT_JIRA_TOKEN"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check config, keyring and every source; say what to fix",
        description="Check the config, the keyring backend, each source and the data folder. "
        "Exits 1 when something needs fixing.",
    )
    parser.set_defaults(run=run)


def run(
    args: argparse.Namespace,
    *,
    credentials: CredentialStore | None = None,
    out: Callable[[str], object] = print,
) -> int:
    from cockpit.config.credentials import default_store
    from cockpit.config.paths import resolve_config_path

    path = resolve_config_path(getattr(args, "config", None))
    if not path.exists():
        out(Check("FAIL", "config", f"no config at {path}: run `cockpit init`").line())
        return 1
    store = credentials if credentials is not None else default_store()
    import asyncio

    checks = asyncio.run(run_checks(path, store))
    for check in checks:
        out(check.line())
    failed = sum(c.status == "FAIL" for c in checks)
    warned = sum(c.status == "WARN" for c in checks)
    out(f"Secrets may also come from the environment: {', '.join(env_names(path))}")
    if failed:
        out(f"{failed} to fix, {warned} to look at.")
    else:
        out("All good." if not warned else f"Nothing broken; {warned} to look at.")
    sys.stdout.flush()
    return 1 if failed else 0

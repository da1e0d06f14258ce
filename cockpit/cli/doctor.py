"""`cockpit doctor`: check the config, the keyring, every source and the data folder.

Prints one line per check, `OK`, `WARN` or `FAIL`, with what to do (every keymap
problem on a line of its own); exits 1 when something needs fixing. Each source is
checked with the client the app uses (see `cockpit.cli.setup.probes`). No secret is
ever printed: URLs of secret feeds are shown by host only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from cockpit.cli.setup.probes import caldav_probe, flavor_advice, ics_probe, jira_client, site_for
from cockpit.config.credentials import (
    CredentialError,
    CredentialStore,
    env_var_name,
    keyring_status,
    needed_secrets,
    secret_name,
    site_secret,
)
from cockpit.config.paths import data_dir, resolve_config_path
from cockpit.config.secrets import default_store
from cockpit.records import record
from cockpit.sources.errors import AuthError, SourceError

if TYPE_CHECKING:
    from cockpit.cli.main import Subparsers
    from cockpit.config.credentials import KeyringStatus
    from cockpit.config.schema import CalendarConfig, Config, JiraConfig

Status = Literal["OK", "WARN", "FAIL"]


@record
class Check:
    """One line of the report."""

    status: Status
    name: str
    message: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.name:<18} {self.message}"


# --- checks -------------------------------------------------------------------------


def _host(url: str) -> str:
    return urlsplit(url).hostname or "?"


def check_keyring(status: KeyringStatus | None = None) -> Check:
    """The keyring backend in use, by name (`status`: the encrypted file's)."""
    status = status or keyring_status()
    mapping: dict[str, Status] = {"ok": "OK", "warn": "WARN", "fail": "FAIL"}
    return Check(mapping[status.level], "keyring", status.message)


def check_keymap(config: Config, path: Path) -> list[Check]:
    """Unknown binding ids and keys bound twice, each a line to fix (the config loads)."""
    # lazy: the config parser (~12 ms) stays off `cockpit --help`
    from cockpit.config.keymap import keymap_problems
    from cockpit.config.loader import ConfigError

    problems = keymap_problems(config.keymap)
    if problems:
        return [Check("FAIL", "keymap", str(ConfigError(path, k, what))) for k, what in problems]
    rebound = len(config.keymap)
    return [Check("OK", "keymap", f"{rebound} rebound, no clashes" if rebound else "the defaults")]


def check_data_dir(path: Path | None = None) -> Check:
    """The private folder exists, is writable, and only we can read it (0700)."""
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


def check_store(folder: Path | None = None) -> Check:
    """The local database opens and passes SQLite's quick integrity check."""
    # lazy: sqlite3 and the store (~7 ms) stay off `cockpit --help`
    from cockpit.store.db import DB_NAME, RESCUE_HINT, StoreError
    from cockpit.store.rescue import damage_of

    folder = folder or data_dir()
    if not (folder / DB_NAME).exists():
        return Check("OK", "local store", "not created yet (the first start creates it)")
    try:
        problem = damage_of(folder)
    except StoreError as exc:
        return Check("FAIL", "local store", str(exc))
    if problem is not None:
        if "damaged" not in problem:
            problem = (
                f"{folder / DB_NAME}: the local database is damaged ({problem}). {RESCUE_HINT}"
            )
        return Check("FAIL", "local store", problem)
    return Check("OK", "local store", f"{folder / DB_NAME} passes SQLite's integrity check")


async def check_jira(config: Config, credentials: CredentialStore) -> list[Check]:
    """Each Jira site: its token, signing in, and (the first site's) boards."""
    if config.jira is None:
        return [
            Check(
                "WARN", "jira", "no [jira] in the config: the Blocked and Backlog panes stay empty"
            )
        ]
    checks = []
    for site in config.jira_sites:
        checks.extend(await check_site(config, site, credentials))
    return checks


async def check_site(config: Config, jira: JiraConfig, credentials: CredentialStore) -> list[Check]:
    secret = site_secret(config, jira)
    label = "jira" if secret == "jira" else f"jira {jira.name}"
    try:
        token = credentials.get(secret)
    except CredentialError as exc:
        return [Check("FAIL", label, str(exc))]
    if not token:
        fix = f"run `cockpit auth {secret}` (or set ${env_var_name(secret)})"
        return [Check("FAIL", label, f"no token: {fix}")]
    try:
        async with jira_client(site_for(jira, token), jira.timeout) as client:
            who = await client.myself()
            boards = dict(await client.boards())
    except SourceError as exc:
        return [Check("FAIL", label, await flavor_advice(jira) or str(exc))]
    except ValueError as exc:
        return [Check("FAIL", label, str(exc))]
    checks = [Check("OK", label, f"{_host(jira.url)}: signed in as {who}")]
    for board in jira.board_ids:
        if board in boards:
            checks.append(Check("OK", f"{label} board", f"{board}: {boards[board]}"))
        else:
            checks.append(
                Check(
                    "FAIL",
                    f"{label} board",
                    f"board {board} not found or not visible: "
                    "run `cockpit init` to choose one, or fix jira.board / jira.boards",
                )
            )
    return checks


async def check_calendar(cal: CalendarConfig, credentials: CredentialStore) -> Check:
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
        if cal.kind == "ics":
            url = secret if cal.secret_url else cal.url
            if not url:
                return Check("FAIL", label, f"the secret feed URL is missing: {fix}")
            found = await ics_probe(cal.name, url, cal.ca_bundle, cal.max_feed_mb)
            return Check("OK", label, f"{_host(url)}: {found}")
        if not secret:
            return Check("FAIL", label, f"no CalDAV password: {fix}")
        assert cal.url and cal.username
        result = await caldav_probe(
            cal.name, cal.url, cal.username, secret, cal.ca_bundle, cal.max_feed_mb
        )
        return Check("OK", label, f"{_host(cal.url)}: {result}")
    except AuthError as exc:
        return Check("FAIL", label, f"{exc} (or set ${env_var_name(name)})")
    except SourceError as exc:
        return Check("FAIL", label, str(exc))


async def run_checks(config_path: Path, credentials: CredentialStore) -> list[Check]:
    """Every check, in the order they are printed."""
    from cockpit.config.loader import ConfigError, load_config  # lazy: ~12 ms, off --help

    checks: list[Check] = []
    try:
        config = load_config(config_path, check_keymap=False)  # listed in full below
        checks.append(Check("OK", "config", str(config_path)))
        checks.extend(check_keymap(config, config_path))
    except ConfigError as exc:
        config = None
        checks.append(Check("FAIL", "config", str(exc)))
    store = getattr(credentials, "store", credentials)  # behind the environment's overrides
    file_status = getattr(store, "status", None)  # the encrypted file keyring
    keyring = check_keyring(file_status()) if file_status else check_keyring()
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
        import asyncio  # lazy: ~20 ms, kept off `cockpit --help` (loaded by run() by now)

        results = await asyncio.gather(*(check_calendar(c, credentials) for c in config.calendars))
        checks.extend(results)
        if not config.calendars:
            checks.append(Check("WARN", "calendars", "none configured: the Today pane stays empty"))
    checks.append(check_data_dir())
    checks.append(check_store())
    return checks


def _all_from_env(config: Config, credentials: CredentialStore) -> bool:
    names = needed_secrets(config)
    return bool(names) and all(credentials.from_env(name) is not None for name in names)


def env_names(config_path: Path) -> list[str]:
    """The environment variables that may carry this config's secrets."""
    from cockpit.config.loader import ConfigError, load_config  # lazy: ~12 ms, off --help

    try:
        config = load_config(config_path, check_keymap=False)
    except ConfigError:
        return ["COCKPIT_JIRA_TOKEN"]
    return [env_var_name(name) for name in needed_secrets(config)] or ["COCKPIT_JIRA_TOKEN"]


def _keyring_choice(path: Path) -> str:
    """The config's `keyring` ("system" when the config does not load: that is reported)."""
    # lazy: ~12 ms, off `cockpit --help`
    from cockpit.config.loader import ConfigError, load_config

    try:
        return load_config(path, check_keymap=False).keyring
    except ConfigError:
        return "system"


def register(subparsers: Subparsers) -> None:
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
    path = resolve_config_path(getattr(args, "config", None))
    if not path.exists():
        out(Check("FAIL", "config", f"no config at {path}: run `cockpit init`").line())
        return 1
    store = credentials if credentials is not None else default_store(_keyring_choice(path))
    import asyncio  # lazy: ~20 ms, kept off `cockpit --help`

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

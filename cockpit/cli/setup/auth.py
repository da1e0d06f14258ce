"""`cockpit auth SOURCE [--test | --forget]`: store, test or forget one credential.

SOURCE is `jira` (the first Jira site), `jira:NAME` (a `[[jira]]` site by name) or a
calendar's name from config.toml. Storing asks with a hidden
prompt (or reads one line of stdin with `--stdin`), tests the secret, and keeps it in
the keyring only when the service did not refuse it. Google and Microsoft calendars
sign in through the browser or a device code instead. No secret is ever printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

# probes as a module: tests replace probes.calendar_http with a fake server's client
from cockpit.cli.setup import probes
from cockpit.cli.setup.probes import flavor_advice
from cockpit.config.credentials import CredentialError, env_var_name, secret_name, site_secret
from cockpit.config.paths import resolve_config_path
from cockpit.config.prompt import InitAbort, Terminal
from cockpit.config.secrets import default_store
from cockpit.config.urls import check_url
from cockpit.sources.errors import AuthError, SourceError

if TYPE_CHECKING:
    import httpx

    from cockpit.cli.main import Subparsers
    from cockpit.config.credentials import CredentialStore
    from cockpit.config.schema import CalendarConfig, Config, JiraConfig

    Target = CalendarConfig | JiraConfig
    from cockpit.sources.oauth import RefreshingTokenProvider


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "auth",
        help="store, test (--test) or forget (--forget) a credential",
        description="Store a credential in the keyring (asked with a hidden prompt), test it, "
        "or forget it. SOURCE is `jira`, `jira:NAME` (a [[jira]] site) or a calendar's name "
        "from config.toml.",
    )
    p.add_argument("source", metavar="SOURCE", help="jira, jira:NAME, or a calendar name")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--test", action="store_true", help="test the stored credential")
    action.add_argument("--forget", action="store_true", help="delete it from the keyring")
    p.add_argument("--stdin", action="store_true", help="read the secret from standard input")
    p.set_defaults(run=run)


def run(
    args: argparse.Namespace,
    *,
    credentials: CredentialStore | None = None,
    terminal: Terminal | None = None,
) -> int:
    from cockpit.config.loader import ConfigError, load_config  # lazy: ~12 ms, off --help

    term = terminal or Terminal(interactive=not args.stdin)
    try:
        config = load_config(resolve_config_path(getattr(args, "config", None)))
        creds = credentials if credentials is not None else default_store(config.keyring)
        target = _target(config, args.source)
        if args.forget:
            return forget(term, creds, config, target)
        if args.test:
            return probes.run_prompting(test(term, creds, config, target))
        return probes.run_prompting(store(term, creds, config, target))
    except ConfigError as exc:
        print(f"cockpit: {exc}", file=sys.stderr)
        return 2
    except (InitAbort, CredentialError) as exc:
        print(f"cockpit auth: {exc}", file=sys.stderr)
        return getattr(exc, "status", 1)
    except KeyboardInterrupt:
        print("\ncockpit auth: stopped; nothing was stored.", file=sys.stderr)
        return 130


def _target(config: Config, source: str) -> Target:
    """The Jira site or the calendar; InitAbort naming the choices when unknown."""
    folded = source.casefold()
    if folded == "jira" or folded.startswith("jira:"):
        if config.jira is None:
            raise InitAbort("there is no [jira] in the config; run `cockpit init` first")
        if folded == "jira":
            return config.jira
        name = folded.removeprefix("jira:")
        for site in config.jira_sites:
            if site.name is not None and site.name.casefold() == name:
                return site
    cal = config.calendar(source)
    if cal is None:
        sites = [f"jira:{s.name}" for s in config.jira_sites if s.name]
        names = ", ".join(["jira", *sites, *(c.name for c in config.calendars)])
        raise InitAbort(f"unknown source {source!r}; expected one of: {names}")
    return cal


def _jira(target: Target) -> JiraConfig | None:
    from cockpit.config.schema import JiraConfig  # (a dataclass; the module is loaded)

    return target if isinstance(target, JiraConfig) else None


def _cal(target: Target) -> CalendarConfig | None:
    return None if _jira(target) is not None else target  # type: ignore[return-value]


def _secret_names(config: Config, target: Target) -> list[str]:
    if (site := _jira(target)) is not None:
        return [site_secret(config, site)]
    cal = _cal(target)
    assert cal is not None
    names = [secret_name(cal.kind, cal.name)]
    if cal.kind == "google":
        names.append(secret_name("google_client", cal.name))
    return names


def forget(term: Terminal, creds: CredentialStore, config: Config, target: Target) -> int:
    for name in _secret_names(config, target):
        creds.delete(name)
        term.say(f"Forgot {name!r} (the keyring no longer holds it).")
        if creds.from_env(name) is not None:
            term.say(f"  Note: ${env_var_name(name)} is still set in this environment.")
    return 0


async def probe(config: Config, target: Target, secret: str, creds: CredentialStore) -> str:
    """Use `secret` once against its service; a short success sentence, or SourceError."""
    cal = _cal(target)
    if (jira := _jira(target)) is not None:
        try:
            site = probes.site_for(jira, secret)
        except ValueError as exc:
            raise InitAbort(str(exc)) from None
        async with probes.jira_client(site, jira.timeout) as client:
            who = await client.myself()
        return f"Jira accepts the token: signed in as {who}."
    assert cal is not None
    label = f"calendar {cal.name}"
    if cal.kind == "ics":
        found = await probes.ics_probe(cal.name, secret, cal.ca_bundle, cal.max_feed_mb)
        return f"{label}: {found}."
    if cal.kind == "caldav":
        assert cal.url and cal.username
        found = await probes.caldav_probe(
            cal.name, cal.url, cal.username, secret, cal.ca_bundle, cal.max_feed_mb
        )
        return f"{label}: {found}."
    async with probes.calendar_http() as http:
        provider = _token_provider(http, cal, creds)
        await provider.refresh()
    return f"{label}: the {cal.kind} sign-in works."


def _token_provider(
    http: httpx.AsyncClient, cal: CalendarConfig, creds: CredentialStore
) -> RefreshingTokenProvider:
    # lazy: OAuth needs httpx (~70 ms), kept off `cockpit --help`
    from cockpit.sources.oauth import google_token_provider, microsoft_token_provider
    from cockpit.sync.endpoints import google_endpoints, microsoft_endpoints

    assert cal.client_id
    if cal.kind == "google":
        client_secret = creds.get(secret_name("google_client", cal.name))
        return google_token_provider(
            http,
            cal.name,
            cal.client_id,
            creds,
            client_secret=client_secret,
            endpoints=google_endpoints(cal),
        )
    return microsoft_token_provider(
        http, cal.name, cal.client_id, creds, tenant=cal.tenant, endpoints=microsoft_endpoints(cal)
    )


def _needs_secret(cal: CalendarConfig | None) -> bool:
    return not (cal is not None and cal.kind == "ics" and not cal.secret_url)


async def test(term: Terminal, creds: CredentialStore, config: Config, target: Target) -> int:
    cal = _cal(target)
    name = _secret_names(config, target)[0]
    secret: str | None
    if not _needs_secret(cal):
        assert cal is not None and cal.url
        secret = cal.url
    else:
        secret = creds.get(name)
        if not secret:
            term.say(
                f"FAIL  nothing stored for {name!r}: run `cockpit auth {_auth_arg(name)}` "
                f"(or set ${env_var_name(name)})"
            )
            return 1
    try:
        term.say(f"OK    {await probe(config, target, secret, creds)}")
    except SourceError as exc:
        term.say(f"FAIL  {await _advice(target) or exc}")
        return 1
    return 0


def _auth_arg(name: str) -> str:
    """What to give `cockpit auth` for secret `name` (jira, jira:ops, or the calendar)."""
    return name if name.startswith("jira") else name.split(":")[-1]


async def _advice(target: Target) -> str | None:
    """For a refused Jira token: fix the flavor instead, when the site says so."""
    site = _jira(target)
    return await flavor_advice(site) if site is not None else None


async def store(term: Terminal, creds: CredentialStore, config: Config, target: Target) -> int:
    cal = _cal(target)
    if not _needs_secret(cal):
        assert cal is not None
        term.say(f"Calendar {cal.name!r} is a public feed: its URL is in config.toml, no secret.")
        return 0
    if cal is not None and cal.kind in ("google", "microsoft"):
        return await sign_in(term, creds, cal)
    what = {None: "Jira token", "caldav": "CalDAV password", "ics": "secret feed URL"}
    question = what[cal.kind if cal else None]
    if term.interactive:
        secret = term.secret(question, "Input is hidden; it goes to the keyring.")
    else:
        secret = term.stdin_line(f"--stdin: expected the {question} on standard input")
    if cal is not None and cal.kind == "ics":
        try:
            secret = check_url(secret, allow_webcal=True, allow_query=True)
        except ValueError as exc:
            raise InitAbort(f"the feed URL: {exc}") from None
    name = _secret_names(config, target)[0]
    try:
        term.say(f"OK    {await probe(config, target, secret, creds)}")
    except AuthError as exc:
        term.say(f"FAIL  {await _advice(target) or exc} Nothing was stored.")
        return 1
    except SourceError as exc:
        term.say(f"WARN  could not test it ({exc}); storing it anyway.")
    creds.set(name, secret)
    term.say(f"Stored {name!r} in the keyring.")
    return 0


async def sign_in(term: Terminal, creds: CredentialStore, cal: CalendarConfig) -> int:
    """Google (browser, loopback + PKCE) or Microsoft (device code); store the refresh token."""
    assert cal.client_id
    async with probes.calendar_http(timeout=30.0) as http:
        try:
            if cal.kind == "google":
                # lazy: the sign-in needs httpx (~70 ms), kept off `cockpit --help`
                from cockpit.sources.oauth_google import google_sign_in
                from cockpit.sync.endpoints import google_endpoints

                client_name = secret_name("google_client", cal.name)
                client_secret = os.environ.get(env_var_name(client_name), "").strip() or (
                    term.secret_fn("Google client secret (Enter: none): ").strip()
                    if term.interactive
                    else ""
                )
                token = await google_sign_in(
                    http,
                    cal.client_id,
                    client_secret or None,
                    print_fn=term.say,
                    name=cal.name,
                    endpoints=google_endpoints(cal),
                )
                if client_secret:
                    creds.set(client_name, client_secret)
            else:
                # lazy: the sign-in needs httpx (~70 ms), kept off `cockpit --help`
                from cockpit.sources.oauth_microsoft import microsoft_sign_in
                from cockpit.sync.endpoints import microsoft_endpoints

                token = await microsoft_sign_in(
                    http,
                    cal.client_id,
                    cal.tenant,
                    print_fn=term.say,
                    name=cal.name,
                    endpoints=microsoft_endpoints(cal),
                )
        except SourceError as exc:
            term.say(f"FAIL  {exc}")
            return 1
    creds.set(secret_name(cal.kind, cal.name), token)
    term.say(f"Signed in; stored the {cal.kind} refresh token for {cal.name!r} in the keyring.")
    return 0

"""`cockpit init`: write a first config.toml, asking in the terminal or from flags.

First checks where secrets can be kept (`cockpit.cli.setup.secret_plan`: the keyring, or
where there is none, environment variables or an encrypted file). Then asks for the
Jira site (Cloud or Data Center is detected), the email and token (tested at once),
the board, the Blocked pane's projects, more Jira sites if any (`[[jira]]`), the
company's domains and each calendar. Every question has a default and a one-line
explanation. The file is written with tomli-w, mode 0600, and an existing one is
replaced only when the user says so (`--yes` in scripts).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cockpit.cli.setup.answers import Answers
from cockpit.cli.setup.jira_sites import gather_more_sites
from cockpit.cli.setup.jira_sites import register_flags as register_site_flags
from cockpit.cli.setup.probes import run_prompting
from cockpit.cli.setup.secret_plan import SecretPlan, plan_secrets
from cockpit.config.credentials import EnvFirstCredentials
from cockpit.config.paths import resolve_config_path
from cockpit.config.prompt import InitAbort, Terminal, split_list
from cockpit.sources.errors import SourceError

if TYPE_CHECKING:
    from cockpit.cli.main import Subparsers
    from cockpit.config.credentials import CredentialStore


def domains(term: Terminal, args: argparse.Namespace, default: str | None) -> list[str]:
    if args.domain:
        return [d.strip().lower().removeprefix("@") for d in args.domain]
    if not term.interactive:
        if default:
            return [default]
        raise InitAbort("--domain is needed: your company's email domain, e.g. --domain acme.com")
    return _domain_list(
        term.ask(
            "Company email domains",
            default or None,
            "Your company's email domains, comma-separated; a meeting with anyone "
            "outside them is a customer call.",
            check=_domain_list,
        )
    )


def zone_name(value: str) -> str:
    """`value` if it is an IANA time zone name; ValueError saying what was expected."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # lazy: ~2 ms off `cockpit --help`

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"expected an IANA time zone such as Europe/Lisbon, got {value!r}"
        ) from None
    return value


def _zone_help() -> str:
    from cockpit.config.tz import system_zone  # lazy: zoneinfo (~2 ms) off `cockpit --help`

    return (
        "An IANA zone such as Europe/Lisbon. Enter: follow the system's "
        f"(now {system_zone().key}), also when you travel."
    )


def _domain_list(value: str) -> list[str]:
    """Company domains as typed ("@Acme.com, globex.io"); ValueError for one that is not."""
    found = [d.lower().removeprefix("@") for d in split_list(value)]
    for domain in found:
        if "." not in domain or "@" in domain or "/" in domain:
            raise ValueError(f"expected domains such as acme.com, got {domain!r}")
    return found


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "init",
        help="write a first config (asks in the terminal; tokens go to the keyring)",
        description="Write a first config.toml. Asks in the terminal, or takes every answer "
        "from flags (any of --jira-url, --domain, --ics, --caldav, --no-input).",
    )
    p.add_argument("--jira-url", metavar="URL", help="your Jira site")
    p.add_argument("--jira-flavor", choices=["cloud", "datacenter"], help="skip detection")
    p.add_argument("--jira-email", metavar="EMAIL", help="Cloud: the email you sign in with")
    p.add_argument("--jira-token-env", metavar="VAR", help="read the Jira token from $VAR")
    p.add_argument("--jira-token-stdin", action="store_true", help="read the Jira token from stdin")
    p.add_argument(
        "--board",
        metavar="ID|NAME",
        help="the board whose backlog is shown (several, comma-separated: b switches)",
    )
    p.add_argument(
        "--project", action="append", metavar="KEY", help="Blocked pane project (repeat)"
    )
    p.add_argument("--domain", action="append", metavar="DOMAIN", help="company domain (repeat)")
    p.add_argument("--timezone", metavar="ZONE", help="IANA time zone (default: the system's)")
    p.add_argument("--ics", action="append", metavar="NAME=URL", help="a public ICS feed (repeat)")
    p.add_argument(
        "--caldav",
        action="append",
        metavar="NAME=URL,USER",
        help="a CalDAV calendar (repeat); password from $COCKPIT_CALDAV_PASSWORD_<NAME> or stdin",
    )
    p.add_argument("--google", action="append", metavar="NAME=CLIENT_ID", help="a Google calendar")
    p.add_argument(
        "--microsoft",
        action="append",
        metavar="NAME=CLIENT_ID[,TENANT]",
        help="a Microsoft 365 calendar",
    )
    p.add_argument(
        "--sign-in",
        action="store_true",
        help="sign --google/--microsoft calendars in now; your address goes to user_emails",
    )
    p.add_argument(
        "--keyring",
        choices=["system", "file"],
        help="where secrets go: the OS keyring (the default where there is one) or an "
        "encrypted file behind a passphrase (machines without one: SSH, headless)",
    )
    register_site_flags(p)
    p.add_argument("--no-input", action="store_true", help="never ask; fail on what is missing")
    p.add_argument("--yes", action="store_true", help="replace an existing config")
    p.set_defaults(run=run)


def _interactive(args: argparse.Namespace) -> bool:
    flags = (args.jira_url, args.domain, args.ics, args.caldav, args.google, args.microsoft)
    return not args.no_input and not any(flags)


def run(
    args: argparse.Namespace,
    *,
    credentials: CredentialStore | None = None,
    terminal: Terminal | None = None,
) -> int:
    term = terminal or Terminal(interactive=_interactive(args))
    path = resolve_config_path(getattr(args, "config", None))
    try:
        return run_prompting(_run(args, term, credentials, path))
    except InitAbort as exc:
        print(f"cockpit init: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("\ncockpit init: stopped; nothing was written.", file=sys.stderr)
        return 130


async def _run(
    args: argparse.Namespace, term: Terminal, credentials: CredentialStore | None, path: Path
) -> int:
    # lazy: the config parser and writer (~15 ms) stay off `cockpit --help`
    from cockpit.config.loader import ConfigError
    from cockpit.config.writer import store_secrets, write_config

    if args.timezone:
        try:
            zone_name(args.timezone)
        except ValueError as exc:
            raise InitAbort(f"--timezone: {exc}") from None
    if path.exists() and not (
        args.yes or (term.interactive and term.confirm(f"{path} exists. Replace it?", False))
    ):
        raise InitAbort(f"{path} exists; pass --yes to replace it (nothing was changed)")
    term.say(f"Writing a config to {path}. Enter keeps the [default]; Ctrl+C stops.")
    plan = SecretPlan(credentials) if credentials is not None else plan_secrets(term, args)
    creds = plan.store
    answers = Answers()
    if plan.keyring != "system":
        answers.document["keyring"] = plan.keyring
    try:
        from cockpit.cli.setup.jira import gather_jira  # lazy: init's questions, off --help

        email_domain = await gather_jira(term, args, answers, creds)
        if "jira" in answers.document:  # more [[jira]] sites, asked or from flags
            await gather_more_sites(term, args, answers, creds)
        company: dict[str, Any] = {"domains": domains(term, args, email_domain)}
        jira = answers.document.get("jira", {})  # [[jira]] with more sites: the first
        email = (jira[0] if isinstance(jira, list) else jira).get("email")
        if email:
            company["user_emails"] = [email.lower()]
        answers.document["company"] = company
        from cockpit.cli.setup.calendars import gather_calendars  # lazy: as gather_jira

        await gather_calendars(term, args, answers)
    except SourceError as exc:
        raise InitAbort(str(exc), 1) from None
    zone = args.timezone or (
        term.ask("Time zone", "", _zone_help(), check=lambda v: zone_name(v) if v else v)
        if term.interactive
        else ""
    )
    if zone:
        answers.document = {"timezone": zone, **answers.document}
    try:
        write_config(path, answers.document)
    except ConfigError as exc:  # a flag the questions did not check; nothing was written
        raise InitAbort(str(exc)) from None
    for warning in store_secrets(creds, answers.secrets):
        term.say(warning)
    exports = plan.export_lines(creds if isinstance(creds, EnvFirstCredentials) else None)
    if exports:
        term.say("Add these lines to your shell profile (e.g. ~/.profile), each <...> replaced")
        term.say("by the secret itself (they were not stored):")
        for line in exports:
            term.say(f"  {line}")
    term.say(
        f"Wrote {path}. Next: `cockpit doctor` checks everything; `cockpit` opens the cockpit."
    )
    return 0

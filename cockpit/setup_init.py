"""`cockpit init`: write a first config.toml, asking in the terminal or from flags.

Asks for the Jira site (Cloud or Data Center is detected), the email and token (the
token is tested at once and goes to the keyring), the board, the Blocked pane's
projects, the company's domains and each calendar. Every question has a default and
a one-line explanation. The file is written with tomli-w, mode 0600, and an existing
one is replaced only when the user says so (`--yes` in scripts).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cockpit.config.prompt import InitAbort, Terminal, reject

if TYPE_CHECKING:
    from cockpit.config.credentials import CredentialStore

TOKEN_HELP = {
    "cloud": "Create one at https://id.atlassian.com/manage-profile/security/api-tokens",
    "datacenter": "Create a Personal Access Token: your avatar > Profile > Personal Access Tokens",
}
URL_TAILS = ("/jira/", "/browse/", "/secure/", "/projects/", "/issues/", "/plugins/")


@dataclass
class Answers:
    """What init gathered; `secrets` are stored only once the file is written."""

    document: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)


def site_url(value: str) -> str:
    """A Jira address as pasted (maybe a board page) cut back to the site; ValueError if bad."""
    from cockpit.config.loader import check_url

    url = check_url(value.strip() if "://" in value else "https://" + value.strip())
    url = url.split("?", 1)[0]
    for tail in URL_TAILS:
        if tail in url[8:]:
            url = url[: url.index(tail, 8)]
    return url.rstrip("/")


def pick_board(boards: list[Any], choice: str) -> Any:
    """A board by list number, id (`id:42` or a number past the list) or name; ValueError."""
    choice = choice.strip()
    if choice.lower().startswith("id:") or (choice.isdigit() and int(choice) > len(boards)):
        wanted = int(choice.split(":")[-1])
        for board in boards:
            if board.id == wanted:
                return board
        raise ValueError(f"no board with id {wanted}")
    if choice.isdigit() and 1 <= int(choice) <= len(boards):
        return boards[int(choice) - 1]
    exact = [b for b in boards if b.name.casefold() == choice.casefold()]
    found = exact or [b for b in boards if choice.casefold() in b.name.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(f"no board named {choice!r}")
    raise ValueError(
        f"{len(found)} boards match {choice!r}: " + ", ".join(b.name for b in found[:5])
    )


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(" ", ",").split(",") if v.strip()]


class Board(NamedTuple):
    """A board as init lists it; `project` is guessed from its name ("PAY board")."""

    id: int
    name: str

    @property
    def project(self) -> str | None:
        from cockpit.setup_checks import board_project

        return board_project(self.name)


async def gather_jira(
    term: Terminal, args: argparse.Namespace, answers: Answers, creds: Any
) -> str | None:
    """The [jira] table; returns the email's domain (a default for the company's)."""
    from cockpit.setup_checks import jira_client
    from cockpit.sources.errors import AuthError
    from cockpit.sources.jira import JiraSite

    raw = args.jira_url or term.ask(
        "Jira site URL",
        "",
        "Your Jira address, e.g. https://acme.atlassian.net (Enter: no Jira).",
        check=lambda v: site_url(v) if v else "",
    )
    if not raw:
        return None
    try:
        url = site_url(raw)
    except ValueError as exc:
        raise InitAbort(f"--jira-url: {exc}") from None
    flavor = args.jira_flavor or await _flavor(term, url)
    term.say(f"  Jira {'Cloud' if flavor == 'cloud' else 'Data Center'} at {url}")
    email = None
    if flavor == "cloud":
        email = args.jira_email or term.ask(
            "Jira email",
            None,
            "The email you sign in to Jira with (it goes with the API token).",
            check=lambda v: v if "@" in v else reject("expected an email address"),
            flag="--jira-email",
        )
    for attempt in range(3):
        token = _token(term, args, creds, flavor, again=attempt > 0)
        site = JiraSite(url=url, flavor=flavor, email=email, token=token)
        try:
            async with jira_client(site) as client:
                who = await client.myself()
                boards = [Board(i, n) for i, n in await client.boards()]
            break
        except AuthError as exc:
            if not term.interactive or attempt == 2:
                raise InitAbort(str(exc), 1) from None
            whose = f" for {email}" if email else ""
            term.say(f"  Jira refused that token{whose} (HTTP {getattr(exc, 'status', 401)}).")
    term.say(f"  Signed in as {who}.")
    answers.secrets["jira"] = token
    board = _choose_board(term, args, boards)
    default_projects = [board.project] if board.project else []
    projects = args.project or _split(
        term.ask(
            "Projects for the Blocked pane",
            ",".join(default_projects),
            "Project keys, comma-separated, whose blocked issues are listed "
            "(Enter with none: every project).",
        )
    )
    jira: dict[str, Any] = {"url": url, "flavor": flavor}
    if email:
        jira["email"] = email
    jira["board"] = board.id
    jira["projects"] = [p.upper() for p in projects]
    answers.document["jira"] = jira
    return email.rpartition("@")[2].lower() if email else None


async def _flavor(term: Terminal, url: str) -> str:
    """Detected from the site; asked when the site will not say (interactive only)."""
    from cockpit.setup_checks import detect_flavor
    from cockpit.sources.errors import SourceError

    try:
        return await detect_flavor(url)
    except SourceError as exc:
        if not term.interactive:
            raise InitAbort(f"{exc} (or pass --jira-flavor cloud|datacenter)", 1) from None
        term.say(f"  {exc}")
    return term.ask(
        "Jira flavor",
        "cloud",
        "cloud (an atlassian.net site) or datacenter (your company runs Jira itself).",
        check=lambda v: v if v in ("cloud", "datacenter") else reject("cloud or datacenter"),
    )


def _token(
    term: Terminal, args: argparse.Namespace, creds: Any, flavor: str, *, again: bool = False
) -> str:
    if args.jira_token_env:
        token = os.environ.get(args.jira_token_env, "").strip()
        if not token:
            raise InitAbort(f"--jira-token-env: ${args.jira_token_env} is not set or empty")
        return token
    if args.jira_token_stdin:
        return term.stdin_line("--jira-token-stdin: expected the token on standard input")
    if not term.interactive:
        existing = creds.get("jira")
        if existing:
            return str(existing)
        raise InitAbort("a Jira token is needed: --jira-token-env VAR or --jira-token-stdin")
    return term.secret(
        "Jira API token" if flavor == "cloud" else "Jira personal access token",
        "Paste it again, or a new one (input is hidden)."
        if again
        else TOKEN_HELP[flavor] + " Input is hidden; it goes to the keyring.",
    )


def _choose_board(term: Terminal, args: argparse.Namespace, boards: list[Any]) -> Any:
    if not boards:
        raise InitAbort("this Jira account sees no boards; create one or ask for access", 1)
    if args.board:
        try:
            return pick_board(
                boards, args.board if not args.board.isdigit() else f"id:{args.board}"
            )
        except ValueError as exc:
            raise InitAbort(f"--board: {exc}") from None
    if len(boards) == 1 or not term.interactive:
        if len(boards) > 1:
            names = ", ".join(f"{b.id} {b.name}" for b in boards[:5])
            raise InitAbort(f"--board is needed: {len(boards)} boards ({names}, ...)")
        term.say(f"  Board: {boards[0].name} (id {boards[0].id}), the only one you can see.")
        return boards[0]
    shown = boards[:30]
    term.say("  Boards you can see:")
    for i, board in enumerate(shown, 1):
        term.say(f"  {i:>2}. {board.name} (id {board.id})")
    if len(boards) > len(shown):
        term.say(f"  ... and {len(boards) - len(shown)} more: type a name to find one")
    choice = term.ask(
        "Board",
        "1",
        "Whose backlog the Backlog pane shows: a number or a name.",
        check=lambda v: pick_board(boards, v),
    )
    return pick_board(boards, choice)


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
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"expected an IANA time zone such as Europe/Lisbon, got {value!r}"
        ) from None
    return value


def _zone_help() -> str:
    from cockpit.config.tz import system_zone

    return (
        "An IANA zone such as Europe/Lisbon. Enter: follow the system's "
        f"(now {system_zone().key}), also when you travel."
    )


def _domain_list(value: str) -> list[str]:
    """Company domains as typed ("@Acme.com, globex.io"); ValueError for one that is not."""
    found = [d.lower().removeprefix("@") for d in _split(value)]
    for domain in found:
        if "." not in domain or "@" in domain or "/" in domain:
            raise ValueError(f"expected domains such as acme.com, got {domain!r}")
    return found


def register(subparsers: Any) -> None:
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
    p.add_argument("--board", metavar="ID|NAME", help="the board whose backlog is shown")
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
    from cockpit.config.credentials import default_store
    from cockpit.config.paths import resolve_config_path

    term = terminal or Terminal(interactive=_interactive(args))
    creds = credentials if credentials is not None else default_store()
    path = resolve_config_path(getattr(args, "config", None))
    try:
        import asyncio

        return asyncio.run(_run(args, term, creds, path))
    except InitAbort as exc:
        print(f"cockpit init: {exc}", file=sys.stderr)
        return exc.status


async def _run(args: argparse.Namespace, term: Terminal, creds: Any, path: Path) -> int:
    from cockpit.config.loader import ConfigError
    from cockpit.config.writer import store_secrets, write_config
    from cockpit.sources.errors import SourceError

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
    answers = Answers()
    try:
        email_domain = await gather_jira(term, args, answers, creds)
        company: dict[str, Any] = {"domains": domains(term, args, email_domain)}
        email = answers.document.get("jira", {}).get("email")
        if email:
            company["user_emails"] = [email]
        answers.document["company"] = company
        from cockpit.setup_calendars import gather_calendars

        await gather_calendars(term, args, answers)
    except SourceError as exc:
        raise InitAbort(str(exc), 1) from None
    zone = args.timezone or (
        term.ask("Time zone", "", _zone_help(), check=zone_name) if term.interactive else ""
    )
    if zone:
        answers.document = {"timezone": zone, **answers.document}
    try:
        write_config(path, answers.document)
    except ConfigError as exc:  # a flag the questions did not check; nothing was written
        raise InitAbort(str(exc)) from None
    for warning in store_secrets(creds, answers.secrets):
        term.say(warning)
    term.say(
        f"Wrote {path}. Next: `cockpit doctor` checks everything; `cockpit` opens the cockpit."
    )
    return 0

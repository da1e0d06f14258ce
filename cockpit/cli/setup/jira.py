"""`cockpit init`'s Jira questions: the site (flavor detected), the email and token
(tested at once with the real client), the board and the Blocked pane's projects;
`gather_site` asks them for each more site too (`cockpit.cli.setup.jira_sites`).
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from cockpit.cli.setup.probes import board_project, detect_flavor, jira_client
from cockpit.config.credentials import env_var_name
from cockpit.config.prompt import InitAbort, Terminal, reject, split_list
from cockpit.config.urls import check_url
from cockpit.sources.errors import AuthError, SourceError, Unreachable
from cockpit.sources.jira_site import JiraSite

if TYPE_CHECKING:
    from cockpit.cli.setup.answers import Answers
    from cockpit.config.credentials import CredentialStore
    from cockpit.sources.jira_site import Flavor

TOKEN_HELP = {
    "cloud": "Create one at https://id.atlassian.com/manage-profile/security/api-tokens",
    "datacenter": "Create a Personal Access Token: your avatar > Profile > Personal Access Tokens",
}
URL_HINT = re.compile(r"/projects/([A-Za-z][A-Za-z0-9_]*)(?:/boards/(\d+))?")
URL_TAILS = ("/jira/", "/browse/", "/secure/", "/projects/", "/issues/", "/plugins/")


def site_url(value: str) -> str:
    """A Jira address as pasted (maybe a board page) cut back to the site; ValueError if bad."""
    url = check_url(
        value.strip() if "://" in value else "https://" + value.strip(), allow_query=True
    )
    url = url.split("?", 1)[0]
    for tail in URL_TAILS:
        if tail in url[8:]:
            url = url[: url.index(tail, 8)]
    return url.rstrip("/")


def url_hints(value: str) -> tuple[str | None, int | None]:
    """The project key and board id in a pasted board address (.../projects/PAY/boards/7)."""
    match = URL_HINT.search(value)
    if not match:
        return None, None
    return match.group(1).upper(), int(match.group(2)) if match.group(2) else None


def pick_board(boards: Sequence[Board], choice: str) -> Board:
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


class Board(NamedTuple):
    """A board as init lists it; `project` is guessed from its name ("PAY board")."""

    id: int
    name: str

    @property
    def project(self) -> str | None:
        return board_project(self.name)


async def gather_jira(
    term: Terminal, args: argparse.Namespace, answers: Answers, creds: CredentialStore
) -> str | None:
    """The [jira] table (`cockpit.cli.setup.jira_sites` adds more sites); returns the
    email's domain (a default for the company's)."""
    jira = await gather_site(term, args, creds)
    if jira is None:
        return None
    answers.secrets["jira"] = jira.pop("token")
    answers.document["jira"] = jira
    email = jira.get("email")
    return email.rpartition("@")[2].lower() if email else None


async def gather_site(
    term: Terminal,
    args: argparse.Namespace,
    creds: CredentialStore,
    *,
    secret: str = "jira",
    email_default: str | None = None,
) -> dict[str, Any] | None:
    """One site's table, with its tested token under "token" (for the secret `secret`);
    None when the user has no Jira."""
    answer = await _site(term, args)
    if answer is None:
        return None
    url, flavor, raw = answer
    term.say(f"  Jira {'Cloud' if flavor == 'cloud' else 'Data Center'} at {url}")
    email = None
    if flavor == "cloud":
        email = args.jira_email or term.ask(
            "Jira email",
            email_default,
            "The email you sign in to Jira with (it goes with the API token).",
            check=lambda v: v if "@" in v else reject("expected an email address"),
            flag="--jira-email",
        )
    for attempt in range(3):
        token = _token(term, args, creds, flavor, again=attempt > 0, secret=secret)
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
    hint_project, hint_board = url_hints(raw)
    chosen = _choose_boards(term, args, boards, hint_board)
    board = chosen[0]
    project = board.project or (hint_project if hint_board in (None, board.id) else None)
    default_projects = [project] if project else []
    projects = args.project or split_list(
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
    if len(chosen) > 1:  # the Backlog pane switches between them (b)
        jira["boards"] = [b.id for b in chosen[1:]]
    jira["projects"] = [p.upper() for p in projects]
    jira["token"] = token
    return jira


async def _site(term: Terminal, args: argparse.Namespace) -> tuple[str, Flavor, str] | None:
    """The site URL, its flavor (detected) and the address as given; an unreachable
    address is asked again."""
    while True:
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
        try:
            flavor: Flavor = args.jira_flavor or await _flavor(term, url)
            return url, flavor, raw
        except Unreachable as exc:
            if args.jira_url or not term.interactive:
                raise InitAbort(str(exc), 1) from None
            term.say(f"  {exc} Check the address.")


async def _flavor(term: Terminal, url: str) -> Flavor:
    """Detected from the site; asked when the site answers but will not say."""
    try:
        return await detect_flavor(url)
    except Unreachable:
        raise
    except SourceError as exc:
        if not term.interactive:
            raise InitAbort(f"{exc} (or pass --jira-flavor cloud|datacenter)", 1) from None
        term.say(f"  {exc}")
    answer = term.ask(
        "Jira flavor",
        "cloud",
        "cloud (an atlassian.net site) or datacenter (your company runs Jira itself).",
        check=lambda v: v if v in ("cloud", "datacenter") else reject("cloud or datacenter"),
    )
    return "datacenter" if answer == "datacenter" else "cloud"


def _token(
    term: Terminal,
    args: argparse.Namespace,
    creds: CredentialStore,
    flavor: str,
    *,
    again: bool = False,
    secret: str = "jira",
) -> str:
    if args.jira_token_env:
        token = os.environ.get(args.jira_token_env, "").strip()
        if not token:
            raise InitAbort(f"--jira-token-env: ${args.jira_token_env} is not set or empty")
        return token
    if args.jira_token_stdin:
        return term.stdin_line("--jira-token-stdin: expected the token on standard input")
    if not term.interactive:
        existing = creds.get(secret)
        if existing:
            return existing
        if secret != "jira":
            var = env_var_name(secret)
            raise InitAbort(
                f"a token for the Jira site {secret.partition(':')[2]!r} is needed: "
                f"${var}, or --jira-token-stdin (one line per site, the first site's first)"
            )
        raise InitAbort("a Jira token is needed: --jira-token-env VAR or --jira-token-stdin")
    return term.secret(
        "Jira API token" if flavor == "cloud" else "Jira personal access token",
        "Paste it again, or a new one (input is hidden)."
        if again
        else TOKEN_HELP[flavor] + ". Input is hidden; it is kept as said above.",
    )


def pick_boards(boards: Sequence[Board], choices: str, *, ids: bool = False) -> list[Board]:
    """Boards by comma-separated choices (as `pick_board`; `ids`: bare numbers are ids)."""
    picked = [
        pick_board(boards, f"id:{c}" if ids and c.isdigit() else c)
        for c in (part.strip() for part in choices.split(","))
        if c
    ]
    if not picked:
        raise ValueError("expected a board")
    return list({b.id: b for b in picked}.values())


def _choose_boards(
    term: Terminal, args: argparse.Namespace, boards: Sequence[Board], hint: int | None = None
) -> list[Board]:
    """The boards the Backlog pane shows (the first at start; `b` switches)."""
    if args.board and boards:
        try:
            return pick_boards(boards, args.board, ids=True)
        except ValueError as exc:
            raise InitAbort(f"--board: {exc}") from None
    if not boards or args.board or not term.interactive or len(boards) == 1:
        return [_choose_board(term, args, boards, hint)]
    hinted = [i for i, b in enumerate(boards) if b.id == hint]
    default = _list_boards(term, boards, hinted, hint)
    choice = term.ask(
        "Board",
        default,
        "Whose backlog the Backlog pane shows: a number or a name; several, "
        "comma-separated, to switch between them with b.",
        check=lambda v: pick_boards(boards, v),
    )
    return pick_boards(boards, choice)


def _choose_board(
    term: Terminal, args: argparse.Namespace, boards: Sequence[Board], hint: int | None = None
) -> Board:
    if not boards:
        raise InitAbort("this Jira account sees no boards; create one or ask for access", 1)
    if args.board:
        try:
            return pick_board(
                boards, args.board if not args.board.isdigit() else f"id:{args.board}"
            )
        except ValueError as exc:
            raise InitAbort(f"--board: {exc}") from None
    hinted = [i for i, b in enumerate(boards) if b.id == hint]
    if hinted and not term.interactive:
        board = boards[hinted[0]]
        term.say(f"  Board: {board.name} (id {board.id}), from the address you gave.")
        return board
    if len(boards) == 1 or not term.interactive:
        if len(boards) > 1:
            names = ", ".join(f"{b.id} {b.name}" for b in boards[:5])
            raise InitAbort(f"--board is needed: {len(boards)} boards ({names}, ...)")
        term.say(f"  Board: {boards[0].name} (id {boards[0].id}), the only one you can see.")
        return boards[0]
    default = _list_boards(term, boards, hinted, hint)
    choice = term.ask(
        "Board",
        default,
        "Whose backlog the Backlog pane shows: a number or a name.",
        check=lambda v: pick_board(boards, v),
    )
    return pick_board(boards, choice)


def _list_boards(
    term: Terminal, boards: Sequence[Board], hinted: list[int], hint: int | None
) -> str:
    """Say the first 30 boards, numbered; the default answer (the hinted board's)."""
    shown = boards[:30]
    term.say("  Boards you can see:")
    for i, board in enumerate(shown, 1):
        term.say(f"  {i:>2}. {board.name} (id {board.id})")
    if len(boards) > len(shown):
        term.say(f"  ... and {len(boards) - len(shown)} more: type a name to find one")
    return "1" if not hinted else str(hinted[0] + 1) if hinted[0] < 30 else f"id:{hint}"

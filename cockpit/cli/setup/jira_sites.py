"""`cockpit init` with several Jira sites: after the first, more `[[jira]]` sites.

Asked in the terminal ("Another Jira site", a short name; Enter: no more) or given
as flags: `--jira-site NAME=URL` (repeat) with `--site-board NAME=ID[,ID]`. Each
site goes through the first one's questions (flavor detected, email, token tested,
boards, projects); its token is kept as the secret `jira:NAME` (keyring, encrypted
file or `$COCKPIT_JIRA_TOKEN_NAME`, as the secret plan says). With more than one
site the config gets `[[jira]]` tables, each with a name; the first keeps the
secret `jira`.
"""

from __future__ import annotations

import argparse
import os
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cockpit.config.credentials import env_suffix, env_var_name
from cockpit.config.prompt import InitAbort, Terminal

if TYPE_CHECKING:
    from cockpit.cli.setup.answers import Answers
    from cockpit.config.credentials import CredentialStore

MAX_SITES = 9
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9 _-]{0,31}$")


def register_flags(p: argparse.ArgumentParser) -> None:
    """The flags for more sites, on `cockpit init`'s parser."""
    p.add_argument(
        "--jira-name", metavar="NAME", help="with more sites: the first site's name (default: "
        "from its address)",
    )  # fmt: skip
    p.add_argument(
        "--jira-site",
        action="append",
        metavar="NAME=URL",
        help="another Jira site (repeat); token from $COCKPIT_JIRA_TOKEN_<NAME> or the next "
        "line of --jira-token-stdin",
    )
    p.add_argument(
        "--site-board",
        action="append",
        metavar="NAME=ID[,ID]",
        help="the board(s) of another site's Backlog (needed when it has several)",
    )


def default_name(url: str) -> str:
    """A name for a site from its address: acme.atlassian.net -> acme; else "main"."""
    label = (urlsplit(url).hostname or "").split(".")[0]
    return label if NAME.match(label) and not label.isdigit() else "main"


def check_name(value: str, taken: list[str]) -> str:
    """A site name: a letter first, short, unique; ValueError saying what was expected."""
    name = value.strip()
    if not NAME.match(name):
        raise ValueError("expected a short name starting with a letter, e.g. ops")
    if env_suffix(name) in {env_suffix(t) for t in taken}:
        raise ValueError(f"expected a new name; {name!r} is taken")
    return name


def _pairs(values: list[str] | None, flag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values or ():
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InitAbort(f"{flag}: expected NAME=VALUE, got {item!r}")
        out[name.strip()] = value.strip()
    return out


async def gather_more_sites(
    term: Terminal, args: argparse.Namespace, answers: Answers, creds: CredentialStore
) -> None:
    """More `[[jira]]` sites after the first (already in `answers`), from flags or
    asked; with any, the document's `jira` becomes the list of named tables."""
    first: dict[str, Any] = answers.document["jira"]
    given = _pairs(getattr(args, "jira_site", None), "--jira-site")
    boards = _pairs(getattr(args, "site_board", None), "--site-board")
    for name in boards:
        if name not in given:
            raise InitAbort(f"--site-board: {name!r} is not a --jira-site name")
    names = [getattr(args, "jira_name", None) or default_name(first["url"])]
    sites: list[dict[str, Any]] = []
    queue = list(given.items())
    while len(names) < MAX_SITES:
        if queue:
            name, url = queue.pop(0)
            try:
                name = check_name(name, names)
            except ValueError as exc:
                raise InitAbort(f"--jira-site: {exc}") from None
        elif term.interactive and not given:
            name = term.ask(
                "Another Jira site",
                "",
                "A short name for another Jira site (e.g. ops) to add it; Enter: no more.",
                check=lambda v: check_name(v, names) if v.strip() else "",
            )
            if not name:
                break
            url = ""
        else:
            break
        term.say(f"Jira site {name!r}:")
        site = await _one_site(term, args, answers, creds, (name, url, boards.get(name)))
        if site is None:
            break
        names.append(name)
        sites.append(site)
    if not sites:
        return
    if term.interactive and not getattr(args, "jira_name", None):
        names[0] = term.ask(
            "Name of the first site",
            names[0],
            "Each [[jira]] site has a short name; a pane names its site by it.",
            check=lambda v: check_name(v, names[1:]),
        )
    answers.document["jira"] = [{"name": names[0], **first}, *sites]


async def _one_site(
    term: Terminal,
    args: argparse.Namespace,
    answers: Answers,
    creds: CredentialStore,
    given: tuple[str, str, str | None],
) -> dict[str, Any] | None:
    """One more site's table, named; its token goes to `answers.secrets` as `jira:NAME`.
    `given`: the name, the URL (empty: asked) and the boards flag."""
    from cockpit.cli.setup.jira import gather_site  # lazy: as init does

    name, url, board = given
    first: dict[str, Any] = answers.document["jira"]
    secret = f"jira:{name}"
    var = env_var_name(secret)
    sub = argparse.Namespace(
        jira_url=url or None,
        jira_flavor=None,
        jira_email=None if term.interactive else first.get("email"),
        jira_token_env=var if os.environ.get(var, "").strip() else None,
        jira_token_stdin=bool(args.jira_token_stdin) and not os.environ.get(var, "").strip(),
        board=board,
        project=None,
    )
    site = await gather_site(term, sub, creds, secret=secret, email_default=first.get("email"))
    if site is None:
        return None
    answers.secrets[secret] = site.pop("token")
    return {"name": name, **site}

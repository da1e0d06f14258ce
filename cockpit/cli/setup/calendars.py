"""`cockpit init`'s calendars: from flags (`--ics`, `--caldav`, `--google`, `--microsoft`)
or asked one by one; each feed or server is tried before it is written down.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from cockpit.cli.setup.probes import caldav_probe, ics_probe
from cockpit.cli.setup.whoami import add_user_emails, sign_in_now
from cockpit.config.credentials import env_var_name, secret_name
from cockpit.config.prompt import InitAbort, Terminal, reject
from cockpit.config.urls import check_url
from cockpit.sources.errors import AuthError

if TYPE_CHECKING:
    from cockpit.cli.setup.answers import Answers

KIND_HELP = "ics (a feed URL), caldav (server + password), google, microsoft; Enter: done."


async def gather_calendars(term: Terminal, args: argparse.Namespace, answers: Answers) -> None:
    """The [[calendars]] tables, from flags or questions; secrets go to `answers.secrets`."""
    tables: list[dict[str, Any]] = []
    for kind in ("ics", "caldav", "google", "microsoft"):
        for spec in getattr(args, kind) or []:
            name, sep, rest = spec.partition("=")
            if not sep or not name.strip() or not rest.strip():
                raise InitAbort(f"--{kind}: expected NAME=VALUE, got {spec.split('=')[0]!r}=...")
            tables.append(await _calendar(term, kind, name.strip(), rest.strip(), answers, args))
    while term.interactive:
        kind = term.ask("Add a calendar", "done", KIND_HELP, check=_kind)
        if kind == "done":
            break
        taken = {t["name"].casefold() for t in tables}

        def unique(value: str, taken: set[str] = taken) -> str:
            return reject("taken") if value.casefold() in taken else value

        name = term.ask(
            "Calendar name",
            None,
            "A short unique name shown in the agenda, e.g. Work.",
            check=unique,
        )
        tables.append(await _calendar(term, kind, name, "", answers, args))
    if tables:
        answers.document["calendars"] = tables


def _kind(value: str) -> str:
    if value not in ("ics", "caldav", "google", "microsoft", "done"):
        raise ValueError("expected ics, caldav, google or microsoft (or Enter when done)")
    return value


async def _calendar(
    term: Terminal, kind: str, name: str, spec: str, answers: Answers, args: argparse.Namespace
) -> dict[str, Any]:
    table: dict[str, Any] = {"name": name, "kind": kind}
    parts = [p.strip() for p in spec.split(",")] if spec else []
    if kind in ("google", "microsoft"):
        table["client_id"] = (
            parts[0]
            if parts
            else term.ask(
                "OAuth client id",
                None,
                f"The client id of your {kind} app registration (see the README).",
            )
        )
        if kind == "microsoft" and len(parts) > 1:
            table["tenant"] = parts[1]
        await sign_in_now(term, args, table, answers)
        return table
    feed = kind == "ics"  # a feed may have a ?query; a CalDAV server's address does not

    def checked(value: str) -> str:
        return check_url(value, allow_webcal=True, allow_query=feed)

    url = (
        parts[0]
        if parts
        else term.ask(
            "Feed URL" if feed else "CalDAV server URL",
            None,
            "The calendar's address (https://; webcal:// works too).",
            check=checked,
        )
    )
    try:
        url = checked(url)
    except ValueError as exc:
        raise InitAbort(f"--{kind} {name}: {exc}") from None
    if kind == "ics":
        secret = term.interactive and term.confirm(
            "Is it a secret address?",
            "private" in url,
            "A secret address lets anyone who has it read the calendar: "
            "it is then kept with the secrets, not in the config.",
        )
        term.say(f"  {await ics_probe(name, url)}.")
        if secret:
            table["secret_url"] = True
            answers.secrets[secret_name("ics", name)] = url
        else:
            table["url"] = url
        return table
    user = (
        parts[1]
        if len(parts) > 1
        else term.ask("CalDAV user name", None, "Your user name on that server.")
    )
    table.update(url=url, username=user)
    var = env_var_name(secret_name("caldav", name))
    env = os.environ.get(var, "").strip()
    for attempt in range(3):
        if env or not term.interactive:
            password = env or term.stdin_line(f"--caldav {name}: no password in ${var} or stdin")
        else:
            password = term.secret("CalDAV password", "Input is hidden; it is kept as said above.")
        try:
            term.say(f"  {await caldav_probe(name, url, user, password)}.")
            break
        except AuthError as exc:
            if env or not term.interactive or attempt == 2:
                raise InitAbort(str(exc), 1) from None
            term.say(f"  {exc} Try again.")
    answers.secrets[secret_name("caldav", name)] = password
    add_user_emails(answers, user)  # a user name that is an address is the user's
    return table

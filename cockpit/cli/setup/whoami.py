"""`cockpit init`: who the signed-in user is, for `[company] user_emails`.

A Google or Microsoft calendar may be signed in during init (`--sign-in`, or "Sign in
now?"); the provider is then asked for the user's address: Google's primary calendar
id (`GET calendars/primary`), Graph's `GET /me` (`mail`, else `userPrincipalName`;
`/me/calendar`'s owner when `/me` is refused). A CalDAV user name that is an address
counts too. Addresses are lower-cased and kept once. A failure to ask is one line and
never stops init.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from cockpit.cli.setup import auth, probes
from cockpit.config.credentials import MemoryCredentials, secret_name
from cockpit.sources.errors import BadResponse, SourceError

if TYPE_CHECKING:
    import httpx

    from cockpit.cli.setup.answers import Answers
    from cockpit.config.credentials import CredentialStore
    from cockpit.config.prompt import Terminal
    from cockpit.config.schema import CalendarConfig

ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
MAX_ADDRESS = 254  # RFC 5321's path limit: anything longer is not an address


def address_of(value: object) -> str | None:
    """`value` lower-cased when it is one e-mail address, else None."""
    if not isinstance(value, str) or len(value) > MAX_ADDRESS:
        return None
    value = value.strip().lower()
    return value if ADDRESS.fullmatch(value) else None


def add_user_emails(answers: Answers, *values: object) -> list[str]:
    """Add the addresses among `values` to `[company] user_emails`; those that were new."""
    company: dict[str, Any] = answers.document.setdefault("company", {})
    known = [a for a in (address_of(v) for v in company.get("user_emails", [])) if a]
    added = [a for a in (address_of(v) for v in values) if a and a not in known]
    added = list(dict.fromkeys(added))
    if known or added:
        company["user_emails"] = [*dict.fromkeys(known), *added]
    return added


async def signed_in_address(
    http: httpx.AsyncClient, cal: CalendarConfig, creds: CredentialStore
) -> str:
    """The signed-in user's address, asked of the calendar's provider; SourceError if not."""
    from cockpit.sources.oauth import authorized_get  # lazy: httpx, off `cockpit --help`
    from cockpit.sync.endpoints import api_url

    tokens = auth._token_provider(http, cal, creds)
    expired = f"{cal.kind} refused the new sign-in"
    base = api_url(cal)

    async def get(path: str, select: str | None) -> httpx.Response:
        params = {"$select": select} if select else None
        return await authorized_get(
            http, base + path, tokens=tokens, source=cal.name, expired=expired, params=params
        )

    if cal.kind == "google":
        found = [_json(await get("/calendars/primary", None), cal.name).get("id")]
    else:
        me = await get("/me", "mail,userPrincipalName")
        if me.status_code == 200:
            body = _json(me, cal.name)
            found = [body.get("mail"), body.get("userPrincipalName")]
        else:  # /me may need User.Read; the calendar's owner needs only Calendars.Read
            owner = _json(await get("/me/calendar", "owner"), cal.name).get("owner")
            found = [owner.get("address") if isinstance(owner, dict) else None]
    for value in found:
        if (address := address_of(value)) is not None:
            return address
    raise BadResponse(cal.name, "the answer named no e-mail address")


def _json(response: httpx.Response, name: str) -> dict[str, Any]:
    if response.status_code != 200:
        raise BadResponse(name, f"HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise BadResponse(name, "the answer was not a JSON object")
    return body


async def sign_in_now(
    term: Terminal, args: argparse.Namespace, table: dict[str, Any], answers: Answers
) -> None:
    """Sign calendar `table` in when asked to; keep its secrets and the user's address."""
    from cockpit.config.schema import CalendarConfig  # lazy: the schema, off `--help`

    name, kind = table["name"], table["kind"]
    later = f"  Sign in later with: cockpit auth {name}"
    wanted = getattr(args, "sign_in", False) or (
        term.interactive
        and term.confirm(
            "Sign in now?",
            True,
            "Signs in through the browser (Google) or a device code (Microsoft); "
            "your address then goes to [company] user_emails.",
        )
    )
    if not wanted:
        term.say(later)
        return
    cal = CalendarConfig(
        name=name, kind=kind, client_id=table["client_id"], tenant=table.get("tenant", "common")
    )
    creds = MemoryCredentials()
    if await auth.sign_in(term, creds, cal) != 0:
        term.say(later)
        return
    try:
        async with probes.calendar_http() as http:
            address = await signed_in_address(http, cal, creds)
    except SourceError as exc:
        term.say(f"  Could not ask {kind} who you are ({exc}); add your address to user_emails.")
    else:
        if add_user_emails(answers, address):
            term.say(f"  Signed in as {address}: added to [company] user_emails.")
    for secret in (secret_name(kind, name), secret_name("google_client", name)):
        value = creds.get(secret)  # read after asking: the refresh token may have rotated
        if value:
            answers.secrets[secret] = value

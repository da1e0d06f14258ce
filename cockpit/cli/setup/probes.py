"""What `cockpit init`, `cockpit auth` and `cockpit doctor` ask of each service.

Nothing here talks HTTP itself: Jira goes through the real client
(`cockpit.sources.jira`), feeds through `IcsSource` and CalDAV through
`CalDavSource`, so the setup commands see the same answers, and say the same
sentences, as the app. Setup retries less than the app: a person is waiting.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

    from cockpit.config.schema import JiraConfig
    from cockpit.sources.http import RetryPolicy
    from cockpit.sources.jira import Flavor, JiraClient, JiraSite

T = TypeVar("T")
TIMEOUT = 15.0
BOARD_KEY = re.compile(r"^([A-Z][A-Z0-9_]{1,9})\b")


def run_prompting(coro: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` for commands that ask questions inside the loop.

    asyncio.run's own SIGINT handler only cancels the task, which cannot stop a
    blocking input(): the user's first Ctrl+C at a prompt would do nothing. Here
    Ctrl+C raises KeyboardInterrupt at once, as the banner promises.
    """
    import asyncio  # lazy: ~20 ms; `cockpit --help` imports this module (through auth)

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()


def setup_policy() -> RetryPolicy:
    """Two tries, short waits: enough for a blip, not a minute of silence."""
    from cockpit.sources.http import RetryPolicy  # lazy: needs httpx (~70 ms), off --help

    return RetryPolicy(attempts=2, base_delay=0.2)


def calendar_http(
    timeout: float = TIMEOUT, ca_bundle: str | Path | None = None
) -> httpx.AsyncClient:
    """A plain client for the calendar probes and the OAuth sign-ins."""
    # lazy: httpx (~70 ms) loads only when a probe runs, not for `cockpit --help`
    import httpx

    from cockpit.sources.tls import verify_for

    return httpx.AsyncClient(timeout=timeout, follow_redirects=False, verify=verify_for(ca_bundle))


def site_for(jira: JiraConfig, token: str) -> JiraSite:
    """The config's [jira] as the client's JiraSite."""
    from cockpit.sources.jira import JiraSite  # lazy: needs httpx (~70 ms), off --help

    return JiraSite(
        url=jira.url,
        flavor=jira.flavor,
        email=jira.email,
        token=token,
        ca_bundle=str(jira.ca_bundle) if jira.ca_bundle else None,
    )


@asynccontextmanager
async def jira_client(site: JiraSite, timeout: float | None = None) -> AsyncIterator[JiraClient]:
    """A JiraClient on its own HTTP client, closed on the way out."""
    from cockpit.sources.jira import JiraClient, build_http_client  # lazy: httpx, off --help

    http = build_http_client(site, timeout=timeout or TIMEOUT)
    try:
        yield JiraClient(http, site, policy=setup_policy())
    finally:
        await http.aclose()


async def detect_flavor(url: str, ca_bundle: str | None = None) -> Flavor:
    """'cloud' or 'datacenter' from the site's serverInfo; SourceError if it is not Jira."""
    # lazy: httpx (~70 ms) loads only when a probe runs, not for `cockpit --help`
    import httpx

    # lazy: httpx and the Jira client (~60 ms), off `cockpit --help`
    from cockpit.sources.jira import detect_flavor as detect
    from cockpit.sources.tls import verify_for

    async with httpx.AsyncClient(timeout=TIMEOUT, verify=verify_for(ca_bundle)) as http:
        return await detect(http, url, policy=setup_policy())


async def flavor_advice(jira: JiraConfig) -> str | None:
    """When Jira refused the configured site: the sentence to fix `flavor`, if the
    server says it is the other flavor (a valid token is refused when sent the
    wrong way); None when it agrees or cannot tell."""
    # lazy: as above
    from cockpit.sources.errors import SourceError

    try:
        actual = await detect_flavor(jira.url, str(jira.ca_bundle) if jira.ca_bundle else None)
    except SourceError:
        return None
    if actual == jira.flavor:
        return None
    name = {"cloud": "Jira Cloud", "datacenter": "Jira Data Center"}
    email = " and email = your sign-in address" if actual == "cloud" and not jira.email else ""
    return (
        f"{name[actual]} answers at {jira.url}, but the config says flavor = "
        f'"{jira.flavor}": set flavor = "{actual}"{email} in [jira] of config.toml '
        "(the token is probably fine; `cockpit init` detects the flavor)"
    )


def board_project(name: str) -> str | None:
    """The project key in a board's name: Jira names the boards it makes "PAY board"."""
    match = BOARD_KEY.match(name.strip())
    return match.group(1) if match else None


async def ics_probe(
    name: str, url: str, ca_bundle: str | Path | None = None, max_feed_mb: int = 20
) -> str:
    """Fetch and parse the feed; a short description, or SourceError."""
    # lazy: icalendar and httpx (~120 ms) load only when a probe runs, not for --help
    from zoneinfo import ZoneInfo

    from cockpit.sources.ics import IcsSource

    async with calendar_http(ca_bundle=ca_bundle) as http:
        source = IcsSource(
            http, name, url, ZoneInfo("UTC"), policy=setup_policy(), max_feed_mb=max_feed_mb
        )
        parsed = await source.load()
    count = len(parsed.calendar.walk("VEVENT"))
    return f"feed answers ({count} event{'s' if count != 1 else ''})"


async def caldav_probe(
    name: str,
    url: str,
    user: str,
    password: str,
    ca_bundle: str | Path | None = None,
    max_feed_mb: int = 20,
) -> str:
    """Sign in and find the event calendars; a short description, or SourceError."""
    # lazy: icalendar and httpx (~120 ms) load only when a probe runs, not for --help
    from zoneinfo import ZoneInfo

    from cockpit.sources.caldav import CalDavSource

    async with calendar_http(ca_bundle=ca_bundle) as http:
        source = CalDavSource(
            http,
            name,
            url,
            user,
            password,
            ZoneInfo("UTC"),
            policy=setup_policy(),
            max_feed_mb=max_feed_mb,
        )
        found = await source.calendars()
    names = ", ".join(c.name for c in found[:3]) + (", ..." if len(found) > 3 else "")
    return f"signed in as {user}; {len(found)} calendar{'s' if len(found) != 1 else ''}: {names}"

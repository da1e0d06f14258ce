"""What the Google and Microsoft calendar sources share.

Both read a JSON calendar API page by page with an OAuth bearer token: a 401 renews
the token once (`authorized_get`), a 200 must carry a JSON object, other statuses
become a clear sentence (each provider adds its own for 403/404), events that cannot
be read are counted in `skipped`, and paging stops on a repeated or endless chain.
Each provider says where its items, next page and refusals are; see `google.py`
and `microsoft.py`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from cockpit.models import Attendee, Meeting
from cockpit.sources.errors import BadResponse
from cockpit.sources.http import RetryPolicy, json_body
from cockpit.sources.oauth import TokenProvider, authorized_get, expired_message

MAX_PAGES = 200
YIELD_EVERY = 10
"""Events read between two chances for the event loop to run (keys, paints)."""

Params = dict[str, str] | None
NextPage = tuple[str, str, Params]
"""(what marks the page, its url, its query) of the page to read next."""


class OAuthCalendarSource:
    """A calendar read through an OAuth-protected JSON API; a provider fills the hooks."""

    kind = "Calendar"
    """How the user knows the service, for messages ("Google Calendar")."""
    repeated_page = "repeated a page while paging."

    def __init__(
        self,
        http: httpx.AsyncClient,
        name: str,
        tz: ZoneInfo,
        token_provider: TokenProvider,
        *,
        policy: RetryPolicy | None,
        api_url: str,
        page_size: int,
    ) -> None:
        self.name = name
        self.tz = tz
        self.label = f"{self.kind} {name!r}"
        self._http = http
        self._tokens = token_provider
        self._policy = policy
        self._api = api_url.rstrip("/")
        self._page_size = page_size
        self.skipped = 0
        """Events in the last fetch that could not be read (no usable start)."""

    # Provider hooks.

    def _headers(self) -> dict[str, str]:
        return {"Accept": "application/json"}

    def _items(self, body: dict[str, Any]) -> Iterable[dict[str, Any]]:
        """The page's events worth reading (cancelled ones left out)."""
        raise NotImplementedError

    def _next_page(self, body: dict[str, Any], url: str, params: Params) -> NextPage | None:
        """The page after `body`, None on the last one."""
        raise NotImplementedError

    def _refused(self, response: httpx.Response) -> None:
        """Raise the provider's own sentence for a status it knows (403, 404...)."""

    def _to_meeting(self, item: dict[str, Any]) -> Meeting | None:
        raise NotImplementedError

    # Shared.

    async def _collect(self, url: str, params: Params) -> list[Meeting]:
        """Every page's meetings from `url` on; unreadable events counted in `skipped`."""
        meetings: list[Meeting] = []
        self.skipped = 0
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            body = await self._page(url, params)
            for count, item in enumerate(self._items(body), start=1):
                if count % YIELD_EVERY == 0:  # HTML bodies take ~1 ms each: let the loop run
                    await asyncio.sleep(0)
                meeting = self._to_meeting(item)
                if meeting is None:
                    self.skipped += 1
                else:
                    meetings.append(meeting)
            following = self._next_page(body, url, params)
            if following is None:
                return meetings
            marker, url, params = following
            if marker in seen:
                raise BadResponse(self.name, f"{self.label} {self.repeated_page}")
            seen.add(marker)
        raise BadResponse(self.name, f"{self.label} sent more pages than expected.")

    async def _page(self, url: str, params: Params) -> dict[str, Any]:
        """One page's JSON object; 401 renews the token once, other refusals are told."""
        response = await authorized_get(
            self._http,
            url,
            tokens=self._tokens,
            source=self.name,
            expired=expired_message(self.label, self.name),
            policy=self._policy,
            params=params,
            headers=self._headers(),
        )
        if response.status_code == 200:
            body = json_body(response, self.name)
            if not isinstance(body, dict):
                raise BadResponse(self.name, f"{self.label} sent an unexpected response.")
            return body
        self._refused(response)
        raise BadResponse(self.name, f"{self.label} answered HTTP {response.status_code}.")


def text(value: Any) -> str | None:
    """A stripped text field, None when missing or blank."""
    return str(value).strip() or None if value is not None else None


def unique_attendees(raw: Any, read: Callable[[dict[str, Any]], Attendee | None]) -> list[Attendee]:
    """The people in `raw` as `read` sees them, each address once, in order."""
    people: list[Attendee] = []
    seen: set[str] = set()
    for person in raw or ():
        attendee = read(person) if isinstance(person, dict) else None
        if attendee is not None and attendee.email not in seen:
            seen.add(attendee.email)
            people.append(attendee)
    return people

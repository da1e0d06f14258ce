"""An ICS subscription (a public or secret .ics feed URL) as a calendar source.

Fetches with If-None-Match/If-Modified-Since so an unchanged feed costs a 304 and
no parsing; parses in a worker thread. The feed URL may carry a secret token, so
messages name the calendar and its host, never the URL.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from cockpit.config.loopback import is_loopback
from cockpit.models import Meeting
from cockpit.sources.calendar_base import (
    FEED_MB,
    check_calendar_url,
    host_of,
    normalise_feed_url,
    require_aware,
    too_large_message,
)
from cockpit.sources.errors import AuthError, BadResponse, Unreachable
from cockpit.sources.http import MB, RetryPolicy, send
from cockpit.sources.ical import (
    Expansion,
    ParseCache,
    ParsedCalendar,
    cut_warnings,
    expand_async,
    looks_like_html,
)


class IcsSource:
    """A calendar read from an iCalendar feed over https (http only on loopback)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        name: str,
        url: str,
        tz: ZoneInfo,
        *,
        policy: RetryPolicy | None = None,
        max_feed_mb: int = FEED_MB,
    ) -> None:
        self.name = name
        self.tz = tz
        self._http = http
        self._url = normalise_feed_url(url)
        self._policy = policy
        self.max_feed_mb = max_feed_mb
        self._etag: str | None = None
        self._last_modified: str | None = None
        self._parsed: ParsedCalendar | None = None
        self._cache = ParseCache(size=2)
        self.last_expansion: Expansion | None = None
        """The last window's result, with how many broken events were skipped."""
        self.not_modified = 0
        """How many fetches the server answered 304 (the parse was reused)."""
        self.warnings: list[str] = []
        """What limits left out of the last fetch, one sentence each (see `agenda`)."""

    @property
    def host(self) -> str:
        return host_of(self._url)

    def __repr__(self) -> str:  # never show the (possibly secret) URL
        return f"IcsSource(name={self.name!r}, host={self.host!r})"

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        """Occurrences overlapping [start, end) in the user's zone."""
        require_aware(start, end)
        parsed = await self.load()
        self.last_expansion = await expand_async(parsed, start, end, self.tz, self.name)
        expansion = self.last_expansion
        self.warnings = cut_warnings(self.name, expansion.cuts, expansion.full)
        return list(self.last_expansion.meetings)

    async def load(self) -> ParsedCalendar:
        """The feed, parsed; a 304 reuses the last parse."""
        check_calendar_url(self._url, self.name)
        headers = {"Accept": "text/calendar, */*;q=0.5"}
        if self._parsed is not None:
            if self._etag:
                headers["If-None-Match"] = self._etag
            if self._last_modified:
                headers["If-Modified-Since"] = self._last_modified
        response = await send(
            self._http,
            "GET",
            self._url,
            source=self.name,
            policy=self._policy,
            headers=headers,
            follow_redirects=True,
            max_bytes=self.max_feed_mb * MB,
            too_large=too_large_message(self.name, self.host, self.max_feed_mb, "feed"),
        )
        self._check_final_url(response)
        if response.status_code == 304 and self._parsed is not None:
            self.not_modified += 1
            return self._parsed
        self._raise_for_status(response)
        content_type = response.headers.get("content-type", "").lower()
        body = response.content
        if "text/html" in content_type or looks_like_html(body[:512].decode("latin-1")):
            raise BadResponse(
                self.name,
                f"Calendar {self.name!r} ({self.host}) sent a web page instead of a calendar; "
                "check the feed address (a private link may have expired or need a login).",
            )
        etag = response.headers.get("ETag")
        try:
            parsed = await self._cache.parse(body, f"Calendar {self.name!r} ({self.host})")
        except BadResponse as exc:
            raise BadResponse(self.name, exc.message) from exc
        self._parsed = parsed
        self._etag = etag
        self._last_modified = response.headers.get("Last-Modified")
        return parsed

    def _check_final_url(self, response: httpx.Response) -> None:
        final = response.url
        if final.scheme == "https" or (final.scheme == "http" and is_loopback(final.host)):
            return
        raise BadResponse(
            self.name,
            f"Calendar {self.name!r} redirected to an insecure address ({final.host}); refused.",
        )

    def _raise_for_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status < 400:
            if status != 200:
                raise BadResponse(
                    self.name, f"Calendar {self.name!r} ({self.host}) answered HTTP {status}."
                )
            return
        if status in (401, 403):
            raise AuthError(
                self.name,
                f"Calendar {self.name!r} ({self.host}) refused access (HTTP {status}); "
                "the feed address may have been reset: store the new one with "
                f"`cockpit auth {self.name}`.",
            )
        if status in (404, 410):
            raise BadResponse(
                self.name,
                f"Calendar {self.name!r} was not found at {self.host} (HTTP {status}); "
                "the feed may have been removed or its private address reset.",
            )
        if status >= 500:
            raise Unreachable(
                self.name,
                f"Calendar {self.name!r} is unavailable (HTTP {status} from {self.host}).",
            )
        raise BadResponse(
            self.name, f"Calendar {self.name!r} ({self.host}) answered HTTP {status}."
        )

"""CalDAV (RFC 4791) as a calendar source: discovery, then a time-range query per calendar.

Discovery follows RFC 6764/5397: PROPFIND `current-user-principal` on the given
URL, then `calendar-home-set` on the principal, then the collections under the
home that are calendars and accept VEVENTs. Each fetch sends one
`calendar-query` REPORT with a `time-range` per calendar; recurrences are
expanded locally by `cockpit.sources.ical`, and each resource is parsed once per
ETag. Basic auth; the password never appears in a message.
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from cockpit.models import Meeting
from cockpit.records import record
from cockpit.sources.calendar_base import (
    FEED_MB,
    check_calendar_url,
    host_of,
    require_aware,
    too_large_message,
)
from cockpit.sources.errors import AuthError, BadResponse, SourceError
from cockpit.sources.http import MB, RetryPolicy, send
from cockpit.sources.ical import ParseCache, cut_warnings, expand_async
from cockpit.sources.ical_expand import MAX_PER_WINDOW

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
NS = {"d": DAV, "c": CALDAV}

PRINCIPAL_BODY = """<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:">
<d:prop><d:current-user-principal/><d:resourcetype/></d:prop></d:propfind>"""
HOME_BODY = """<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><c:calendar-home-set/></d:prop></d:propfind>"""
LIST_BODY = """<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><d:resourcetype/><d:displayname/><c:supported-calendar-component-set/></d:prop>
</d:propfind>"""
QUERY_BODY = """<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><d:getetag/><c:calendar-data/></d:prop>
<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
<c:time-range start="{start}" end="{end}"/>
</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"""


@record(slots=True)
class DavCalendar:
    """One calendar collection found by discovery."""

    url: str
    name: str


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


class CalDavSource:
    """All VEVENT calendars of one CalDAV account."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        name: str,
        url: str,
        username: str,
        password: str,
        tz: ZoneInfo,
        *,
        policy: RetryPolicy | None = None,
        max_feed_mb: int = FEED_MB,
    ) -> None:
        self.name = name
        self.tz = tz
        self._http = http
        self._url = url.strip()
        self._auth = httpx.BasicAuth(username, password)
        self._policy = policy
        self.max_feed_mb = max_feed_mb
        self._calendars: list[DavCalendar] | None = None
        self._cache = ParseCache(size=4096)
        self.skipped = 0
        """Broken events left out of the last fetch."""
        self.warnings: list[str] = []
        """What limits left out of the last fetch, one sentence each (see `agenda`)."""

    def __repr__(self) -> str:
        return f"CalDavSource(name={self.name!r}, host={host_of(self._url)!r})"

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        """Occurrences overlapping [start, end) from every calendar, in the user's zone."""
        require_aware(start, end)
        calendars = await self.calendars()
        results = await asyncio.gather(
            *(self._query(cal, start, end, len(calendars) > 1) for cal in calendars),
            return_exceptions=True,
        )
        meetings: list[Meeting] = []
        self.skipped = 0
        cuts: list[str] = []
        full = False
        for result in results:
            if isinstance(result, BaseException):
                if isinstance(result, BadResponse) and "not found" in result.message:
                    self._calendars = None  # the calendar list changed; rediscover next time
                raise result
            meetings.extend(result[0])
            self.skipped += result[1]
            cuts.extend(result[2])
            full = full or result[3]
        meetings.sort(key=lambda m: (not m.all_day, m.start))
        self.warnings = cut_warnings(self.name, cuts, full)
        return meetings

    async def calendars(self) -> list[DavCalendar]:
        """The account's VEVENT calendars (discovered once, then remembered)."""
        if self._calendars is None:
            self._calendars = await self._discover()
        return self._calendars

    # --- discovery -----------------------------------------------------------------

    async def _discover(self) -> list[DavCalendar]:
        check_calendar_url(self._url, self.name)
        root = await self._dav("PROPFIND", self._url, PRINCIPAL_BODY, depth="0")
        for response in root.iterfind("d:response", NS):
            if response.find(".//d:resourcetype/c:calendar", NS) is not None:
                return [DavCalendar(self._url, self.name)]  # the URL is a calendar itself
        principal = self._href(root, ".//d:current-user-principal/d:href")
        home_root = await self._dav("PROPFIND", principal or self._url, HOME_BODY, depth="0")
        home = self._href(home_root, ".//c:calendar-home-set/d:href")
        if home is None:
            raise BadResponse(
                self.name,
                f"The CalDAV server for {self.name!r} ({host_of(self._url)}) did not say where "
                "the calendars are (no calendar-home-set); check the server address.",
            )
        listing = await self._dav("PROPFIND", home, LIST_BODY, depth="1")
        found = []
        for response in listing.iterfind("d:response", NS):
            href = response.findtext("d:href", namespaces=NS)
            if not href or response.find(".//d:resourcetype/c:calendar", NS) is None:
                continue
            comps = response.findall(".//c:supported-calendar-component-set/c:comp", NS)
            if comps and not any(c.get("name", "").upper() == "VEVENT" for c in comps):
                continue  # a task list
            label = (response.findtext(".//d:displayname", namespaces=NS) or "").strip()
            found.append(DavCalendar(self._join(href), label or href.rstrip("/").split("/")[-1]))
        if not found:
            raise BadResponse(
                self.name,
                f"No event calendars were found for {self.name!r} on {host_of(self._url)}.",
            )
        return found

    # --- query ---------------------------------------------------------------------

    async def _query(
        self, calendar: DavCalendar, start: datetime, end: datetime, label: bool
    ) -> tuple[list[Meeting], int, list[str], bool]:
        body = QUERY_BODY.format(start=_utc(start), end=_utc(end))
        root = await self._dav("REPORT", calendar.url, body, depth="1")
        shown = f"{self.name}: {calendar.name}" if label else self.name
        meetings: list[Meeting] = []
        skipped = 0
        cuts: list[str] = []
        for response in root.iterfind("d:response", NS):
            data = response.findtext(".//c:calendar-data", namespaces=NS)
            if not data or not data.strip():
                continue
            href = response.findtext("d:href", namespaces=NS) or ""
            etag = response.findtext(".//d:getetag", namespaces=NS)
            key = f"{href}|{etag}" if etag else None
            try:
                parsed = await self._cache.parse(data, f"Calendar {shown!r}", key)
            except SourceError:
                skipped += 1  # one unreadable resource is one broken event, not a broken feed
                continue
            expansion = await expand_async(
                parsed, start, end, self.tz, shown, limit=MAX_PER_WINDOW - len(meetings)
            )
            meetings.extend(expansion.meetings)
            skipped += expansion.skipped
            cuts.extend(expansion.cuts)
            if expansion.full:
                return meetings, skipped, cuts, True
        return meetings, skipped, cuts, False

    # --- plumbing ------------------------------------------------------------------

    async def _dav(self, method: str, url: str, body: str, *, depth: str) -> ET.Element:
        url = self._join(url)
        check_calendar_url(url, self.name)
        response = await send(
            self._http,
            method,
            url,
            source=self.name,
            policy=self._policy,
            content=body.encode(),
            headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
            auth=self._auth,
            max_bytes=self.max_feed_mb * MB,
            too_large=too_large_message(
                self.name, host_of(url), self.max_feed_mb, f"answer to {method}"
            ),
        )
        host = host_of(url)
        if response.status_code in (401, 403):
            raise AuthError(
                self.name,
                f"The CalDAV server for {self.name!r} ({host}) refused the username or password "
                f"(HTTP {response.status_code}); store the right password with "
                f"`cockpit auth {self.name}`.",
            )
        if response.status_code == 404:
            raise BadResponse(
                self.name, f"Calendar {self.name!r}: a CalDAV collection was not found on {host}."
            )
        if response.status_code != 207:
            raise BadResponse(
                self.name,
                f"The CalDAV server for {self.name!r} ({host}) answered HTTP "
                f"{response.status_code} to {method}; is this a CalDAV address?",
            )
        try:
            return safe_fromstring(response.content)
        except (ET.ParseError, DefusedXmlException) as exc:
            raise BadResponse(
                self.name, f"The CalDAV server for {self.name!r} ({host}) sent unreadable XML."
            ) from exc

    def _href(self, root: ET.Element, path: str) -> str | None:
        href = root.findtext(path, namespaces=NS)
        return self._join(href.strip()) if href and href.strip() else None

    def _join(self, href: str) -> str:
        return str(httpx.URL(self._url).join(href))

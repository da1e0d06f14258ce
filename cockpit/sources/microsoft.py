"""Microsoft 365 (Graph `/me/calendarView`) as a calendar source.

Asks Graph for times in UTC (`Prefer: outlook.timezone="UTC"`), so every
`{"dateTime", "timeZone"}` pair is read the same way; a zone other than UTC (a
server ignoring the header) is still understood, IANA or common Windows names.
Follows `@odata.nextLink` only on Graph's own host, so the bearer token never
leaves it. Cancelled occurrences are left out; all-day events start at local
midnight of their date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from cockpit.models import Attendee, Meeting, MeetingStatus, MyResponse
from cockpit.sources.calendar_base import clean_email, normalise_response, require_aware
from cockpit.sources.dial_in import graph_dial_in
from cockpit.sources.errors import AuthError, BadResponse
from cockpit.sources.http import RetryPolicy
from cockpit.sources.invitation import read_invitation
from cockpit.sources.oauth import TokenProvider, auth_command
from cockpit.sources.oauth_calendar import (
    NextPage,
    OAuthCalendarSource,
    Params,
    text,
    unique_attendees,
)

API = "https://graph.microsoft.com/v1.0"
PAGE_SIZE = 100
SELECT = (
    "id,iCalUId,subject,start,end,isAllDay,isCancelled,showAs,responseStatus,"
    "attendees,organizer,location,body,onlineMeeting,onlineMeetingUrl,onlineMeetingProvider,type"
)

WINDOWS_ZONES = {
    "UTC": "UTC",
    "Coordinated Universal Time": "UTC",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "E. Europe Standard Time": "Europe/Chisinau",
    "FLE Standard Time": "Europe/Kiev",
    "GTB Standard Time": "Europe/Bucharest",
    "Russian Standard Time": "Europe/Moscow",
    "Israel Standard Time": "Asia/Jerusalem",
    "India Standard Time": "Asia/Kolkata",
    "China Standard Time": "Asia/Shanghai",
    "Singapore Standard Time": "Asia/Singapore",
    "Tokyo Standard Time": "Asia/Tokyo",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "US Mountain Standard Time": "America/Phoenix",
    "Pacific Standard Time": "America/Los_Angeles",
    "Alaskan Standard Time": "America/Anchorage",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "Atlantic Standard Time": "America/Halifax",
    "E. South America Standard Time": "America/Sao_Paulo",
}
"""Windows zone names Graph may use, to IANA (CLDR windowsZones, territory 001)."""

_FRACTION = re.compile(r"(\.\d{1,6})\d*")


class MicrosoftCalendarSource(OAuthCalendarSource):
    """The signed-in user's default Microsoft 365 calendar, through Graph."""

    kind = "Microsoft 365 calendar"
    repeated_page = "sent an unexpected next page link."

    def __init__(
        self,
        http: httpx.AsyncClient,
        name: str,
        tz: ZoneInfo,
        token_provider: TokenProvider,
        *,
        policy: RetryPolicy | None = None,
        api_url: str = API,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(
            http, name, tz, token_provider, policy=policy, api_url=api_url, page_size=page_size
        )

    def __repr__(self) -> str:
        return f"MicrosoftCalendarSource(name={self.name!r})"

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        """Occurrences overlapping [start, end), in start order, in the user's zone."""
        require_aware(start, end)
        params = {
            "startDateTime": _utc_text(start),
            "endDateTime": _utc_text(end),
            "$select": SELECT,
            "$orderby": "start/dateTime",
            "$top": str(self._page_size),
        }
        meetings = await self._collect(f"{self._api}/me/calendarView", params)
        meetings.sort(key=lambda m: m.start)
        return meetings

    def _headers(self) -> dict[str, str]:
        prefer = f'outlook.timezone="UTC", odata.maxpagesize={self._page_size}'
        return {**super()._headers(), "Prefer": prefer}

    def _items(self, body: dict[str, Any]) -> Iterable[dict[str, Any]]:
        for item in body.get("value") or ():
            if isinstance(item, dict) and not item.get("isCancelled"):
                yield item

    def _next_page(self, body: dict[str, Any], url: str, params: Params) -> NextPage | None:
        """Graph's `@odata.nextLink`, only on Graph's own host (it gets the token)."""
        next_link = body.get("@odata.nextLink")
        if not next_link:
            return None
        next_link = str(next_link)
        if httpx.URL(next_link).host != httpx.URL(self._api).host:
            raise BadResponse(self.name, f"{self.label} sent an unexpected next page link.")
        return next_link, next_link, None

    def _refused(self, response: httpx.Response) -> None:
        if response.status_code == 403:
            raise AuthError(
                self.name,
                f"{self.label} may not read the calendar (HTTP 403); "
                "the sign-in needs the Calendars.Read permission: run "
                f"`{auth_command(self.name)}`",
            )

    def _to_meeting(self, item: dict[str, Any]) -> Meeting | None:
        all_day = bool(item.get("isAllDay"))
        start = _when(item.get("start"), self.tz, all_day)
        if start is None:
            return None
        end = _when(item.get("end"), self.tz, all_day)
        if all_day and (end is None or end <= start):
            end = datetime.combine(start.date() + timedelta(days=1), time(0), tzinfo=self.tz)
        if end is not None and end <= start:
            end = None
        organizer = clean_email(_address(item.get("organizer"))) or None
        location = text((item.get("location") or {}).get("displayName"))
        online = item.get("onlineMeeting")
        if not isinstance(online, dict):
            online = {}
        invitation = read_invitation(
            _body(item),
            conference=[online.get("joinUrl"), item.get("onlineMeetingUrl")],
            location=location,
            provider=PROVIDERS.get(str(item.get("onlineMeetingProvider") or "")),
            dial_in=graph_dial_in(online),
        )
        my_response = _my_response(item)
        return Meeting(
            uid=str(item.get("id") or item.get("iCalUId") or ""),
            title=text(item.get("subject")) or "(no title)",
            start=start,
            end=end,
            calendar=self.name,
            all_day=all_day,
            status=_status(item),
            attendees=tuple(_attendees(item.get("attendees"), organizer)),
            join_url=invitation.join_url,
            location=location,
            description=invitation.description,
            organizer=organizer,
            my_response=my_response,
            me=organizer if _answer(item) == "organizer" else None,
            provider=invitation.provider if invitation.join_url or invitation.dial_in else None,
            dial_in=invitation.dial_in,
        )


def _utc_text(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def graph_zone(name: str | None) -> tzinfo | None:
    """A Graph `timeZone` value (IANA or Windows name) as a tzinfo, None when unknown."""
    if not name:
        return UTC
    key = WINDOWS_ZONES.get(name.strip(), name.strip())
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _when(field: Any, tz: tzinfo, all_day: bool) -> datetime | None:
    """Graph's {"dateTime", "timeZone"} as an aware datetime in `tz`.

    All-day events: the date is what counts, at local midnight in `tz`.
    """
    if not isinstance(field, dict) or not field.get("dateTime"):
        return None
    try:
        naive = datetime.fromisoformat(_FRACTION.sub(r"\1", str(field["dateTime"])))
    except ValueError:
        return None
    if all_day:
        return datetime.combine(naive.date(), time(0), tzinfo=tz)
    if naive.tzinfo is not None:
        return naive.astimezone(tz)
    zone = graph_zone(field.get("timeZone"))
    if zone is None:
        return None
    return naive.replace(tzinfo=zone).astimezone(tz)


def _address(value: Any) -> str | None:
    if isinstance(value, dict):
        address = (value.get("emailAddress") or {}).get("address")
        return str(address) if address else None
    return None


def _status(item: dict[str, Any]) -> MeetingStatus:
    """Graph has no event status: tentative when the user answered 'maybe'."""
    response = str((item.get("responseStatus") or {}).get("response") or "")
    if response == "tentativelyAccepted" or item.get("showAs") == "tentative":
        return "tentative"
    return "confirmed"


PROVIDERS = {"teamsForBusiness": "Teams", "skypeForBusiness": "Skype", "skypeForConsumer": "Skype"}
"""Graph's `onlineMeetingProvider` values, as users name them."""

MY_RESPONSES: dict[str, MyResponse | None] = {
    "organizer": "accepted",
    "accepted": "accepted",
    "tentativelyAccepted": "tentative",
    "declined": "declined",
    "notResponded": "needs_action",
    "none": None,
}
"""Graph's `responseStatus.response` (the user's own), as `my_response`."""


def _answer(item: dict[str, Any]) -> str:
    status = item.get("responseStatus")
    return str(status.get("response") or "") if isinstance(status, dict) else ""


def _my_response(item: dict[str, Any]) -> MyResponse | None:
    return MY_RESPONSES.get(_answer(item))


def _body(item: dict[str, Any]) -> str | None:
    """The full body (HTML or text); the 255-character preview only when no body came."""
    body = item.get("body")
    if isinstance(body, dict) and body.get("content"):
        return str(body["content"])
    return text(item.get("bodyPreview"))


def _attendees(raw: Any, organizer: str | None) -> list[Attendee]:
    def read(person: dict[str, Any]) -> Attendee | None:
        email_field = person.get("emailAddress") or {}
        email = clean_email(email_field.get("address"))
        if not email:
            return None
        return Attendee(
            email=email,
            name=text(email_field.get("name")),
            response=normalise_response((person.get("status") or {}).get("response")),
            organizer=email == organizer,
            resource=person.get("type") == "resource",
        )

    return unique_attendees(raw, read)

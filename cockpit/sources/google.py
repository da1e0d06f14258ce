"""Google Calendar (API v3 `events.list`) as a calendar source.

Asks for single (expanded) events in start order between timeMin and timeMax and
follows `nextPageToken`. Cancelled events are left out; all-day events use
`start.date`/`end.date` (exclusive end). Times come back in the user's zone. A 401
renews the access token once; then the user is told to run `cockpit auth <name>`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, tzinfo
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from cockpit.models import Attendee, Meeting, MeetingStatus, MyResponse
from cockpit.sources.calendar_base import (
    clean_email,
    normalise_response,
    normalise_status,
    require_aware,
)
from cockpit.sources.dial_in import google_dial_in
from cockpit.sources.errors import AuthError, BadResponse, RateLimited
from cockpit.sources.http import RetryPolicy
from cockpit.sources.invitation import read_invitation
from cockpit.sources.oauth import TokenProvider
from cockpit.sources.oauth_calendar import (
    NextPage,
    OAuthCalendarSource,
    Params,
    text,
    unique_attendees,
)

API = "https://www.googleapis.com/calendar/v3"
PAGE_SIZE = 250
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"})


class GoogleCalendarSource(OAuthCalendarSource):
    """One Google calendar (`calendar_id`, default "primary") read through the API."""

    kind = "Google Calendar"

    def __init__(
        self,
        http: httpx.AsyncClient,
        name: str,
        calendar_id: str,
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
        self.calendar_id = calendar_id or "primary"

    def __repr__(self) -> str:
        return f"GoogleCalendarSource(name={self.name!r}, calendar_id={self.calendar_id!r})"

    @property
    def events_url(self) -> str:
        return f"{self._api}/calendars/{quote(self.calendar_id, safe='@')}/events"

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        """Occurrences overlapping [start, end), in start order, in the user's zone."""
        require_aware(start, end)
        params = {
            "singleEvents": "true",
            "orderBy": "startTime",
            "timeMin": start.isoformat(),
            "timeMax": end.isoformat(),
            "maxResults": str(self._page_size),
        }
        return await self._collect(self.events_url, params)

    def _items(self, body: dict[str, Any]) -> Iterable[dict[str, Any]]:
        for item in body.get("items") or ():
            if isinstance(item, dict) and item.get("status") != "cancelled":
                yield item

    def _next_page(self, body: dict[str, Any], url: str, params: Params) -> NextPage | None:
        token = body.get("nextPageToken")
        if not token:
            return None
        return str(token), url, {**(params or {}), "pageToken": str(token)}

    def _refused(self, response: httpx.Response) -> None:
        if response.status_code == 403:
            if _error_reasons(response) & RATE_REASONS:
                raise RateLimited(
                    self.name, f"{self.label} is rate-limiting us; try again in a minute."
                )
            raise AuthError(
                self.name,
                f"{self.label} refused access to calendar {self.calendar_id!r} (HTTP 403); "
                "check the calendar is shared with you and `calendar_id` in config.toml",
            )
        if response.status_code == 404:
            raise BadResponse(
                self.name,
                f"{self.label}: no calendar {self.calendar_id!r}; "
                "check `calendar_id` in config.toml",
            )

    def _to_meeting(self, item: dict[str, Any]) -> Meeting | None:
        start_field = item.get("start") or {}
        end_field = item.get("end") or {}
        all_day = "date" in start_field and "dateTime" not in start_field
        start = _when(start_field, self.tz)
        if start is None:
            return None
        end = _when(end_field, self.tz)
        if end is not None and end <= start and not all_day:
            end = None
        organizer = clean_email((item.get("organizer") or {}).get("email")) or None
        attendees = tuple(_attendees(item.get("attendees"), organizer))
        location = text(item.get("location"))
        conference_data = item.get("conferenceData")
        if not isinstance(conference_data, dict):
            conference_data = {}
        conference = [item.get("hangoutLink")]
        for point in conference_data.get("entryPoints") or ():
            if isinstance(point, dict) and point.get("entryPointType") == "video":
                conference.append(point.get("uri"))
        solution = conference_data.get("conferenceSolution")
        invitation = read_invitation(
            text(item.get("description")),
            conference=conference,
            location=location,
            provider=text(solution.get("name")) if isinstance(solution, dict) else None,
            dial_in=google_dial_in(conference_data),
        )
        me, my_response = _me(item)
        return Meeting(
            uid=str(item.get("id") or item.get("iCalUID") or ""),
            title=text(item.get("summary")) or "(no title)",
            start=start,
            end=end,
            calendar=self.name,
            all_day=all_day,
            status=_status(item),
            attendees=attendees,
            join_url=invitation.join_url,
            location=location,
            description=invitation.description,
            organizer=organizer,
            my_response=my_response,
            me=me,
            attendees_omitted=bool(item.get("attendeesOmitted")),
            provider=invitation.provider if invitation.join_url or invitation.dial_in else None,
            dial_in=invitation.dial_in,
        )


def _when(field: dict[str, Any], tz: tzinfo) -> datetime | None:
    """A Google start/end object as an aware datetime in `tz` (dates: local midnight)."""
    try:
        if field.get("dateTime"):
            value = datetime.fromisoformat(str(field["dateTime"]))
            if value.tzinfo is None:
                value = value.replace(tzinfo=_zone(field.get("timeZone"), tz))
            return value.astimezone(tz)
        if field.get("date"):
            return datetime.combine(date.fromisoformat(str(field["date"])), time(0), tzinfo=tz)
    except ValueError:
        return None
    return None


def _zone(name: Any, default: tzinfo) -> tzinfo:
    try:
        return ZoneInfo(str(name)) if name else default
    except (ZoneInfoNotFoundError, ValueError):
        return default


def _status(item: dict[str, Any]) -> MeetingStatus:
    """The event's status; tentative too when the user answered 'maybe'."""
    status = normalise_status(item.get("status"))
    if status != "confirmed":
        return status
    for person in item.get("attendees") or ():
        if isinstance(person, dict) and person.get("self"):
            return "tentative" if person.get("responseStatus") == "tentative" else status
    return status


MY_RESPONSES: dict[str, MyResponse] = {
    "accepted": "accepted",
    "tentative": "tentative",
    "declined": "declined",
    "needsAction": "needs_action",
}


def _me(item: dict[str, Any]) -> tuple[str | None, MyResponse | None]:
    """The user's address and answer: the `self` attendee's, else accepted when the
    user organised (or created) an event without guests."""
    for person in item.get("attendees") or ():
        if isinstance(person, dict) and person.get("self"):
            email = clean_email(person.get("email")) or None
            return email, MY_RESPONSES.get(str(person.get("responseStatus") or ""))
    for role in ("organizer", "creator"):
        who = item.get(role)
        if isinstance(who, dict) and who.get("self"):
            return clean_email(who.get("email")) or None, "accepted"
    return None, None


def _attendees(raw: Any, organizer: str | None) -> list[Attendee]:
    def read(person: dict[str, Any]) -> Attendee | None:
        email = clean_email(person.get("email"))
        if not email:
            return None
        return Attendee(
            email=email,
            name=text(person.get("displayName")),
            response=normalise_response(person.get("responseStatus")),
            organizer=bool(person.get("organizer")) or email == organizer,
            resource=bool(person.get("resource")),
        )

    return unique_attendees(raw, read)


def _error_reasons(response: httpx.Response) -> set[str]:
    """The `error.errors[].reason` values of a Google error body."""
    try:
        body = response.json()
        errors = body.get("error", {}).get("errors", [])
        return {str(e.get("reason")) for e in errors if isinstance(e, dict)}
    except (ValueError, AttributeError, RecursionError):
        return set()

"""The contract every calendar source meets, plus small helpers they share.

A calendar source (ICS feed, CalDAV, Google, Microsoft 365) is a plain async class
with a `name` and `fetch(start, end)`; it returns one `Meeting` per occurrence that
overlaps the window, with times converted to the user's zone. Errors are
`cockpit.sources.errors.SourceError` subclasses whose message never holds a secret.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Protocol, runtime_checkable

from cockpit.config.loopback import is_loopback as is_loopback_host
from cockpit.models import Meeting, MeetingStatus, Response
from cockpit.sources.errors import BadResponse


@runtime_checkable
class CalendarSource(Protocol):
    """Something that lists meetings in a time window."""

    name: str

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        """Occurrences overlapping [start, end) (aware datetimes), in the user's zone."""
        ...


def require_aware(start: datetime, end: datetime) -> None:
    """Raise ValueError unless the window is aware and not inverted."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("calendar windows need time-zone aware datetimes")
    if end < start:
        raise ValueError("calendar window ends before it starts")


def day_window(day: date, tz: tzinfo, days: int = 1) -> tuple[datetime, datetime]:
    """[local midnight of `day`, local midnight `days` later) in `tz`."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=days), time(0), tzinfo=tz)
    return start, end


def overlaps(meeting: Meeting, start: datetime, end: datetime) -> bool:
    """True when the meeting touches [start, end); a zero-length one counts at its start."""
    if meeting.end is None or meeting.end <= meeting.start:
        return start <= meeting.start < end
    return meeting.start < end and meeting.end > start


FEED_MB = 20
"""The largest ICS feed or CalDAV answer read by default, in MB (`max_feed_mb`)."""


def too_large_message(name: str, host: str, limit_mb: int, what: str) -> str:
    """Why a calendar's answer was refused, and the config key that raises the limit."""
    return (
        f"Calendar {name!r} ({host}): the {what} is larger than {limit_mb} MB; "
        f"raise calendars[].max_feed_mb for {name!r} in config.toml to read it."
    )


def host_of(url: str) -> str:
    """The host part of a URL, for messages that must not reveal the full (secret) URL."""
    try:
        import httpx  # lazy: the app's first frame imports this module, not httpx (~70 ms)

        return httpx.URL(url).host or "an unknown host"
    except Exception:  # only for a message
        return "an unknown host"


def check_calendar_url(url: str, source: str) -> None:
    """BadResponse unless the URL is https, or http on a loopback address.

    The message names the calendar and the host only: the URL itself may be secret.
    """
    try:
        import httpx  # lazy: the app's first frame imports this module, not httpx (~70 ms)

        parsed = httpx.URL(url.strip())
    except Exception as exc:  # any parse failure is one user error
        raise BadResponse(
            source, f"The address of calendar {source!r} is not a valid URL."
        ) from exc
    scheme = parsed.scheme.lower()
    if scheme == "webcal":
        return  # normalised to https by normalise_feed_url
    if scheme == "https" and parsed.host:
        return
    if scheme == "http" and parsed.host and is_loopback_host(parsed.host):
        return
    if scheme == "http":
        raise BadResponse(
            source,
            f"Calendar {source!r} uses plain http:// ({parsed.host}); use https:// "
            "(http is only allowed for loopback addresses).",
        )
    raise BadResponse(source, f"The address of calendar {source!r} must start with https://.")


def normalise_feed_url(url: str) -> str:
    """webcal:// feeds are https feeds (as every calendar app treats them)."""
    url = url.strip()
    if url.lower().startswith("webcal://"):
        return "https://" + url[len("webcal://") :]
    return url


STATUS_MAP: dict[str, MeetingStatus] = {
    "CONFIRMED": "confirmed",
    "TENTATIVE": "tentative",
    "CANCELLED": "cancelled",
    "CANCELED": "cancelled",
}

RESPONSE_MAP: dict[str, Response] = {
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
    "NEEDS-ACTION": "needs-action",
    # Graph / Google spellings, for the other sources
    "NEEDSACTION": "needs-action",
    "NONE": "needs-action",
    "NOTRESPONDED": "needs-action",
    "TENTATIVELYACCEPTED": "tentative",
    "ORGANIZER": "accepted",
}


def normalise_status(value: str | None) -> MeetingStatus:
    """An iCalendar/Google/Graph status word as a MeetingStatus (default confirmed)."""
    return STATUS_MAP.get((value or "").strip().upper(), "confirmed")


def normalise_response(value: str | None) -> Response | None:
    """A PARTSTAT/responseStatus word as a Response, None when unknown or absent."""
    if not value:
        return None
    return RESPONSE_MAP.get(value.strip().upper().replace("_", "").replace(" ", ""))


def clean_email(value: str | None) -> str:
    """'mailto:Ann@X.com' -> 'ann@x.com'; '' when absent."""
    if not value:
        return ""
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower()

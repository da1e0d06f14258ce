"""Turn one expanded iCalendar occurrence (an icalendar VEVENT) into a `Meeting`.

Times end up in the user's zone: aware times are converted, floating times (no
TZID, or a TZID nobody knows) are read as the user's wall clock, and all-day
events start at local midnight with an exclusive end. Text stays plain text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from icalendar import Component

from cockpit.models import Attendee, Meeting
from cockpit.sources.calendar_base import clean_email, normalise_response, normalise_status
from cockpit.sources.invitation import read_invitation

CONFERENCE_PROPS = (
    "CONFERENCE",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
)
RESOURCE_CUTYPES = frozenset({"ROOM", "RESOURCE"})


def as_list(value: Any) -> list[Any]:
    """icalendar gives one value or a list for repeatable properties."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def local_datetime(value: date | datetime, tz: tzinfo) -> datetime:
    """A DTSTART/DTEND value as an aware datetime in `tz` (dates: local midnight)."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=tz)
        return value.astimezone(tz)
    return datetime.combine(value, time(0), tzinfo=tz)


def text(component: Component, name: str) -> str | None:
    """A property as a plain string, None when absent or empty."""
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
        if value is None:
            return None
    result = str(value).strip()
    return result or None


def _param(value: Any, name: str) -> str | None:
    params = getattr(value, "params", None)
    if not params:
        return None
    raw = params.get(name)
    if raw is None:
        return None
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    return str(raw).strip() or None if raw is not None else None


def _address(value: Any) -> str:
    email = clean_email(str(value))
    if "@" not in email:
        email = clean_email(_param(value, "EMAIL")) or email
    return email


def attendees_of(component: Component, organizer: str | None) -> tuple[Attendee, ...]:
    """ATTENDEE lines as Attendees (CN, PARTSTAT, CUTYPE=ROOM/RESOURCE), one per email."""
    seen: set[str] = set()
    people = []
    for value in as_list(component.get("ATTENDEE")):
        email = _address(value)
        if not email or email in seen:
            continue
        seen.add(email)
        cutype = (_param(value, "CUTYPE") or "").upper()
        people.append(
            Attendee(
                email=email,
                name=_param(value, "CN"),
                response=normalise_response(_param(value, "PARTSTAT")),
                organizer=organizer is not None and email == organizer,
                resource=cutype in RESOURCE_CUTYPES,
            )
        )
    return tuple(people)


def _conference_values(component: Component) -> Iterable[str]:
    for name in CONFERENCE_PROPS:
        values = as_list(component.get(name))
        # RFC 7986: prefer the entry whose FEATURE says VIDEO.
        values.sort(key=lambda v: "VIDEO" not in (_param(v, "FEATURE") or "").upper())
        for value in values:
            yield str(value)


def _value(component: Component, name: str) -> Any:
    """The decoded value (`.dt`) of a date/time/duration property, None when absent."""
    prop: Any = component.get(name)
    return None if prop is None else prop.dt


def fallback_uid(component: Component) -> str:
    """A stable stand-in for a missing UID: a hash of the title and start."""
    seed = f"{component.get('SUMMARY', '')}|{_value(component, 'DTSTART')!r}"
    return "nouid-" + hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()[:16]


def to_meeting(component: Component, tz: tzinfo, calendar: str) -> Meeting:
    """One occurrence as a Meeting; raises (KeyError, ValueError, ...) on a broken one."""
    start_value = _value(component, "DTSTART")
    if not isinstance(start_value, date):
        raise ValueError("DTSTART is not a date or a date-time")
    end_value = _value(component, "DTEND")
    duration = _value(component, "DURATION")
    if end_value is None and isinstance(duration, timedelta):
        end_value = start_value + duration
    if end_value is not None and not isinstance(end_value, date):
        end_value = None
    all_day = not isinstance(start_value, datetime)
    start = local_datetime(start_value, tz)
    end: datetime | None
    if all_day:
        end = local_datetime(end_value, tz) if end_value is not None else None
        if end is None or end <= start:  # RFC 5545: a date without an end lasts one day
            end = local_datetime(start_value + timedelta(days=1), tz)
    else:
        end = local_datetime(end_value, tz) if end_value is not None else None
        if end is not None and end <= start:  # no DTEND (or a zero one): no end
            end = None
    organizer_value = component.get("ORGANIZER")
    organizer = _address(organizer_value) if organizer_value is not None else None
    location = text(component, "LOCATION")
    invitation = read_invitation(
        text(component, "DESCRIPTION"), conference=_conference_values(component), location=location
    )
    raw_uid = text(component, "UID")
    return Meeting(
        uid=raw_uid or fallback_uid(component),
        title=text(component, "SUMMARY") or "(no title)",
        start=start,
        end=end,
        calendar=calendar,
        all_day=all_day,
        status=normalise_status(text(component, "STATUS")),
        attendees=attendees_of(component, organizer or None),
        join_url=invitation.join_url,
        location=location,
        description=invitation.description,
        organizer=organizer or None,
        provider=invitation.provider if invitation.join_url or invitation.dial_in else None,
        dial_in=invitation.dial_in,
    )

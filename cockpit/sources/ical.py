"""Parse iCalendar (RFC 5545) text once, expand it for any window many times.

`parse_ics` reads VCALENDAR text with `icalendar` (Windows zone names such as
"W. Europe Standard Time" map to IANA zones there) and normalises Google's
X-WR-TIMEZONE with `x_wr_timezone`; `ParsedCalendar.expand` lets
`recurring-ical-events` do RRULE, RDATE, EXDATE and RECURRENCE-ID (at a bounded
cost, see `ical_expand`), then converts each occurrence to a `Meeting` in the
user's zone.

A calendar that is not iCalendar at all raises BadResponse; a single broken
event (bad DTSTART, bad RRULE, ...) is left out and counted in `skipped`, so
one bad invitation never hides a whole day; an event cut by a limit is said in
`cuts`. Parsing a large export takes a second or more: use `parse_ics_async`
(a daemon thread that stops when its caller is cancelled) or a `ParseCache`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

import x_wr_timezone
from icalendar import Calendar, Component

from cockpit.models import Meeting
from cockpit.records import record
from cockpit.sources.calendar_base import overlaps, require_aware
from cockpit.sources.errors import BadResponse
from cockpit.sources.ical_convert import to_meeting
from cockpit.sources.ical_expand import (
    MAX_PER_WINDOW,
    Plan,
    expand_plan,
    plan,
    title_of,
)
from cockpit.sources.ical_pieces import read_calendars
from cockpit.sources.threads import Stopped, run_stoppable

CRITICAL_PROPS = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
)
"""A VEVENT whose one of these could not be read is skipped (others are cosmetic)."""


@record(slots=True)
class Expansion:
    """The meetings of one window, plus how many events had to be left out."""

    meetings: list[Meeting]
    skipped: int = 0
    problems: tuple[str, ...] = ()
    """Short, secret-free reasons (event title and what was wrong), for a log or toast."""
    cuts: tuple[str, ...] = ()
    """What a limit left out (an event repeating too often), to tell the user."""
    full: bool = False
    """More meetings than the window's limit: only the first ones are kept."""


def content_digest(data: str | bytes) -> str:
    """SHA-256 of the calendar text: the cache key when no ETag is known."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def looks_like_html(text: str) -> bool:
    """True when a 'calendar' is really a web page (a login page, an error page)."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body"))


def _problem(component: Component, what: str) -> str:
    return f"{title_of(component)!r}: {what}"


@dataclass
class ParsedCalendar:
    """A parsed calendar, ready to be expanded for any window (thread-safe)."""

    calendar: Calendar
    digest: str
    skipped_at_parse: tuple[str, ...] = ()
    name: str | None = None
    """The calendar's own name (X-WR-CALNAME), when it has one."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _plan: Plan | None = field(default=None, repr=False)

    def expand(
        self,
        start: datetime,
        end: datetime,
        tz: tzinfo,
        calendar: str,
        *,
        limit: int = MAX_PER_WINDOW,
        stop: threading.Event | None = None,
    ) -> Expansion:
        """Occurrences overlapping [start, end), converted to `tz`, sorted by start.

        At most `limit` of them; `stop` (set by the caller) ends the work early.
        """
        require_aware(start, end)
        problems = list(self.skipped_at_parse)
        with self._lock:
            if self._plan is None:
                self._plan = plan(self.calendar, end.date() + timedelta(days=366))
            found = expand_plan(self._plan, start, end, limit=limit, stop=stop)
        problems += found.problems
        meetings = []
        for component in found.components:
            try:
                meeting = to_meeting(component, tz, calendar)
            except Exception as exc:  # one bad occurrence never sinks the feed
                problems.append(_problem(component, f"unreadable ({type(exc).__name__})"))
                continue
            if overlaps(meeting, start, end):
                meetings.append(meeting)
        meetings.sort(key=lambda m: (not m.all_day, m.start, m.title))
        full = found.full or len(meetings) > limit
        del meetings[limit:]
        return Expansion(meetings, len(problems), tuple(problems), tuple(found.cuts), full)


def parse_ics(
    data: str | bytes, source: str, stop: threading.Event | None = None
) -> ParsedCalendar:
    """Parse VCALENDAR text; BadResponse (naming `source`) if it is not a calendar.

    `stop` (set by the caller) ends the work early, between events.
    """
    text = _decode(data)
    digest = content_digest(data)
    if looks_like_html(text):
        raise BadResponse(
            source,
            f"{source} sent a web page instead of a calendar; check the calendar's address "
            "(a private feed link may have expired).",
        )
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise BadResponse(source, f"{source} did not send an iCalendar (.ics) calendar.")
    try:
        parsed, unreadable = read_calendars(text, stop)
    except Stopped:
        raise
    except Exception as exc:
        raise BadResponse(
            source, f"{source} sent a calendar that cannot be read ({_first_line(exc)})."
        ) from exc
    calendars = [c for c in parsed if c.name == "VCALENDAR"]
    if not calendars:
        raise BadResponse(source, f"{source} did not send an iCalendar (.ics) calendar.")
    calendar = calendars[0]
    for extra in calendars[1:]:
        for sub in extra.subcomponents:
            calendar.add_component(sub)
    name = str(calendar.get("X-WR-CALNAME", "") or "").strip() or None
    problems = unreadable + _drop_broken_events(calendar)
    try:
        calendar = x_wr_timezone.to_standard(calendar)
    except Exception as exc:
        raise BadResponse(
            source, f"{source} has a calendar time zone that cannot be read ({_first_line(exc)})."
        ) from exc
    return ParsedCalendar(calendar, digest, tuple(problems), name)


def _drop_broken_events(calendar: Calendar) -> list[str]:
    """Remove VEVENTs whose timing cannot be read; return why, one line each."""
    problems: list[str] = []
    kept = []
    for sub in calendar.subcomponents:
        if sub.name == "VEVENT":
            bad = [prop for prop, _msg in getattr(sub, "errors", ()) if prop in CRITICAL_PROPS]
            if "DTSTART" not in sub:
                bad.append("DTSTART missing")
            if bad:
                problems.append(_problem(sub, "cannot read " + ", ".join(bad)))
                continue
        kept.append(sub)
    calendar.subcomponents[:] = kept
    return problems


def _first_line(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


async def parse_ics_async(data: str | bytes, source: str) -> ParsedCalendar:
    """`parse_ics` in a daemon thread, so the UI event loop never stalls (nor waits at exit)."""
    return await run_stoppable(lambda stop: parse_ics(data, source, stop))


async def expand_async(
    parsed: ParsedCalendar,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    calendar: str,
    *,
    limit: int = MAX_PER_WINDOW,
) -> Expansion:
    """`ParsedCalendar.expand` in a daemon thread."""
    return await run_stoppable(
        lambda stop: parsed.expand(start, end, tz, calendar, limit=limit, stop=stop)
    )


def cut_warnings(calendar: str, cuts: Sequence[str], full: bool) -> list[str]:
    """One sentence for what limits left out of `calendar` (none when nothing was)."""
    if full:
        limit = f"{MAX_PER_WINDOW:,}"
        cuts = [*cuts, f"more than {limit} meetings in these days; only {limit} are shown"]
    if not cuts:
        return []
    more = f" (and {len(cuts) - 2} more)" if len(cuts) > 2 else ""
    return [f"Calendar {calendar!r}: " + "; ".join(cuts[:2]) + more + "."]


class ParseCache:
    """Parsed calendars by content (or ETag) key: parse once per change, expand often."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._items: OrderedDict[str, ParsedCalendar] = OrderedDict()
        self.parses = 0
        """How many times text was actually parsed (tests and diagnostics)."""

    def get(self, key: str) -> ParsedCalendar | None:
        parsed = self._items.get(key)
        if parsed is not None:
            self._items.move_to_end(key)
        return parsed

    def put(self, key: str, parsed: ParsedCalendar) -> None:
        self._items[key] = parsed
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    async def parse(self, data: str | bytes, source: str, key: str | None = None) -> ParsedCalendar:
        """The cached parse for `key` (default: the content's digest), else parse in a thread."""
        key = key or content_digest(data)
        parsed = self.get(key)
        if parsed is None:
            parsed = await parse_ics_async(data, source)
            self.parses += 1
            self.put(key, parsed)
        return parsed


def meetings_between(
    data: str | bytes, start: datetime, end: datetime, tz: tzinfo, calendar: str
) -> list[Meeting]:
    """Convenience for small calendars (demo, tests): parse and expand in one go."""
    return parse_ics(data, calendar).expand(start, end, tz, calendar).meetings


__all__ = [
    "Expansion",
    "ParseCache",
    "ParsedCalendar",
    "content_digest",
    "cut_warnings",
    "expand_async",
    "meetings_between",
    "parse_ics",
    "parse_ics_async",
]

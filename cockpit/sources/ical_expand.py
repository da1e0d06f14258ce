"""Expand a parsed calendar for one window at a bounded cost, and say what was cut.

`plan` sorts a calendar's events once: dense series (see `ical_bounds`) are kept
apart, the rest go into one `recurring_ical_events` query reused for every window.
`expand_plan` iterates each series lazily and stops at `MAX_PER_EVENT`
occurrences; a dense series is rebuilt from a copy moved near the window and
walked a short span at a time, so its cost is its cap, not its age. The window
stops at a limit (`MAX_PER_WINDOW`). Every cut, and every series left out as too
dense, is one sentence in `cuts` naming the event; `stop` ends the work early.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

import recurring_ical_events
from icalendar import Calendar, Component

from cockpit.sources.ical_bounds import (
    DENSE_STEPS,
    RuleShape,
    TooDense,
    day_of,
    moved_near,
    shapes_of,
    unless_impossible,
)
from cockpit.sources.threads import Stopped

MAX_PER_EVENT = 500
"""Occurrences of one event shown in one window; more is a cut, said in `cuts`."""
MAX_PER_WINDOW = 2_000
"""Occurrences of one calendar in one window."""


@dataclass
class Entry:
    """One series: from the shared query, or dense (rebuilt for each window), or broken."""

    title: str
    series: Any = None
    events: list[Component] = field(default_factory=list)
    """Dense: the core event first, then its modified instances."""
    shapes: list[RuleShape] = field(default_factory=list)
    error: str = ""


@dataclass
class Plan:
    entries: list[Entry]
    shell: Calendar
    """The calendar's own properties and time zones, for rebuilding a dense series."""


@dataclass
class Found:
    components: list[Component] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)
    full: bool = False
    """The window's limit was reached; the series after it were not expanded."""


def title_of(component: Component) -> str:
    return str(component.get("SUMMARY", "") or "").strip()[:60] or "untitled event"


def plan(calendar: Calendar, horizon: date) -> Plan:
    """Sort the events; a series is dense when walking it up to `horizon` is long."""
    shell = Calendar()
    for key, value in calendar.items():
        shell[key] = value
    for timezone in calendar.walk("VTIMEZONE"):
        shell.add_component(timezone)
    groups: dict[str, list[Component]] = {}
    for event in calendar.walk("VEVENT"):
        groups.setdefault(str(event.get("UID", id(event))), []).append(event)
    light: dict[str, list[Component]] = {}
    dense: list[Entry] = []
    for uid, events in groups.items():
        try:
            events, shapes = _classify(events, horizon)
        except Exception:  # an odd rule: recurring_ical_events judges it with the others
            shapes = []
        if shapes:
            dense.append(Entry(title_of(events[0]), events=events, shapes=shapes))
        else:
            light[uid] = events
    return Plan([*_shared(light, shell), *dense], shell)


def _classify(events: list[Component], horizon: date) -> tuple[list[Component], list[RuleShape]]:
    """The series' events (an impossible rule dropped), and its rules' shapes when dense
    (the core event first then); no shapes for a light series."""
    core = next((e for e in events if "RRULE" in e and "RECURRENCE-ID" not in e), None)
    if core is None:
        return events, []
    possible = unless_impossible(core)
    if possible is not core:
        return [possible if e is core else e for e in events], []
    shapes = shapes_of(core)
    if not any(s.steps(day_of(core), horizon) > DENSE_STEPS for s in shapes):
        return events, []
    return [core, *(e for e in events if e is not core)], shapes


def _calendar(shell: Calendar, events: list[Component]) -> Calendar:
    calendar = Calendar()
    for key, value in shell.items():
        calendar[key] = value
    for component in [*shell.subcomponents, *events]:
        calendar.add_component(component)
    return calendar


def _shared(groups: dict[str, list[Component]], shell: Calendar) -> list[Entry]:
    """One query for every light series; one per UID if that fails, to isolate the bad one."""
    titles = {uid: title_of(events[0]) for uid, events in groups.items()}
    everything = [event for events in groups.values() for event in events]
    try:
        query = recurring_ical_events.of(_calendar(shell, everything))
        return [Entry(titles.get(str(s.uid), "untitled event"), series=s) for s in query.series]
    except Exception:
        pass
    entries: list[Entry] = []
    for uid, events in groups.items():
        try:
            query = recurring_ical_events.of(_calendar(shell, events))
            entries.extend(Entry(titles[uid], series=s) for s in query.series)
        except Exception as exc:
            entries.append(Entry(titles[uid], error=f"cannot expand ({type(exc).__name__})"))
    return entries


def expand_plan(
    the_plan: Plan,
    start: datetime,
    end: datetime,
    *,
    limit: int = MAX_PER_WINDOW,
    stop: threading.Event | None = None,
) -> Found:
    """The occurrences (as components) touching [start, end), capped, with what was cut."""
    found = Found()
    for entry in the_plan.entries:
        if stop is not None and stop.is_set():
            raise Stopped
        if entry.error:
            found.problems.append(f"{entry.title!r}: {entry.error}")
            continue
        try:
            taken = list(islice(_occurrences(entry, the_plan, start, end, stop), MAX_PER_EVENT + 1))
        except TooDense as exc:
            found.cuts.append(f"{entry.title!r} repeats too often to show ({exc}); left out")
            continue
        except Stopped:
            raise
        except Exception as exc:  # one series that cannot be expanded never sinks the feed
            found.problems.append(f"{entry.title!r}: cannot expand ({type(exc).__name__})")
            continue
        if len(taken) > MAX_PER_EVENT:
            del taken[MAX_PER_EVENT:]
            found.cuts.append(
                f"{entry.title!r} repeats more than {MAX_PER_EVENT} times in these days; "
                f"only {MAX_PER_EVENT} are shown"
            )
        found.components.extend(occurrence.as_component(False) for occurrence in taken)
        if len(found.components) > limit:
            found.full = True
            break
    return found


def _occurrences(
    entry: Entry, the_plan: Plan, start: datetime, end: datetime, stop: threading.Event | None
) -> Iterator[Any]:
    if entry.series is not None:
        return iter(entry.series.between(start, end))
    if len(entry.shapes) != 1:
        raise TooDense("several RRULEs")
    shape = entry.shapes[0]
    core, *rest = entry.events
    query = recurring_ical_events.of(
        _calendar(the_plan.shell, [moved_near(core, shape, start), *rest])
    )
    return _in_spans(query.series, start, end, shape, stop)


def _in_spans(
    series: list[Any],
    start: datetime,
    end: datetime,
    shape: RuleShape,
    stop: threading.Event | None,
) -> Iterator[Any]:
    """Occurrences a short span at a time, so dateutil never lists a whole window of them."""
    span = max(shape.step * ((MAX_PER_EVENT + 1) // shape.per_period + 1), timedelta(minutes=1))
    seen: set[Any] = set()
    left = start
    while left < end:
        if stop is not None and stop.is_set():
            raise Stopped
        right = min(left + span, end)
        for one in series:
            for occurrence in one.between(left, right):
                if occurrence.id not in seen:
                    seen.add(occurrence.id)
                    yield occurrence
        left = right

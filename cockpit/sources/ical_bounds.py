"""How much work a recurrence rule is, and a copy of a dense one that starts near the window.

dateutil walks a rule from its DTSTART, one instant after another: an event
`FREQ=SECONDLY` since 1970 is 1.7 billion steps before today, kept in a cache.
`RuleShape` estimates the walk from the rule alone (no expansion); `moved_near`
returns a copy of a dense event whose DTSTART is moved forward by whole periods
to just before a window. The instants are the same (dateutil adds periods on the
wall clock, as `datetime + timedelta` does), and the moved DTSTART (which RFC 5545
always counts as an instance) ends before the window, so it never shows.
"""

from __future__ import annotations

import calendar
import copy
from datetime import date, datetime, time, timedelta
from typing import Any

from icalendar import Component

from cockpit.records import record

DENSE_STEPS = 5_000
"""A rule dateutil would walk more steps than this for (up to a year ahead) is dense."""
MAX_STEPS = 50_000
"""A dense rule that cannot be moved (MONTHLY, YEARLY, COUNT with filters) is left out past this."""

EXACT = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}
"""Periods of fixed wall-clock length: a DTSTART can move by whole ones."""
APPROX = {**EXACT, "MONTHLY": timedelta(days=30.44), "YEARLY": timedelta(days=365.25)}
TIME_PARTS = {
    "SECONDLY": (),
    "MINUTELY": ("BYSECOND",),
    "HOURLY": ("BYMINUTE", "BYSECOND"),
}
"""BY parts that add instants inside one period (DAILY and longer: all three)."""
SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CYCLE_DAYS = 29 * 366
"""Weekdays and leap days repeat within 28 years: a filter no day passes in this long never does."""


class TooDense(ValueError):
    """A rule that repeats too often to expand at a bounded cost; `str()` says how."""


def _ints(rule: Any, part: str) -> list[Any]:
    value = rule.get(part) or []
    return list(value) if isinstance(value, list) else [value]


@record
class RuleShape:
    """What one RRULE costs to walk, read from the rule alone."""

    freq: str
    interval: int
    per_period: int
    """At most this many instants in one period (BY parts that expand, capped)."""
    count: int | None
    filtered: bool
    """Has BY parts at all (so instants per period vary, and COUNT cannot be shifted)."""

    @property
    def step(self) -> timedelta:
        """One period times INTERVAL (approximate for MONTHLY and YEARLY)."""
        return APPROX[self.freq] * self.interval

    def steps(self, start: date, until: date) -> float:
        """About how many instants dateutil makes walking from `start` to `until`."""
        days = max((until - start).days, 0) + 1
        walk = days / (self.step / timedelta(days=1)) * self.per_period
        return min(walk, self.count) if self.count is not None else walk

    def describe(self) -> str:
        """The rule in the user's terms, e.g. 'FREQ=SECONDLY;COUNT=2000000000'."""
        text = f"FREQ={self.freq}" + (f";INTERVAL={self.interval}" if self.interval > 1 else "")
        text += f";COUNT={self.count}" if self.count is not None else ""
        return text + (f", up to {self.per_period} times a period" if self.per_period > 1 else "")


def shapes_of(event: Component) -> list[RuleShape]:
    """The shape of each of the event's RRULEs that names a known FREQ."""
    rules = event.get("RRULE")
    found = [shape_of(rule) for rule in (rules if isinstance(rules, list) else [rules])]
    return [shape for shape in found if shape is not None]


def shape_of(rule: Any) -> RuleShape | None:
    """The shape of one RRULE value (an icalendar vRecur); None when it has no known FREQ."""
    if not hasattr(rule, "get"):
        return None
    freq = str((_ints(rule, "FREQ") or [""])[0]).upper()
    if freq not in APPROX:
        return None
    interval = max(int((_ints(rule, "INTERVAL") or [1])[0]), 1)
    count = _ints(rule, "COUNT")
    times = TIME_PARTS.get(freq, ("BYHOUR", "BYMINUTE", "BYSECOND"))
    per_period = 1
    for part in times:
        per_period *= max(len(_ints(rule, part)), 1)
    per_period *= _days_per_period(freq, rule)
    if setpos := _ints(rule, "BYSETPOS"):
        per_period = min(per_period, len(setpos))
    filtered = any(str(key).upper().startswith("BY") for key in rule)
    return RuleShape(freq, interval, per_period, int(count[0]) if count else None, filtered)


def _days_per_period(freq: str, rule: Any) -> int:
    """An upper bound of the days one WEEKLY, MONTHLY or YEARLY period expands to."""
    days, monthdays, months = (len(_ints(rule, p)) for p in ("BYDAY", "BYMONTHDAY", "BYMONTH"))
    if freq == "WEEKLY":
        return min(days or 1, 7)
    if freq == "MONTHLY":
        return min(monthdays or 5 * days or 1, 31)
    if freq == "YEARLY":
        yeardays, weeks = len(_ints(rule, "BYYEARDAY")), len(_ints(rule, "BYWEEKNO"))
        bound = yeardays or 7 * weeks or monthdays * (months or 12) or days * 53 or months or 1
        return min(bound, 366)
    return 1


def moved_near(event: Component, shape: RuleShape, window_start: datetime) -> Component:
    """A copy of a dense `event` that starts at most two periods before its first
    instance touching the window; TooDense when that cannot be done exactly."""
    start: Any = start_of(event)
    all_day = not isinstance(start, datetime)
    if all_day and shape.freq in SUB_DAILY:
        raise TooDense(f"an all-day event cannot repeat every {shape.freq.lower()[:-2]}")
    step = EXACT.get(shape.freq)
    if step is None or (shape.count is not None and shape.filtered):
        if shape.steps(_as_date(start), window_start.date()) <= MAX_STEPS:
            return event  # cannot move, but its walk is short enough as it is
        raise TooDense(shape.describe())
    step *= shape.interval
    duration = _duration(event, start)
    if all_day:
        reference = datetime.combine(window_start.date(), time()) - duration
        wall_start = datetime.combine(start, time())
    else:
        zone = start.tzinfo
        reference = (window_start.astimezone(zone) if zone else window_start).replace(tzinfo=None)
        reference -= duration
        wall_start = start.replace(tzinfo=None)
    if duration / step * shape.per_period > MAX_STEPS:
        raise TooDense(f"{shape.describe()}, each lasting {duration}")
    periods = (reference - wall_start) // step - 1
    if periods < 1:
        return event
    moved = copy.deepcopy(event)
    shift = step * periods
    for name in ("DTSTART", "DTEND"):
        prop: Any = moved.get(name)
        if prop is not None:
            prop.dt = prop.dt + shift
    if shape.count is not None:  # unfiltered: exactly one instance per period went by
        rule: Any = moved["RRULE"]
        rule = rule[0] if isinstance(rule, list) else rule
        rule["COUNT"] = [max(shape.count - periods, 1)]
    return moved


def start_of(event: Component) -> date:
    """The event's DTSTART value: a date, or a datetime (zoned or floating)."""
    prop: Any = event["DTSTART"]
    start: date = prop.dt  # icalendar types .dt loosely; DTSTART is a date or a datetime
    return start


def day_of(event: Component) -> date:
    """The day the event starts (as written, in its own zone)."""
    return _as_date(start_of(event))


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _duration(event: Component, start: date) -> timedelta:
    end: Any = event.get("DTEND")
    if end is not None and type(end.dt) is type(start):
        try:
            return max(end.dt - start, timedelta(0))
        except TypeError:  # a floating end with a zoned start
            return timedelta(0)
    duration: Any = event.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        return max(duration.dt, timedelta(0))
    return timedelta(0)


def unless_impossible(event: Component) -> Component:
    """`event`, or a copy without its RRULEs when no day can ever match them."""
    rules = event.get("RRULE")
    start = day_of(event)
    if rules is None or not all(
        never_matches(rule, start) for rule in (rules if isinstance(rules, list) else [rules])
    ):
        return event
    bare = copy.deepcopy(event)
    del bare["RRULE"]
    return bare


def never_matches(rule: Any, start: date) -> bool:
    """True when no day from `start` on passes the rule's BYMONTH/BYMONTHDAY/BYYEARDAY
    (and BYDAY) filters, e.g. February 30th. dateutil would walk such a rule to the
    year 9999 looking for one (seconds of CPU); its event only happens at DTSTART."""
    try:
        months = {int(str(m).rstrip("Ll")) for m in _ints(rule, "BYMONTH")}
        monthdays = {int(d) for d in _ints(rule, "BYMONTHDAY")}
        yeardays = {int(d) for d in _ints(rule, "BYYEARDAY")}
    except ValueError:
        return False
    if not (months or monthdays or yeardays):
        return False
    codes = {str(d).upper()[-2:] for d in _ints(rule, "BYDAY")}
    weekdays = {WEEKDAYS.index(c) for c in codes if c in WEEKDAYS}
    day = start
    try:
        for _ in range(CYCLE_DAYS):
            if _passes(day, months, monthdays, yeardays, weekdays):
                return False
            day += timedelta(days=1)
    except OverflowError:
        return False
    return True


def _passes(
    day: date, months: set[int], monthdays: set[int], yeardays: set[int], weekdays: set[int]
) -> bool:
    if months and day.month not in months:
        return False
    if monthdays:
        length = calendar.monthrange(day.year, day.month)[1]
        if day.day not in monthdays and day.day - length - 1 not in monthdays:
            return False
    if yeardays:
        length = 366 if calendar.isleap(day.year) else 365
        number = day.timetuple().tm_yday
        if number not in yeardays and number - length - 1 not in yeardays:
            return False
    return not weekdays or day.weekday() in weekdays

"""The roadmap's rules: progress of releases and epics, the verdict, key results.

Pure functions on plain data. A release or epic is **at risk** when its date is
past, or when the share of its issues done trails the share of the time elapsed
(between its start and its date) by more than a margin (percentage points,
default 15); **on track** otherwise; **no date** when it has none. A key result
is a JQL query (done / all of its issues) or a tracked number (from its start
value to its target); an objective's progress is the mean of its key results',
set against the share of its quarter that has elapsed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field
from datetime import date, datetime
from fractions import Fraction
from typing import Literal

from cockpit.records import record

Verdict = Literal["at_risk", "on_track", "no_date"]
ItemKind = Literal["release", "epic"]
KrKind = Literal["jql", "number"]

MARGIN = 15.0
"""Percentage points the done share may trail the elapsed share (`[roadmap] margin`)."""
RECENT_DAYS = 30
"""Released versions of this many days are listed below the open ones."""


@record(slots=True)
class Counts:
    """Issues of a release or epic by status category."""

    todo: int = 0
    in_progress: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.todo + self.in_progress + self.done

    @property
    def share_done(self) -> float:
        return self.done / self.total if self.total else 0.0


@record(slots=True)
class Judgement:
    verdict: Verdict
    reason: str


def elapsed_share(start: date, end: date, today: date) -> Fraction:
    """The share of [start, end] behind `today`, 0 before the start, 1 from the end on."""
    span = (end - start).days
    if span <= 0:
        return Fraction(1) if today >= end else Fraction(0)
    return min(Fraction(1), max(Fraction(0), Fraction((today - start).days, span)))


def judge(
    counts: Counts,
    start: date | None,
    end: date | None,
    today: date,
    *,
    released: bool = False,
    margin: float = MARGIN,
) -> Judgement:
    """The verdict and a short reason (see the module docstring for the rule).

    The release day itself is not past: the shares decide. Exactly `margin`
    points behind is still on track ("by more than a margin").
    """
    if released:
        return Judgement("on_track", "released")
    if end is None:
        return Judgement("no_date", "no date set")
    late = (today - end).days
    if late > 0:
        open_ = counts.total - counts.done
        if not counts.total:
            what = "no issues"
        elif open_ == 0:
            what = "all done, not released"
        else:
            what = f"{open_} of {counts.total} not done"
        return Judgement("at_risk", f"{late} day{'s' if late != 1 else ''} past its date; {what}")
    if counts.total == 0:
        return Judgement("on_track", "no issues yet")
    if counts.done == counts.total:
        return Judgement("on_track", "all done")
    if start is None or start >= end:
        return Judgement("on_track", "no start date: judged by its date only")
    elapsed = elapsed_share(start, end, today) * 100
    done = Fraction(counts.done, counts.total) * 100
    gap = elapsed - done
    text = f"{round(done)}% done, {round(elapsed)}% of the time gone"
    if gap > Fraction(str(margin)):
        return Judgement("at_risk", text)
    return Judgement("on_track", text)


@record(slots=True)
class RoadmapItem:
    """A release (fix version) or an open epic, with its progress and verdict."""

    kind: ItemKind
    name: str
    """The version's name, or the epic's key."""
    summary: str
    project: str
    start: date | None
    end: date | None
    """The release date, or the epic's due date."""
    released: bool
    counts: Counts
    blocked: int
    verdict: Verdict
    reason: str
    url: str | None
    jql: str
    """Its issues (what `enter` opens)."""
    ident: str = ""
    """The version id, or the epic's key (the weekly burn-up rows are kept under it)."""

    def days_left(self, today: date) -> int | None:
        return None if self.end is None else (self.end - today).days


@record(slots=True)
class KeyResult:
    """One key result with its progress (0-1; None when it cannot be told)."""

    title: str
    kind: KrKind
    progress: float | None
    current: float | None
    target: float | None
    start: float | None = None
    history: tuple[tuple[datetime, float], ...] = ()
    jql: str | None = None
    error: str | None = None


@record(slots=True)
class Objective:
    title: str
    quarter: str
    key_results: tuple[KeyResult, ...]
    progress: float | None
    """The mean of the key results' progress (those that have one)."""
    quarter_elapsed: float


@record(slots=True)
class Roadmap:
    """What the Roadmap screen and `cockpit roadmap` show."""

    releases: tuple[RoadmapItem, ...] = ()
    released: tuple[RoadmapItem, ...] = ()
    """Released in the last RECENT_DAYS days, newest first."""
    epics: tuple[RoadmapItem, ...] = ()
    objectives: tuple[Objective, ...] = ()
    problems: tuple[str, ...] = field(default=())
    """What could not be read (a project, a key result), one sentence each."""


def number_progress(start: float, target: float, current: float | None) -> float | None:
    """How far `current` has gone from `start` towards `target` (0-1, clamped)."""
    if current is None:
        return 0.0
    if target == start:
        return 1.0 if current == target else 0.0
    return min(1.0, max(0.0, (current - start) / (target - start)))


def count_progress(done: int, total: int) -> float:
    return done / total if total else 0.0


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """The first day of `quarter` ("2026-Q4") and the first day after it."""
    match = _QUARTER.match(quarter.strip().upper())
    if match is None:
        raise ValueError(f'expected a quarter such as "2026-Q4", got {quarter!r}')
    year, q = int(match[1]), int(match[2])
    start = date(year, 3 * q - 2, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, end


def quarter_elapsed(quarter: str, today: date) -> float:
    start, end = quarter_bounds(quarter)
    return float(elapsed_share(start, end, today))


def objective(title: str, quarter: str, krs: Sequence[KeyResult], today: date) -> Objective:
    known = [k.progress for k in krs if k.progress is not None]
    mean = sum(known) / len(known) if known else None
    return Objective(title, quarter, tuple(krs), mean, quarter_elapsed(quarter, today))


def bar(counts: Counts, width: int) -> tuple[int, int, int]:
    """Cells for done, in progress and to do in a bar `width` wide (they add up)."""
    total = counts.total
    if total == 0 or width <= 0:
        return 0, 0, max(0, width)
    done = round(width * counts.done / total)
    doing = round(width * (counts.done + counts.in_progress) / total) - done
    return done, doing, width - done - doing


SPARKS = "▁▂▃▄▅▆▇█"


def spark(values: Sequence[float]) -> str:
    """A sparkline of `values` (the last 12), lowest to highest."""
    values = list(values)[-12:]
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))] for v in values)

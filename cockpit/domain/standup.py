"""What happened in a window, decided from Jira's changelog: pure functions.

- **done**: moved into a `done`-category status inside the window, not done when it
  began, and still done at its end (done then reopened does not count);
- **started**: moved from a `new`-category status into an `indeterminate` one;
- **blocked** / **unblocked**: flagged, moved into a "Blocked" status or linked "is
  blocked by" an unresolved issue inside the window and still blocked (and the
  reverse: unflagged, out of Blocked, link removed, or its blocker done inside the
  window, and not blocked any more);
- **slipped**: its sprint changed to a later one, a fix version was removed or moved
  later, its due date moved later, or it fell due inside the window unresolved.

The window runs from the start of the previous working day (`[workweek] days`, in the
configured zone) to now.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cockpit.models import ChangeItem, IssueChange
from cockpit.records import record

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WORKDAYS = WEEKDAYS[:5]


def previous_workday(day: date, workdays: Sequence[str] = DEFAULT_WORKDAYS) -> date:
    """The last working day before `day` (Friday for a Monday, with Mon-Fri)."""
    if not workdays:
        return day - timedelta(days=1)
    back = day - timedelta(days=1)
    while WEEKDAYS[back.weekday()] not in workdays:
        back -= timedelta(days=1)
    return back


def standup_window(
    day: date, now: datetime, tz: ZoneInfo, workdays: Sequence[str] = DEFAULT_WORKDAYS
) -> tuple[datetime, datetime]:
    """From the start of the working day before `day` to now (or the end of a past `day`)."""
    since = datetime.combine(previous_workday(day, workdays), time(), tz)
    end_of_day = datetime.combine(day + timedelta(days=1), time(), tz)
    return since, min(now.astimezone(tz), end_of_day)


def week_window(
    day: date, now: datetime, tz: ZoneInfo, workdays: Sequence[str] = DEFAULT_WORKDAYS
) -> tuple[datetime, datetime]:
    """This working week so far: from the first of its run of working days to now.

    On that first working day itself (and on a day off) the week has nothing to
    tell yet, and the PM writing the update then means the week just done: the
    window starts at the beginning of the previous run of working days.
    """
    if WEEKDAYS[day.weekday()] in workdays and (first := _run_start(day, workdays)) < day:
        since = first
    else:
        since = _run_start(previous_workday(day, workdays), workdays)
    start = datetime.combine(since, time(), tz)
    return start, min(now.astimezone(tz), datetime.combine(day + timedelta(days=1), time(), tz))


def _run_start(day: date, workdays: Sequence[str]) -> date:
    """The first day of the run of working days that ends with `day` (a week at most)."""
    for _ in range(6):
        if WEEKDAYS[(day - timedelta(days=1)).weekday()] not in workdays:
            break
        day -= timedelta(days=1)
    return day


@record
class Fact:
    """One thing the stand-up reports about an issue, with when and a short detail."""

    issue: IssueChange
    when: datetime
    detail: str = ""


@record
class Facts:
    """Every fact of a window, each list in time order."""

    done: tuple[Fact, ...] = ()
    started: tuple[Fact, ...] = ()
    blocked: tuple[Fact, ...] = ()
    unblocked: tuple[Fact, ...] = ()
    slipped: tuple[Fact, ...] = ()
    keys: frozenset[str] = field(default_factory=frozenset)
    """Every key with at least one fact."""


def _inside(item: ChangeItem, since: datetime, until: datetime) -> bool:
    return since <= item.when < until


def status_category_at(issue: IssueChange, at: datetime) -> str | None:
    """The status category the issue had at `at`, from its history and its state now."""
    statuses = [i for i in issue.history if i.field == "status"]
    before = [i for i in statuses if i.when <= at]
    if before:
        return before[-1].new_category
    return statuses[0].old_category if statuses else issue.status_category


def _blocked_by_status(name: str | None) -> bool:
    return (name or "").strip().lower() == "blocked"


def done_fact(issue: IssueChange, since: datetime, until: datetime) -> Fact | None:
    if status_category_at(issue, since) == "done" or status_category_at(issue, until) != "done":
        return None
    entered = [
        i
        for i in issue.history
        if i.field == "status" and i.new_category == "done" and _inside(i, since, until)
    ]
    return Fact(issue, entered[-1].when, entered[-1].new or "") if entered else None


def started_fact(issue: IssueChange, since: datetime, until: datetime) -> Fact | None:
    for item in issue.history:
        if (
            item.field == "status"
            and _inside(item, since, until)
            and item.old_category == "new"
            and item.new_category == "indeterminate"
        ):
            return Fact(issue, item.when, item.new or "")
    return None


def _block_change(item: ChangeItem) -> tuple[bool, str] | None:
    """(became blocked?, why) for an item that blocks or unblocks, else None."""
    if item.field == "flagged":
        return (item.new is not None, "flagged" if item.new else "unflagged")
    if item.field == "status":
        was, now = _blocked_by_status(item.old), _blocked_by_status(item.new)
        if was != now:
            return (now, f"status {item.new}")
    if item.field == "link":
        text = (item.new or item.old or "").lower()
        if "is blocked by" in text:
            key = item.new_id or item.old_id or ""
            return (item.new_id is not None, f"by {key}" if item.new_id else f"{key} unlinked")
    return None


def block_facts(
    issue: IssueChange, since: datetime, until: datetime
) -> tuple[Fact | None, Fact | None]:
    """(newly blocked, unblocked): the last such change inside the window, if it still holds."""
    changes = [
        (item, found)
        for item in issue.history
        if _inside(item, since, until) and (found := _block_change(item)) is not None
    ]
    blocked_now = bool(issue.reasons)
    blocking = [(i, why) for i, (on, why) in changes if on]
    freeing = [(i, why) for i, (on, why) in changes if not on]
    if blocked_now and blocking:
        item, _why = blocking[-1]
        why = ", ".join(issue.blocked_by) if issue.blocked_by else " and ".join(issue.reasons)
        return Fact(issue, item.when, f"blocked by {why}"), None
    if not blocked_now and freeing:
        item, why = freeing[-1]
        return None, Fact(issue, item.when, why)
    return None, None


def freed_by_done_blockers(
    changes: Iterable[IssueChange], done: Iterable[Fact], unblocked: Iterable[Fact]
) -> list[Fact]:
    """Issues free now because an issue that blocked them was done inside the window
    (their own history shows nothing: the blocker's does). Only blockers among the
    changed issues are known to have been done in the window."""
    finished = {f.issue.key: f for f in done}
    already = {f.issue.key for f in unblocked}
    freed: list[Fact] = []
    for issue in changes:
        if issue.reasons or issue.key in already:
            continue
        by = [finished[k] for k in issue.resolved_blockers if k in finished]
        if by:
            last = max(by, key=lambda f: f.when)
            freed.append(Fact(issue, last.when, f"{last.issue.key} done"))
    return freed


def _sprint_ids(value: str | None) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", value or "")]


def _version_key(name: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name) if p)


def slip_fact(issue: IssueChange, since: datetime, until: datetime) -> Fact | None:
    """The first slip inside the window: sprint, fix version or due date."""
    inside = [i for i in issue.history if _inside(i, since, until)]
    for item in inside:
        if item.field == "sprint":
            old, new = _sprint_ids(item.old_id), _sprint_ids(item.new_id)
            if old and (not new or max(new) > max(old)):
                to = (item.new or "").split(",")[-1].strip() or "the backlog"
                return Fact(issue, item.when, f"sprint {_last(item.old)} -> {to}")
        if item.field == "duedate" and item.old_id and item.new_id and item.new_id > item.old_id:
            days = (
                date.fromisoformat(item.new_id[:10]) - date.fromisoformat(item.old_id[:10])
            ).days
            return Fact(issue, item.when, f"due {item.old_id} -> {item.new_id} (+{days} d)")
        if item.field == "fixVersion" and item.old and not item.new:
            added = [
                i.new
                for i in inside
                if i.field == "fixVersion" and i.when == item.when and i.new and not i.old
            ]
            later = [v for v in added if _version_key(v) > _version_key(item.old)]
            if later or not added:
                to = later[0] if later else "no release"
                return Fact(issue, item.when, f"fix version {item.old} -> {to}")
    if (
        issue.due is not None
        and issue.status_category != "done"
        and since.date() <= issue.due < until.date()
    ):
        end_of_due = datetime.combine(issue.due + timedelta(days=1), time(), since.tzinfo)
        return Fact(issue, min(end_of_due, until), f"due {issue.due.isoformat()}, not done")
    return None


def _last(value: str | None) -> str:
    return (value or "").split(",")[-1].strip()


def decide(changes: Iterable[IssueChange], since: datetime, until: datetime) -> Facts:
    """Every fact of the window, from the changed issues and their histories."""
    done: list[Fact] = []
    started: list[Fact] = []
    blocked: list[Fact] = []
    unblocked: list[Fact] = []
    slipped: list[Fact] = []
    changes_seen: list[IssueChange] = []
    for issue in changes:
        changes_seen.append(issue)
        won = done_fact(issue, since, until)
        if won is not None:
            done.append(won)
        elif (began := started_fact(issue, since, until)) is not None:
            started.append(began)
        on, off = block_facts(issue, since, until)
        blocked.extend(f for f in (on,) if f)
        unblocked.extend(f for f in (off,) if f)
        if won is None and (slip := slip_fact(issue, since, until)) is not None:
            slipped.append(slip)

    def ordered(facts: list[Fact]) -> tuple[Fact, ...]:
        return tuple(sorted(facts, key=lambda f: (f.when, f.issue.key)))

    unblocked.extend(freed_by_done_blockers(changes_seen, done, unblocked))
    keys = frozenset(f.issue.key for x in (done, started, blocked, unblocked, slipped) for f in x)
    return Facts(
        ordered(done),
        ordered(started),
        ordered(blocked),
        ordered(unblocked),
        ordered(slipped),
        keys,
    )

"""What each pane shows, as plain rows: shared by the panes and the headless commands.

`cockpit agenda` prints exactly what the Today pane shows because both draw from
these functions. No Textual here; styles are hints (`RowHint`) the widgets map to
their own component classes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum

from cockpit.domain.agenda import now_and_next
from cockpit.models import DialIn, Issue, Meeting, Note
from cockpit.records import record
from cockpit.textsafe import plain


class RowHint(Enum):
    """How a row should stand out."""

    NORMAL = "normal"
    NOW = "now"
    NEXT = "next"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    TENTATIVE = "tentative"
    PAST = "past"
    GROUP = "group"
    BLOCKER = "blocker"
    """An issue that blocks the one above it (not counted as an item of the pane)."""


@record(slots=True)
class Row:
    cells: tuple[str, ...]
    hint: RowHint = RowHint.NORMAL
    ref: object = None
    """The model the row stands for (Meeting, Issue, ...)."""


@record(slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    flex: int | None = None
    """The column that gives up width when the table is too wide (a title or summary)."""
    optional: tuple[int, ...] = ()
    """Columns a narrow pane may leave out, first to go first."""
    whole: tuple[int, ...] = ()
    """Columns a narrow pane never cuts (times, keys): the others give way first."""

    def __len__(self) -> int:
        return len(self.rows)


def hhmm(value: datetime) -> str:
    return value.strftime("%H:%M")


def stale_label(since: datetime | None) -> str:
    """A cached pane's border line until its source answers ("" for nothing cached)."""
    return "" if since is None else f"cached {since.strftime('%a %H:%M')}, refreshing"


def duration_label(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, mins = divmod(max(minutes, 0), 60)
    if hours and mins:
        return f"{hours}h{mins:02d}"
    return f"{hours}h" if hours else f"{mins}m"


def _meeting_hint(meeting: Meeting, now: datetime, current: str | None, nxt: str | None) -> RowHint:
    if meeting.status == "cancelled":
        return RowHint.CANCELLED
    if meeting.my_response == "declined":
        return RowHint.DECLINED
    if meeting.uid == current:
        return RowHint.NOW
    if meeting.uid == nxt:
        return RowHint.NEXT
    if not meeting.all_day and (meeting.end or meeting.start) <= now:
        return RowHint.PAST
    if meeting.status == "tentative":
        return RowHint.TENTATIVE
    return RowHint.NORMAL


MARKERS = {RowHint.NOW: "now", RowHint.NEXT: "next"}
SUFFIXES = {"tentative": " (tentative)", "cancelled": " (cancelled)"}
ANSWER_SUFFIXES = {"declined": " (declined)", "needs_action": " (not answered)"}


def meeting_title(meeting: Meeting) -> str:
    """The title with what the status and the user's own answer add to it."""
    if meeting.my_response in ANSWER_SUFFIXES and meeting.status != "cancelled":
        return meeting.title + ANSWER_SUFFIXES[meeting.my_response or ""]
    return meeting.title + SUFFIXES.get(meeting.status, "")


ANSWERS = {
    "accepted": "accepted",
    "tentative": "tentative (maybe)",
    "declined": "declined",
    "needs_action": "not answered yet",
}
"""The user's own answer, as the detail view and prep sheet say it."""


def join_label(meeting: Meeting) -> str:
    """ "Teams  https://..." or "no link"."""
    if not meeting.join_url:
        return "no link"
    return f"{meeting.provider}  {meeting.join_url}" if meeting.provider else meeting.join_url


def dial_in_label(entry: DialIn) -> str:
    """ "+1 425-555-0123  PIN 987654321#  (US)"."""
    parts = [entry.number]
    if entry.pin:
        parts.append(f"PIN {entry.pin}#")
    if entry.label:
        parts.append(f"({entry.label})")
    return "  ".join(parts)


def shown_meetings(meetings: Iterable[Meeting], show_declined: bool) -> list[Meeting]:
    """The meetings a pane lists: declined ones only when asked for."""
    return [m for m in meetings if show_declined or m.my_response != "declined"]


def people_label(meeting: Meeting) -> str:
    """How many people come ("3"), "3+" when the source cut the guest list."""
    people = sum(1 for a in meeting.attendees if not a.resource)
    if meeting.attendees_omitted:
        return f"{people}+"
    return str(people) if people else ""


def today_table(
    meetings: Sequence[Meeting],
    now: datetime,
    *,
    day: date | None = None,
    show_declined: bool = True,
) -> Table:
    """The Today pane for `day` (default: now's): all-day first, then by start; now/next
    marked (on the day it is now only); a meeting that began on an earlier day says which
    ("Sun 23:45"). Declined meetings are struck through, or left out (`show_declined`)."""
    shown = day or now.date()
    meetings = shown_meetings(meetings, show_declined)
    current, nxt = now_and_next(meetings, now) if shown == now.date() else (None, None)
    rows = []
    for meeting in meetings:
        hint = _meeting_hint(meeting, now, current, nxt)
        when = "all day" if meeting.all_day else day_label(meeting.start, shown)
        length = "" if meeting.all_day else duration_label(meeting.duration_minutes)
        title = meeting_title(meeting)
        rows.append(
            Row(
                (
                    MARKERS.get(hint, ""),
                    when,
                    title,
                    length,
                    people_label(meeting),
                    "join" if meeting.join_url else "",
                ),
                hint,
                meeting,
            )
        )
    headers = ("", "Time", "Meeting", "Length", "People", "Link")
    return Table(headers, tuple(rows), flex=2, optional=(4, 3), whole=(1,))


def day_label(when: datetime, today: date) -> str:
    if when.date() == today:
        return hhmm(when)
    return f"{when.strftime('%a')} {hhmm(when)}"


def customer_label(meeting: Meeting) -> str:
    name = meeting.customer or ""
    if name and meeting.attendees_omitted:
        name += " (partial guest list)"
    return f"{name} (free-mail)" if meeting.customer_confidence == "low" else name


def calls_table(
    calls: Sequence[Meeting],
    today: date,
    last_note: Callable[[str], Note | None] = lambda _customer: None,
    *,
    show_declined: bool = True,
) -> Table:
    """The Customer calls pane: grouped by customer, each group with its last note.
    Calls the user declined are struck through, or left out (`show_declined`)."""
    groups: dict[str, list[Meeting]] = {}
    for call in sorted(shown_meetings(calls, show_declined), key=lambda m: m.start):
        groups.setdefault(call.customer or "?", []).append(call)
    rows = []
    for customer, meetings in sorted(groups.items(), key=lambda kv: kv[1][0].start):
        note = last_note(customer)
        note_text = one_line(note.text, 60) if note else "no notes yet"
        for index, meeting in enumerate(meetings):
            rows.append(
                Row(
                    (
                        customer_label(meeting) if index == 0 else "",
                        day_label(meeting.start, today),
                        meeting_title(meeting),
                        note_text if index == 0 else "",
                    ),
                    _call_hint(meeting),
                    meeting,
                )
            )
    headers = ("Customer", "When", "Call", "Last note")
    return Table(headers, tuple(rows), flex=2, optional=(3,), whole=(1,))


def _call_hint(meeting: Meeting) -> RowHint:
    if meeting.status == "cancelled":
        return RowHint.CANCELLED
    return RowHint.DECLINED if meeting.my_response == "declined" else RowHint.NORMAL


def blocked_by_label(issue: Issue) -> str:
    parts = list(issue.blocked_by)
    if "flagged" in issue.reasons:
        parts.append("flagged")
    if "status" in issue.reasons:
        parts.append(f"status {issue.status}")
    return ", ".join(parts)


def days_blocked(issue: Issue, today: date) -> str:
    if issue.blocked_since is None:
        return ""
    return f"{max((today - issue.blocked_since.date()).days, 0)}d"


def blocked_row(issue: Issue, today: date) -> Row:
    """One blocked issue's row of the Blocked pane."""
    return Row(
        (
            issue.key,
            issue.summary,
            blocked_by_label(issue),
            issue.assignee or "unassigned",
            days_blocked(issue, today),
        ),
        ref=issue,
    )


def blocked_rows_table(rows: Iterable[Row]) -> Table:
    """The Blocked pane's table of `rows` (blocked issues, and any lines under them)."""
    headers = ("Key", "Summary", "Blocked by", "Assignee", "Days")
    return Table(headers, tuple(rows), flex=1, optional=(3,), whole=(0,))


def blocked_table(issues: Sequence[Issue], today: date) -> Table:
    """The Blocked pane: longest blocked first."""
    return blocked_rows_table(blocked_row(issue, today) for issue in issues)


def points_label(points: float | None) -> str:
    if points is None:
        return ""
    return str(int(points)) if float(points).is_integer() else f"{points:g}"


def backlog_table(issues: Iterable[Issue]) -> Table:
    """The Backlog pane, rank order, 1 = top."""
    rows = [
        Row(
            (
                str(position),
                issue.key,
                issue.type or "",
                issue.priority or "",
                issue.summary,
                issue.status,
                points_label(issue.points),
                issue.assignee or "",
            ),
            ref=issue,
        )
        for position, issue in enumerate(issues, start=1)
    ]
    return Table(
        ("#", "Key", "Type", "Priority", "Summary", "Status", "Pts", "Assignee"), tuple(rows)
    )


def one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_table(table: Table, *, max_width: int = 60) -> str:
    """A plain-text table for the terminal: one header line, then the rows.

    Cells are remote text: escapes and control characters are stripped first.
    """
    columns = [
        [header, *(one_line(plain(row.cells[i]), max_width) for row in table.rows)]
        for i, header in enumerate(table.headers)
    ]
    widths = [max(len(cell) for cell in column) for column in columns]
    lines = []
    for r in range(len(table.rows) + 1):
        cells = [columns[c][r].ljust(widths[c]) for c in range(len(columns))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)

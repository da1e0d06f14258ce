"""The status line: sync state of each source, pending writes, the day shown.

It fits any width: a line too long first turns terse, then is cut with an
ellipsis before the count of waiting writes, which is the last thing to go.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from cockpit.models import SourceState
from cockpit.textsafe import plain

MIN_HEAD = 10
"""Narrower than this, the day and the sources give way to the count alone."""


def describe(
    states: Sequence[SourceState],
    pending: int,
    day: date,
    today: date,
    *,
    width: int | None = None,
    today_key: str = "t",
) -> Text:
    """One line: the day, then each source's state, then waiting writes; at most `width`."""
    tail = _pending(pending)
    for level in range(TERSEST + 1):
        head = _head(states, day, today, today_key, level)
        if width is None or head.cell_len + tail.cell_len <= width:
            return head + tail
    assert width is not None
    if width - tail.cell_len >= MIN_HEAD:
        head.truncate(width - tail.cell_len, overflow="ellipsis")
        return head + tail
    alone = _pending(pending, lead="") if pending else head
    alone.truncate(width, overflow="ellipsis")
    return alone


TERSEST = 2
"""Level 0 says it all; 1 drops the year and narrows the gaps; 2 drops "synced"."""


def _head(states: Sequence[SourceState], day: date, today: date, key: str, level: int) -> Text:
    text = Text()
    text.append(day.strftime("%a %d %b %Y" if level == 0 else "%a %d %b"), style="bold")
    if day != today:
        hint = f" (not today: {key} goes back)" if level == 0 else f" (not today: {key})"
        text.append(hint, style="italic")
    gap = "  ·  " if level == 0 else " · "
    for state in states:
        text.append(gap)
        if state.syncing:
            text.append(f"{state.name} syncing…", style="italic")
        elif state.error:
            text.append(f"{state.name}: {plain(state.error)}", style="bold red")
        elif state.fetched_at is not None:
            when = synced_label(state.fetched_at, today)
            stale = ("stale, " if level < TERSEST else "stale ") if state.stale else ""
            synced = "synced " if level < TERSEST else ""
            text.append(
                f"{state.name} {stale}{synced}{when}", style="yellow" if state.stale else "green"
            )
        else:
            text.append(f"{state.name} waiting", style="dim")
    return text


def _pending(pending: int, lead: str = "  ·  ") -> Text:
    text = Text()
    if pending:
        text.append(lead)
        text.append(f"{pending} write{'s' if pending != 1 else ''} waiting", style="bold yellow")
    return text


def synced_label(fetched_at: datetime, today: date) -> str:
    """ "10:20" today; "Wed 10:20" within the last week; "19 Nov 10:20" before."""
    days = (today - fetched_at.date()).days
    if days == 0:
        return fetched_at.strftime("%H:%M")
    return fetched_at.strftime("%a %H:%M" if 0 < days < 7 else "%d %b %H:%M")


class StatusLine(Static):
    """Shows `describe(...)`; the app sets `states`, `pending`, `day` and `today`."""

    states: reactive[tuple[SourceState, ...]] = reactive(())
    pending: reactive[int] = reactive(0)
    day: reactive[date | None] = reactive(None)
    today: reactive[date | None] = reactive(None)
    today_key: reactive[str] = reactive("t")
    """The key that goes back to today, as the hint names it."""
    privacy: reactive[bool] = reactive(False)
    """Privacy mode is on: said first, so a screen share shows why names are gone."""

    _shown = False
    """False until the first frame is up: the line comes one frame after the panes'
    rows, which say themselves whether they are cached ("cached 09:12, refreshing")."""

    def on_mount(self) -> None:
        self.call_after_refresh(self._show)

    def _show(self) -> None:
        self._shown = True
        self.refresh()

    def render(self) -> Text:
        if not self._shown:
            return Text()
        if self.day is None or self.today is None:
            return Text("starting…")
        width = self.content_size.width or None
        if self.privacy:
            said = Text("privacy on", style="bold reverse")
            said.append("  ·  ", style="")
            rest = describe(
                self.states,
                self.pending,
                self.day,
                self.today,
                width=width - 15 if width else None,
                today_key=self.today_key,
            )
            return said + rest
        return describe(
            self.states,
            self.pending,
            self.day,
            self.today,
            width=width,
            today_key=self.today_key,
        )

"""The status line: sync state of each source, pending writes, the day shown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from cockpit.models import SourceState
from cockpit.textsafe import plain


def describe(states: Sequence[SourceState], pending: int, day: date, today: date) -> Text:
    """One line: the day, then each source's state, then waiting writes."""
    text = Text()
    text.append(day.strftime("%a %d %b %Y"), style="bold")
    if day != today:
        text.append(" (not today: ] [ step days)", style="italic")
    for state in states:
        text.append("  ·  ")
        if state.syncing:
            text.append(f"{state.name} syncing…", style="italic")
        elif state.error:
            text.append(f"{state.name}: {plain(state.error)}", style="bold red")
        elif state.fetched_at is not None:
            label = _age(state.fetched_at)
            style = "yellow" if state.stale else "green"
            text.append(f"{state.name} {'stale, ' if state.stale else ''}{label}", style=style)
        else:
            text.append(f"{state.name} waiting", style="dim")
    if pending:
        text.append("  ·  ")
        text.append(f"{pending} write{'s' if pending != 1 else ''} waiting", style="bold yellow")
    return text


def _age(fetched_at: datetime) -> str:
    return f"synced {fetched_at.strftime('%H:%M')}"


class StatusLine(Static):
    """Shows `describe(...)`; the app sets `states`, `pending` and `day`."""

    states: reactive[tuple[SourceState, ...]] = reactive(())
    pending: reactive[int] = reactive(0)
    day: reactive[date | None] = reactive(None)
    today: reactive[date | None] = reactive(None)

    def render(self) -> Text:
        if self.day is None or self.today is None:
            return Text("starting…")
        return describe(self.states, self.pending, self.day, self.today)

"""Read a large VCALENDAR a piece at a time, so parsing in a thread never stalls the UI.

`icalendar` unfolds and splits the whole text with one regular expression call;
over a 1.5 MB export that single C call holds the interpreter lock for ~60 ms,
and the event loop (keystrokes) waits that long although the parse runs in a
worker thread. Cutting the text at its top-level VEVENT blocks and parsing each
block on its own keeps every C call short, so the lock changes hands as usual.
"""

from __future__ import annotations

import threading

from icalendar import Calendar, Event

from cockpit.sources.threads import Stopped


def split_events(text: str) -> tuple[str, list[str]]:
    """(the calendar without its events, each top-level VEVENT block as text)."""
    skeleton: list[str] = []
    events: list[str] = []
    block: list[str] | None = None
    depth = 0
    for line in text.splitlines(keepends=True):
        marker = line.rstrip("\r\n").upper()
        if block is None:
            if marker == "BEGIN:VEVENT":
                block, depth = [line], 1
            else:
                skeleton.append(line)
            continue
        block.append(line)
        if marker.startswith("BEGIN:"):
            depth += 1
        elif marker.startswith("END:"):
            depth -= 1
            if depth == 0:
                events.append("".join(block))
                block = None
    if block is not None:  # an event that never ends: let the parser judge it
        events.append("".join(block))
    return "".join(skeleton), events


def read_calendars(
    text: str, stop: threading.Event | None = None
) -> tuple[list[Calendar], list[str]]:
    """Like `Calendar.from_ical(text, multiple=True)`, event by event.

    Events go into the first VCALENDAR. Returns the components and a line for
    each event block that could not be read at all (the rest still is). Once
    `stop` is set, raises `Stopped` before the next event.
    """
    skeleton, blocks = split_events(text)
    components = Calendar.from_ical(skeleton, multiple=True)
    calendar = next((c for c in components if c.name == "VCALENDAR"), None)
    if calendar is None:
        return components, []
    unreadable = []
    for block in blocks:
        if stop is not None and stop.is_set():
            raise Stopped
        try:
            calendar.add_component(Event.from_ical(block))
        except Exception as exc:  # one bad invitation must not hide the others
            reason = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
            unreadable.append(f"an event that cannot be read ({reason})")
    return components, unreadable

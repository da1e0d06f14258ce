"""Privacy mode, for sharing the screen: what the panes and screens show instead of
meeting titles, customer names, attendee names and note text.

A `Privacy` turns models into display copies with neutral placeholders
("Meeting", "Customer A", "Person 3", "(note hidden)"); the app shows the copies
and keeps acting on the real models (a row's `ref` stays the real meeting, so
`o`, `n` and the prep sheet work as before). Customers get letters in the order
they are first shown, the same letter for the same customer while the app runs.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from cockpit.domain.prep import Organisation, Person, PrepSheet
from cockpit.domain.present import Row, Table
from cockpit.models import Attendee, Issue, Meeting, Note

MEETING = "Meeting"
NOTE = "(note hidden)"
LINK = "link hidden"


class Privacy:
    """Placeholders for private text; `known` customer names are also hidden inside
    other text (an issue summary naming the customer)."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._aliases: dict[str, str] = {}
        self._real: dict[str, str] = {}
        self._known = sorted({k for k in known if k.strip()}, key=len, reverse=True)
        self._pattern: re.Pattern[str] | None = None

    def customer(self, name: str | None) -> str | None:
        if not name:
            return name
        key = name.casefold()
        if key not in self._aliases:
            n = len(self._aliases)
            letters = string.ascii_uppercase
            label = letters[n % 26] + (str(n // 26) if n >= 26 else "")
            self._aliases[key] = f"Customer {label}"
            self._real[self._aliases[key]] = name
        return self._aliases[key]

    def real_customer(self, alias: str) -> str:
        """The customer behind an alias (the alias itself when it is none)."""
        return self._real.get(alias, alias)

    def text(self, text: str) -> str:
        """`text` with every known customer name replaced by its alias."""
        if not self._known:
            return text
        if self._pattern is None:
            self._pattern = re.compile("|".join(re.escape(k) for k in self._known), re.IGNORECASE)
        return self._pattern.sub(lambda m: self.customer(m.group(0)) or "", text)

    def meeting(self, meeting: Meeting) -> Meeting:
        people = tuple(
            Attendee(
                email=f"person{n}",
                name=f"Person {n}",
                response=a.response,
                external=a.external,
                organizer=a.organizer,
                resource=a.resource,
            )
            for n, a in enumerate(meeting.attendees, start=1)
        )
        return replace(
            meeting,
            title=MEETING,
            customer=self.customer(meeting.customer),
            attendees=people,
            join_url=LINK if meeting.join_url else None,
            location=None,
            description=None,
            organizer=None,
            me=None,
        )

    def note(self, note: Note) -> Note:
        return replace(
            note,
            text=NOTE,
            meeting_title=MEETING if note.meeting_title else None,
            customer=self.customer(note.customer),
        )

    def issue(self, issue: Issue) -> Issue:
        return replace(issue, summary=self.text(issue.summary))

    def sheet(self, sheet: PrepSheet) -> PrepSheet:
        count = 0

        def person(p: Person) -> Person:
            nonlocal count
            count += 1
            return replace(p, email="", name=f"Person {count}")

        organisations = tuple(
            Organisation(
                org.name if org.ours or org.name == "Rooms" else self._org(org.name),
                tuple(person(p) for p in org.people),
                ours=org.ours,
            )
            for org in sheet.organisations
        )
        return replace(
            sheet,
            meeting=self.meeting(sheet.meeting),
            organisations=organisations,
            notes=tuple(self.note(n) for n in sheet.notes),
            customer_issues=tuple(self.issue(i) for i in sheet.customer_issues),
            mentioned=tuple(self.issue(i) for i in sheet.mentioned),
        )

    def _org(self, name: str) -> str:
        return self.customer(name.removesuffix(" (free-mail)")) or "Guests"


def masked_table(
    build: Callable[[Sequence[Meeting]], Table], meetings: Sequence[Meeting], privacy: Privacy
) -> Table:
    """The table `build` makes of the masked meetings, each row's `ref` the real one."""
    real = {(m.uid, m.start): m for m in meetings}
    table = build([privacy.meeting(m) for m in meetings])
    rows = tuple(
        replace(row, ref=real.get((row.ref.uid, row.ref.start), row.ref))
        if isinstance(row.ref, Meeting)
        else row
        for row in table.rows
    )
    return replace(table, rows=rows)


def masked_rows(table: Table, column: int, privacy: Privacy) -> Table:
    """The table with the known customer names hidden in one column (a summary)."""
    rows = tuple(
        Row(
            tuple(privacy.text(c) if i == column else c for i, c in enumerate(row.cells)),
            row.hint,
            row.ref,
        )
        for row in table.rows
    )
    return replace(table, rows=rows)


def masked_cells(table: Table, privacy: Privacy) -> Table:
    """The table with the known customer names hidden in every cell but the `whole`
    ones (the keys); each row's `ref` stays the real item."""
    keep = set(table.whole)
    rows = tuple(
        replace(
            row, cells=tuple(c if i in keep else privacy.text(c) for i, c in enumerate(row.cells))
        )
        for row in table.rows
    )
    return replace(table, rows=rows)

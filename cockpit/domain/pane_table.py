"""A custom pane's table (`[[panes]]`), shared by the pane and `cockpit pane TITLE`.

The cells come from the source as text; `age` (days since the issue was created)
and `due` (its due date, "late" once past and not done) are told from today here,
so a cached pane reads right on a later day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from cockpit.domain.present import Row, RowHint, Table
from cockpit.models import Issue, blocked_to_json

AGE = ("age",)
DUE = ("due", "duedate")


def shown_cell(column: str, text: str, issue: Issue, today: date) -> str:
    """A column's cell as the pane shows it."""
    kind = column.strip().casefold()
    if kind in AGE:
        return _age(text, today)
    if kind in DUE and text:
        late = issue.status_category != "done" and text[:10] < today.isoformat()
        return f"{text[:10]} late" if late else text[:10]
    return text


def _age(created: str, today: date) -> str:
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return ""
    return f"{max((today - when.date()).days, 0)}d"


def custom_table(
    headers: Sequence[str],
    columns: Sequence[str],
    items: Sequence[tuple[Issue, Mapping[str, str]]],
    today: date,
) -> Table:
    """Rows in the JQL's order; the summary gives way first, the key is never cut."""
    folded = [c.strip().casefold() for c in columns]
    rows = tuple(
        Row(
            tuple(shown_cell(c, cells.get(c, ""), issue, today) for c in columns),
            RowHint.NORMAL,
            issue,
        )
        for issue, cells in items
    )
    flex = folded.index("summary") if "summary" in folded else None
    whole = tuple(i for i, c in enumerate(folded) if c == "key")
    optional = tuple(i for i in reversed(range(len(folded))) if i != flex and i not in whole)
    return Table(tuple(headers), rows, flex=flex, optional=optional, whole=whole)


def pane_to_json(issue: Issue, columns: Mapping[str, str]) -> dict[str, Any]:
    """`cockpit pane --json`: the blocked fields, plus `columns` (name -> text shown)."""
    return {**blocked_to_json(issue), "columns": dict(columns)}

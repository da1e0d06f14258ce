"""Panes from any JQL: columns named by field name or id, and the issues with their cells.

`PaneQuery` turns a pane's column names into the fields to ask Jira for (the site's
field list, GET /field, is asked once and kept in the site's memory, like the custom
field ids), runs the JQL and returns `PaneIssue`s: the `Issue` every pane acts on,
plus the text of each column. `age` and `due` keep their dates; the table says how
old or how late from today. A JQL Jira refuses is a `RejectedQuery` with Jira's
own words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from cockpit.models import Issue
from cockpit.records import record
from cockpit.sources.errors import BadResponse, SourceError
from cockpit.sources.jira_adf import adf_to_text
from cockpit.sources.jira_fields import SOURCE, JiraFields, parse_issue
from cockpit.sources.jira_refusal import JiraRefused
from cockpit.sources.pane_issue import PaneIssue, RejectedQuery

if TYPE_CHECKING:
    from cockpit.sources.jira import JiraClient

FIELD_NAMES = "jira field names"
MAX_AGE = timedelta(days=7)
MAX_ISSUES = 2000
"""A pane lists at most this many issues (its JQL may match a whole site)."""
BASE = ("summary", "status", "issuetype", "priority", "assignee", "updated", "created")

# column -> (header, field ids it needs; "" for the issue key)
SPECIAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "key": ("Key", ()),
    "summary": ("Summary", ("summary",)),
    "status": ("Status", ("status",)),
    "priority": ("Priority", ("priority",)),
    "assignee": ("Assignee", ("assignee",)),
    "type": ("Type", ("issuetype",)),
    "issuetype": ("Type", ("issuetype",)),
    "points": ("Pts", ()),
    "age": ("Age", ("created",)),
    "due": ("Due", ("duedate",)),
    "duedate": ("Due", ("duedate",)),
    "labels": ("Labels", ("labels",)),
    "updated": ("Updated", ("updated",)),
    "created": ("Created", ("created",)),
}


@record(slots=True)
class Column:
    """One column of a custom pane: what the user wrote, its header, its field id."""

    name: str
    header: str
    field: str = ""
    """The Jira field id read for it ("" for the key and the points)."""
    kind: str = "text"
    """How the table shows it: "text", "key", "age" (days since), "due" (a date)."""


def cell_text(value: Any) -> str:
    """A field's value as one line of text: names of objects, lists joined, dates as dates."""
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else f"{value:g}"
    if isinstance(value, str):
        return value[:10] if _looks_like_time(value) else " ".join(value.split())
    if isinstance(value, list):
        return ", ".join(t for t in (cell_text(v) for v in value[:20]) if t)
    if isinstance(value, dict):
        if value.get("type") == "doc":
            return " ".join(adf_to_text(value).split())
        for key in ("displayName", "name", "value", "key"):
            if isinstance(value.get(key), str):
                child = (
                    cell_text(value.get("child")) if isinstance(value.get("child"), dict) else ""
                )
                return str(value[key]) + (f" / {child}" if child else "")
    return ""


def _looks_like_time(text: str) -> bool:
    return len(text) > 10 and text[4:5] == "-" and text[7:8] == "-" and text[10:11] == "T"


def field_names(data: Any) -> dict[str, tuple[str, str]]:
    """{casefolded name or id: (field id, display name)} from GET /field."""
    if not isinstance(data, list):
        raise BadResponse(SOURCE, "Jira's field list was not a list.")
    out: dict[str, tuple[str, str]] = {}
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        fid = item["id"]
        name = str(item.get("name") or fid)
        out.setdefault(fid.casefold(), (fid, name))
        out.setdefault(name.casefold(), (fid, name))
    return out


class PaneQuery:
    """Runs custom panes' JQL on one site; its field list is asked once."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._names: dict[str, tuple[str, str]] | None = None
        self._fresh = False

    async def _field_names(self, *, again: bool = False) -> dict[str, tuple[str, str]]:
        memory = self.client.catalog.memory
        if self._names is None and not again and memory is not None:
            kept = memory.load(FIELD_NAMES)
            if kept is not None and datetime.now(UTC) - kept[1] <= MAX_AGE:
                try:
                    self._names = field_names(kept[0])
                except BadResponse:
                    self._names = None
        if self._names is None or (again and not self._fresh):
            data = await self.client.call("GET", f"{self.client.site.api}/field")
            self._names, self._fresh = field_names(data), True
            await self.client.catalog.learn_fields(data)  # one GET /field serves both
            if memory is not None:
                slim = [{"id": fid, "name": name} for fid, name in set(self._names.values())]
                await memory.save(FIELD_NAMES, sorted(slim, key=lambda f: f["id"]))
        return self._names

    async def columns(self, names: Sequence[str]) -> list[Column]:
        """The columns for `names`; SourceError naming a column the site does not have."""
        if any(n.strip().casefold() not in SPECIAL for n in names):
            await self._field_names()  # first: its answer gives the custom field ids too
        ids = await self.client.fields()
        out: list[Column] = []
        for name in names:
            column = await self._column(name, ids)
            if column is None:
                raise SourceError(
                    SOURCE,
                    f"Jira at {self.client.site.host} has no field called {name!r} "
                    "(columns name a field by its name or id).",
                )
            out.append(column)
        return out

    async def _column(self, name: str, ids: JiraFields) -> Column | None:
        folded = name.strip().casefold()
        if folded in SPECIAL:
            header, needs = SPECIAL[folded]
            if folded == "points":
                return Column(name, header, ids.points or "")
            kinds = {"key": "key", "age": "age", "due": "due", "duedate": "due"}
            kind = kinds.get(folded, "text")
            return Column(name, header, needs[0] if needs else "", kind)
        for again in (False, True):
            found = (await self._field_names(again=again)).get(folded)
            if found is not None:
                return Column(name, found[1], found[0])
        return None

    async def issues(self, jql: str, names: Sequence[str]) -> tuple[list[Column], list[PaneIssue]]:
        """The issues `jql` matches (at most MAX_ISSUES), with each column's text."""
        columns = await self.columns(names)
        ids = await self.client.fields()
        extra = [c.field for c in columns if c.field]
        wanted = list(dict.fromkeys([*BASE, *(f for f in (ids.points, ids.flagged) if f), *extra]))
        try:
            raws = await self.client.search(jql, wanted, limit=MAX_ISSUES)
        except JiraRefused as exc:
            if exc.status == 400:  # Jira's own words, without the request's address
                said = str(exc).partition("(HTTP 400): ")[2] or str(exc)
                raise RejectedQuery(SOURCE, f"Jira rejected the JQL: {said}") from None
            raise
        site = self.client.site.url
        out = []
        for raw in raws:
            issue = parse_issue(raw, ids, site)
            fields = raw.get("fields") or {}
            cells = {c.name: _cell(c, issue, fields) for c in columns}
            out.append(PaneIssue(issue, cells))
        return columns, out


def _cell(column: Column, issue: Issue, fields: Mapping[str, Any]) -> str:
    if column.kind == "key":
        return issue.key
    if column.kind == "age":
        value = fields.get("created")
        return value if isinstance(value, str) else ""
    if not column.field:
        return ""
    return cell_text(fields.get(column.field))

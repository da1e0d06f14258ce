"""The fake Jira's data: issues, links, comments, custom field ids and rank order.

Rank order is one list plus a lazily rebuilt position index, so a rank call costs
O(n) list work in C (no per-issue Python loops over the whole backlog) and reading
the backlog page by page after a move rebuilds the order once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from cockpit.records import record

Flavor = Literal["cloud", "datacenter"]
Category = Literal["new", "indeterminate", "done"]

STATUSES: dict[str, tuple[str, Category]] = {
    # name -> (id, status category key)
    "To Do": ("10000", "new"),
    "In Progress": ("3", "indeterminate"),
    "In Review": ("10001", "indeterminate"),
    "Blocked": ("10002", "indeterminate"),
    "Done": ("10003", "done"),
    "Closed": ("6", "done"),
}
CATEGORY_IDS = {"new": 2, "indeterminate": 4, "done": 3}
CATEGORY_NAMES = {"new": "To Do", "indeterminate": "In Progress", "done": "Done"}
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")
TYPES = {"Story": "10001", "Bug": "10002", "Task": "10003", "Epic": "10000"}


@record
class FieldIds:
    """Where this site keeps the custom fields (every real site differs)."""

    flagged: str = "customfield_10021"
    rank: str = "customfield_10019"
    points: str = "customfield_10016"
    sprint: str = "customfield_10020"
    epic_link: str = "customfield_10014"


@dataclass
class FakeIssue:
    """One issue as the fake keeps it."""

    key: str
    summary: str
    type: str = "Story"
    status: str = "To Do"
    priority: str = "Medium"
    assignee: str | None = None
    points: float | None = None
    flagged: bool = False
    epic: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    status_changed: datetime | None = None
    id: int = 0
    labels: list[str] = field(default_factory=list)
    due: date | None = None
    history: list[FakeChange] = field(default_factory=list)
    """The changelog, oldest first (see `cockpit.fakejira.history`)."""
    resolution: str | None = None
    """The resolution a transition to a done status set (None: Jira's default)."""
    description: str | None = None
    """The description as text (ADF flattened; Data Center's wiki text as sent)."""
    fix_versions: list[str] = field(default_factory=list)
    """Names of the fix versions (see `FakeVersion`)."""

    @property
    def category(self) -> Category:
        return STATUSES.get(self.status, ("0", "indeterminate"))[1]

    @property
    def project(self) -> str:
        return self.key.rsplit("-", 1)[0]


@dataclass
class FakeVersion:
    """A project's fix version (release)."""

    id: int
    project: str
    name: str
    description: str = ""
    start: date | None = None
    release: date | None = None
    released: bool = False
    archived: bool = False


@record
class FakeItem:
    """One changed field of a changelog entry, as Jira reports it."""

    field: str
    field_id: str
    old: str | None = None
    old_text: str | None = None
    new: str | None = None
    new_text: str | None = None
    fieldtype: str = "jira"


@dataclass
class FakeChange:
    """One changelog entry: who changed what, when."""

    id: int
    when: datetime
    author: str
    items: list[FakeItem]


@dataclass
class FakeComment:
    id: int
    text: str
    created: datetime
    author: str
    adf: dict[str, Any] | None = None
    """The ADF document as posted through v3, kept so v3 reads give it back."""


class RankOrder:
    """Issue keys in rank order; moves are list slices, lookups use a lazy index."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._keys: list[str] = list(keys)
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self.index

    @property
    def keys(self) -> Sequence[str]:
        return self._keys

    @property
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {k: i for i, k in enumerate(self._keys)}
        return self._index

    def append(self, key: str) -> None:
        self._keys.append(key)
        if self._index is not None:
            self._index[key] = len(self._keys) - 1

    def move(
        self, keys: Sequence[str], *, before: str | None = None, after: str | None = None
    ) -> None:
        """Put `keys` (in this order) right before `before` or right after `after`."""
        rest = self._keys
        for key in keys:  # list.remove/index run in C: O(n) per call, no Python loop
            rest.remove(key)
        anchor = before if before is not None else after
        at = rest.index(anchor) if anchor is not None else len(rest)
        if after is not None:
            at += 1
        rest[at:at] = list(keys)
        self._index = None

    def rank_string(self, key: str) -> str:
        """A LexoRank-looking value that sorts like the position."""
        return f"0|i{self.index[key]:06d}:"

"""Changes to the fake's issues that leave a changelog entry, as Jira records them.

Each helper changes the issue's current state and appends a `FakeChange` with the
items Jira would write: status (ids and names), Sprint (ids, names; a carried-over
issue keeps its old sprint: "11" -> "11, 12"), Fix Version (one item per version
added or removed), duedate, Flagged and Link ("This issue is blocked by PAY-70").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from cockpit.fakejira.state import STATUSES, FakeChange, FakeItem

__all__ = [
    "FakeItem",
    "block",
    "due",
    "fix_version",
    "flag",
    "record",
    "sprint",
    "transition",
    "unblock",
]

if TYPE_CHECKING:
    from cockpit.fakejira.core import FakeJira


def record(
    fake: FakeJira, key: str, when: datetime, *items: FakeItem, author: str | None = None
) -> FakeChange:
    """Append one changelog entry to `key` (its state is the caller's to change)."""
    issue = fake.issues[key]
    change = FakeChange(issue.id * 1000 + len(issue.history) + 1, when, author or fake.user, [])
    change.items.extend(items)
    issue.history.append(change)
    issue.history.sort(key=lambda c: c.when)
    if issue.updated is None or when > issue.updated:
        issue.updated = when
    fake.touch()
    return change


def transition(
    fake: FakeJira, key: str, status: str, when: datetime, *, author: str | None = None
) -> None:
    """Move `key` to `status` (a name the fake knows, e.g. "Done" or "Closed")."""
    issue = fake.issues[key]
    old = issue.status
    item = FakeItem("status", "status", STATUSES[old][0], old, STATUSES[status][0], status)
    issue.status = status
    issue.status_changed = when
    record(fake, key, when, item, author=author)


def flag(fake: FakeJira, key: str, on: bool, when: datetime) -> None:
    """Flag (Impediment) or unflag `key`."""
    issue = fake.issues[key]
    issue.flagged = on
    old, new = (None, "Impediment") if on else ("Impediment", None)
    ids = (None, "10019") if on else ("10019", None)
    record(fake, key, when, FakeItem("Flagged", fake.ids.flagged, ids[0], old, ids[1], new))


def block(fake: FakeJira, blocker: str, blocked: str, when: datetime) -> None:
    """Link `blocked` "is blocked by" `blocker`, recorded on `blocked`'s changelog."""
    fake.link(blocker, blocked)
    text = f"This issue is blocked by {blocker}"
    record(fake, blocked, when, FakeItem("Link", "issuelinks", None, None, blocker, text))


def unblock(fake: FakeJira, blocker: str, blocked: str, when: datetime) -> None:
    """Remove the link that `blocker` blocks `blocked`."""
    fake.blockers[blocked].remove(blocker)
    fake.blocks[blocker].remove(blocked)
    text = f"This issue is blocked by {blocker}"
    record(fake, blocked, when, FakeItem("Link", "issuelinks", blocker, text, None, None))


def sprint(
    fake: FakeJira, key: str, old: tuple[int, ...], new: tuple[int, ...], when: datetime
) -> None:
    """Change `key`'s sprints (ids; named "<project> Sprint <id>")."""
    project = fake.issues[key].project

    def ids(sprints: tuple[int, ...]) -> str | None:
        return ", ".join(str(s) for s in sprints) or None

    def names(sprints: tuple[int, ...]) -> str | None:
        return ", ".join(f"{project} Sprint {s}" for s in sprints) or None

    item = FakeItem("Sprint", fake.ids.sprint, ids(old), names(old), ids(new), names(new), "custom")
    record(fake, key, when, item)


def fix_version(fake: FakeJira, key: str, old: str | None, new: str | None, when: datetime) -> None:
    """Remove fix version `old` and/or add `new` (names; ids derived from them)."""
    items = []
    if old is not None:
        items.append(FakeItem("Fix Version", "fixVersions", _version_id(old), old))
    if new is not None:
        items.append(FakeItem("Fix Version", "fixVersions", None, None, _version_id(new), new))
    record(fake, key, when, *items)


def due(fake: FakeJira, key: str, new: date | None, when: datetime) -> None:
    """Set (or clear) `key`'s due date."""
    issue = fake.issues[key]
    old, issue.due = issue.due, new
    old_text = old.isoformat() if old else None
    new_text = new.isoformat() if new else None
    record(fake, key, when, FakeItem("duedate", "duedate", old_text, old_text, new_text, new_text))


def _version_id(name: str) -> str:
    return str(10000 + sum(ord(c) for c in name))

"""Who is blocked on whom: the Blocked pane with its blockers, and the chase list.

Pure functions over the blocked issues and their blockers (key -> `Issue`), shared
by the pane and `cockpit blocked`. The chase list groups blocked work by the person
who owns each blocker, with how many issues each holds up and for how long; the app
computes it in a thread (5,000 blocked issues must not hold the event loop).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from cockpit.domain.present import Row, RowHint, Table, blocked_row, blocked_rows_table
from cockpit.models import Issue
from cockpit.records import record

UNASSIGNED = "Unassigned"
NO_BLOCKER = "No blocking issue (flag or status)"


@record(slots=True)
class BlockerRef:
    """A row's model when the row is a blocker: `issue` blocks `blocked`."""

    issue: Issue
    blocked: tuple[Issue, ...]


def blocker_of(key: str, blockers: Mapping[str, Issue], site_url: str = "") -> Issue:
    """The blocker `key` as known (summary, status, owner), or a bare one."""
    known = blockers.get(key)
    if known is not None:
        return known
    return Issue(
        key=key, summary="", status="?", url=f"{site_url}/browse/{key}" if site_url else ""
    )


def issue_ref_json(issue: Issue) -> dict[str, Any]:
    """An issue named by another's JSON: an entry of `blockers` in `cockpit blocked
    --json` and the stand-up's, the prep sheet's customer and mentioned issues."""
    return {
        "key": issue.key,
        "summary": issue.summary,
        "status": issue.status,
        "assignee": issue.assignee,
        "url": issue.url,
    }


def _site_of(issue: Issue) -> str:
    return issue.url.rsplit("/browse/", 1)[0] if "/browse/" in issue.url else ""


def blocked_with_blockers_json(
    issue: Issue, blockers: Mapping[str, Issue], base: dict[str, Any]
) -> dict[str, Any]:
    """`base` (the blocked fields) with `blockers` added."""
    site = _site_of(issue)
    return {
        **base,
        "blockers": [issue_ref_json(blocker_of(k, blockers, site)) for k in issue.blocked_by],
    }


def blocked_pane_table(
    issues: Sequence[Issue], today: date, blockers: Mapping[str, Issue]
) -> Table:
    """The Blocked pane: each blocked issue, then one line per blocker under it
    (its key, summary, status and owner), longest blocked first."""
    rows: list[Row] = []
    for issue in issues:
        rows.append(blocked_row(issue, today))
        site = _site_of(issue)
        for key in issue.blocked_by:
            blocker = blocker_of(key, blockers, site)
            rows.append(
                Row(
                    (
                        f"↳ {blocker.key}",
                        blocker.summary,
                        blocker.status,
                        blocker.assignee or "unassigned",  # as the blocked rows say it
                        "",
                    ),
                    RowHint.BLOCKER,
                    BlockerRef(blocker, (issue,)),
                )
            )
    return blocked_rows_table(rows)


@record(slots=True)
class Chase:
    """One person's share of the chase list."""

    owner: str
    blockers: tuple[BlockerRef, ...]
    held_up: int
    longest: int | None
    """Days the longest-blocked issue they hold up has waited."""


def _days(issue: Issue, today: date) -> int | None:
    if issue.blocked_since is None:
        return None
    return max((today - issue.blocked_since.date()).days, 0)


def chase_list(issues: Sequence[Issue], blockers: Mapping[str, Issue], today: date) -> list[Chase]:
    """Blocked work grouped by the owner of each blocker, most held up first.

    Issues blocked without a blocking issue (a flag, a Blocked status) are grouped
    last, under `NO_BLOCKER`, each as its own row.
    """
    held: dict[str, list[Issue]] = {}
    loose: list[Issue] = []
    for issue in issues:
        if not issue.blocked_by:
            loose.append(issue)
        for key in issue.blocked_by:
            held.setdefault(key, []).append(issue)
    by_owner: dict[str, list[BlockerRef]] = {}
    for key, blocked in held.items():
        blocker = blocker_of(key, blockers, _site_of(blocked[0]))
        by_owner.setdefault(blocker.assignee or UNASSIGNED, []).append(
            BlockerRef(blocker, tuple(blocked))
        )
    out: list[Chase] = []
    for owner, refs in by_owner.items():
        held_up = {i.key: i for ref in refs for i in ref.blocked}
        waits = [d for i in held_up.values() if (d := _days(i, today)) is not None]
        refs.sort(key=lambda r: (-len(r.blocked), r.issue.key))
        out.append(Chase(owner, tuple(refs), len(held_up), max(waits, default=None)))
    out.sort(key=lambda c: (-c.held_up, -(c.longest or 0), c.owner))
    if loose:
        waits = [d for i in loose if (d := _days(i, today)) is not None]
        alone = tuple(BlockerRef(i, (i,)) for i in loose)
        out.append(Chase(NO_BLOCKER, alone, len(loose), max(waits, default=None)))
    return out


def _for_how_long(days: int | None) -> str:
    return "" if days is None else f", longest {days}d"


def chase_table(issues: Sequence[Issue], blockers: Mapping[str, Issue], today: date) -> Table:
    """The chase list as rows: a line per person, then the blockers they own and
    the issues each holds up."""
    rows: list[Row] = []
    for chase in chase_list(issues, blockers, today):
        noun = "issue" if chase.held_up == 1 else "issues"
        head = f"{chase.owner}: holding up {chase.held_up} {noun}{_for_how_long(chase.longest)}"
        rows.append(Row(("", head, "", "", ""), RowHint.GROUP))
        for ref in chase.blockers:
            own = chase.owner == NO_BLOCKER
            waits = [d for i in ref.blocked if (d := _days(i, today)) is not None]
            rows.append(
                Row(
                    (
                        ref.issue.key,
                        ref.issue.summary,
                        ref.issue.status,
                        (ref.issue.assignee or "unassigned")
                        if own
                        else ", ".join(i.key for i in ref.blocked),
                        f"{max(waits)}d" if waits else "",
                    ),
                    RowHint.NORMAL if own else RowHint.BLOCKER,
                    ref.issue if own else ref,
                )
            )
    headers = ("Key", "Summary", "Status", "Holds up", "Days")
    return Table(headers, tuple(rows), flex=1, optional=(3,), whole=(0,))


def chase_count(table: Table) -> int:
    """How many blocked issues a chase table accounts for (for the pane's title)."""
    keys: set[str] = set()
    for row in table.rows:
        ref = row.ref
        if isinstance(ref, BlockerRef):
            keys.update(i.key for i in ref.blocked)
        elif isinstance(ref, Issue):
            keys.add(ref.key)
    return len(keys)

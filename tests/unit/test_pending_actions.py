"""Actions on their way to Jira, laid over the issues the panes show."""

from __future__ import annotations

from pathlib import Path

from cockpit.domain.pending_actions import apply_pending
from cockpit.models import Issue
from cockpit.store.db import Store

BLOCKED = Issue(
    key="PAY-13",
    summary="Instant payouts",
    status="To Do",
    url="https://x/browse/PAY-13",
    assignee="Ben Okafor",
    flagged=True,
    reasons=("flagged", "link"),
    blocked_by=("PAY-71", "PAY-70"),
)
OTHER = Issue(key="PAY-4", summary="Apple Pay", status="In Review", url="https://x/browse/PAY-4")


def test_open_actions_show_and_survive_a_restart_until_they_fail(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.enqueue_flag("PAY-13", False)
    store.enqueue_transition("PAY-13", "3", "In Progress")
    store.enqueue_assign("PAY-13", "acc-1", "Sam Rivera")
    store.enqueue_unlink("PAY-13", "PAY-71")
    store.close()
    store = Store.open(tmp_path)  # a restart: the jobs are still open
    try:
        shown, other = apply_pending([BLOCKED, OTHER], store.open_jobs())
        assert other is OTHER
        assert (shown.flagged, shown.status, shown.assignee) == (False, "In Progress", "Sam Rivera")
        assert shown.blocked_by == ("PAY-70",) and shown.reasons == ("link",)
        for job in store.open_jobs():  # Jira refused them all
            store.mark_failed(job.id, "no", job.created)  # type: ignore[arg-type]
        assert apply_pending([BLOCKED], store.open_jobs()) == [BLOCKED]
    finally:
        store.close()


def test_unassign_shows_nobody(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    try:
        store.enqueue_assign("PAY-13", None, "Unassigned")
        (shown,) = apply_pending([BLOCKED], store.open_jobs())
        assert shown.assignee is None
    finally:
        store.close()

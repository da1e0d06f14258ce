"""Sending the unblocking actions (flag, transition, assign, unlink) and issue
creation (a story from a note) from the outbox.

Each is sent exactly once: a flag, an assignment and a link removal come out the
same however often they are sent (a link already gone is done); a transition is
marked `sending` (committed) before its POST, and one found `sending` after a lost
answer or a restart is done if the issue already has the status it was going to;
a creation is marked the same way and looked for (same project and summary, made
since) before it is posted again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cockpit.store.db import Store
    from cockpit.store.outbox import Job


class JiraActor(Protocol):
    """What the actions need from `cockpit.sources.jira.JiraClient`."""

    async def set_flag(self, key: str, on: bool) -> None: ...
    async def transition(
        self,
        key: str,
        transition_id: str,
        *,
        resolution: str | None = None,
        comment: str | None = None,
    ) -> None: ...
    async def issue_status(self, key: str) -> str | None: ...
    async def assign(self, key: str, user_id: str | None) -> None: ...
    async def remove_blocker(self, key: str, blocker: str) -> bool: ...
    async def create_issue(
        self,
        project: str,
        issue_type: str,
        summary: str,
        description: str,
        labels: Sequence[str] = (),
    ) -> str: ...
    async def find_created(self, project: str, summary: str, since: datetime) -> str | None: ...


async def send_action(
    actor: JiraActor, store: Store, job: Job, clock: Callable[[], datetime]
) -> str | None:
    """Send one action job (the caller marks it done, or settles its error); a
    created issue's key is returned (and kept on its note)."""
    p = job.payload
    if job.kind == "create":
        return await _create(actor, store, job, clock)
    if job.kind == "flag":
        await actor.set_flag(job.key, bool(p.get("on")))
    elif job.kind == "transition":
        if job.sent_at is not None and await actor.issue_status(job.key) == p.get("to"):
            return None  # the answer was lost, the transition was not
        store.mark_sending(job.id, clock())
        await actor.transition(
            job.key, str(p["id"]), resolution=p.get("resolution"), comment=p.get("comment")
        )
    elif job.kind == "assign":
        await actor.assign(job.key, p.get("account"))
    elif job.kind == "unlink":
        await actor.remove_blocker(job.key, str(p["blocker"]))
    else:
        raise ValueError(f"not an action job: {job.kind}")
    return None


async def _create(actor: JiraActor, store: Store, job: Job, clock: Callable[[], datetime]) -> str:
    """Create the issue once; keep its key on the note; queue its place in the backlog."""
    p = job.payload
    key = None
    if job.sent_at is not None:  # sent before: Jira may have made it already
        key = await actor.find_created(job.key, p["summary"], job.sent_at)
    if key is None:
        store.mark_sending(job.id, clock())
        key = await actor.create_issue(
            job.key, p.get("type") or "Story", p["summary"], p.get("description") or "",
            p.get("labels") or (),
        )  # fmt: skip
    if job.note_id is not None:
        store.set_story_key(job.note_id, key)
    if p.get("before") or p.get("after"):
        store.enqueue_rank(key, before=p.get("before"), after=p.get("after"), site=job.site)
    return key

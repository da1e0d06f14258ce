"""Sending the unblocking actions (flag, transition, assign, unlink) from the outbox.

Each is sent exactly once: a flag, an assignment and a link removal come out the
same however often they are sent (a link already gone is done); a transition is
marked `sending` (committed) before its POST, and one found `sending` after a lost
answer or a restart is done if the issue already has the status it was going to.
"""

from __future__ import annotations

from collections.abc import Callable
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


async def send_action(
    actor: JiraActor, store: Store, job: Job, clock: Callable[[], datetime]
) -> None:
    """Send one action job (the caller marks it done, or settles its error)."""
    p = job.payload
    if job.kind == "flag":
        await actor.set_flag(job.key, bool(p.get("on")))
    elif job.kind == "transition":
        if job.sent_at is not None and await actor.issue_status(job.key) == p.get("to"):
            return  # the answer was lost, the transition was not
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

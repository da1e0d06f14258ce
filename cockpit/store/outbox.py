"""The outbox, store side: Jira writes waiting to be sent, kept across restarts.

Kinds: `rank` (key, before|after), `priority` (key, name), `comment` (key, text,
note_id), `create` (project, fields, note_id), and the unblocking actions `flag`
(key, on), `transition` (key, id, to, resolution, comment), `assign` (key, account,
name), `unlink` (key, blocker).
States: pending -> sending (comments and transitions, committed before the POST)
-> done, or failed (a permanent refusal, with its reason). A new rank, priority,
flag or assignee for a key replaces the one still pending for it, so a burst of
moves becomes one call. Each job names its Jira site (`site`, a `[[jira]]` name;
None: the first site), and the same key on two sites is two issues.
`cockpit.sync.sender.OutboxSender` sends them, each to its own site.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any, Literal

from cockpit.records import record
from cockpit.store.base import StoreBase, from_text, to_utc_text

JobKind = Literal["rank", "priority", "comment", "flag", "transition", "assign", "unlink", "create"]
ACTION_KINDS: tuple[JobKind, ...] = ("flag", "transition", "assign", "unlink", "create")
"""The unblocking actions on one issue (`cockpit.sync.actions` sends them)."""
JobState = Literal["pending", "sending", "done", "failed"]
OPEN_STATES: tuple[JobState, ...] = ("pending", "sending")


@record(slots=True)
class Job:
    """One pending (or finished) Jira write."""

    id: int
    kind: JobKind
    key: str
    payload: dict[str, Any]
    state: JobState
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    created: datetime | None = None
    sent_at: datetime | None = None
    remote_id: str | None = None
    note_id: int | None = None
    site: str | None = None
    """The `[[jira]]` site the job goes to (None: the first)."""

    def describe(self) -> str:
        """What the job does, for a toast: 'rank PAY-1 before PAY-2'."""
        p = self.payload
        if self.kind == "rank":
            where = f"before {p['before']}" if p.get("before") else f"after {p.get('after')}"
            return f"rank {self.key} {where}"
        if self.kind == "priority":
            return f"set {self.key} priority to {p.get('name')}"
        if self.kind == "flag":
            return f"{'flag' if p.get('on') else 'clear the flag of'} {self.key}"
        if self.kind == "transition":
            return f"move {self.key} to {p.get('to')}"
        if self.kind == "assign":
            return f"assign {self.key} to {p.get('name') or 'nobody'}"
        if self.kind == "create":
            return f"create the {p.get('type') or 'issue'} '{p.get('summary')}' in {self.key}"
        if self.kind == "unlink":
            return f"remove the link '{self.key} is blocked by {p.get('blocker')}'"
        return f"comment on {self.key}"


def _now() -> str:
    return to_utc_text(datetime.now(UTC))


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        kind=row["kind"],
        key=row["issue_key"],
        payload=json.loads(row["payload"]),
        state=row["state"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        next_attempt_at=from_text(row["next_attempt_at"]),
        created=from_text(row["created"]),
        sent_at=from_text(row["sent_at"]),
        remote_id=row["remote_id"],
        note_id=row["note_id"],
        site=row["site"],
    )


def _insert(
    conn: sqlite3.Connection,
    kind: JobKind,
    key: str,
    payload: dict[str, Any],
    note_id: int | None,
    site: str | None = None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO outbox (kind, issue_key, payload, created, note_id, site)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (kind, key, json.dumps(payload, ensure_ascii=False), _now(), note_id, site),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def insert_comment_job(
    conn: sqlite3.Connection,
    key: str,
    text: str,
    note_id: int | None = None,
    site: str | None = None,
) -> int:
    """Queue a comment inside the caller's transaction; one job per note at most."""
    if note_id is not None:
        row = conn.execute(
            "SELECT id FROM outbox WHERE kind = 'comment' AND note_id = ?", (note_id,)
        ).fetchone()
        if row is not None:
            return int(row["id"])
    return _insert(conn, "comment", key, {"text": text}, note_id, site)


class OutboxQueue(StoreBase):
    """Store mixin: queue, inspect and settle outbox jobs."""

    # --- enqueue ------------------------------------------------------------

    def _replace_pending(
        self, kind: JobKind, key: str, payload: dict[str, Any], site: str | None
    ) -> int:
        with self._write() as conn:
            # The new job goes to the end of the queue: it is the user's latest intent.
            conn.execute(
                "DELETE FROM outbox WHERE kind = ? AND issue_key = ? AND site IS ?"
                " AND state = 'pending'",
                (kind, key, site),
            )
            return _insert(conn, kind, key, payload, None, site)

    def enqueue_rank(
        self,
        key: str,
        *,
        before: str | None = None,
        after: str | None = None,
        site: str | None = None,
    ) -> int:
        """Queue 'put `key` right before (or after) another issue'; replaces a pending one."""
        if (before is None) == (after is None):
            raise ValueError("a rank job needs exactly one of before= or after=")
        return self._replace_pending("rank", key, {"before": before, "after": after}, site)

    def enqueue_priority(self, key: str, name: str, *, site: str | None = None) -> int:
        """Queue 'set the priority of `key`'; replaces a pending one for the same key."""
        return self._replace_pending("priority", key, {"name": name}, site)

    def enqueue_flag(self, key: str, on: bool, *, site: str | None = None) -> int:
        """Queue 'flag `key`' (or clear its flag); replaces a pending one for the key."""
        return self._replace_pending("flag", key, {"on": on}, site)

    def enqueue_transition(
        self,
        key: str,
        transition_id: str,
        to: str,
        *,
        resolution: str | None = None,
        comment: str | None = None,
        site: str | None = None,
    ) -> int:
        """Queue a workflow transition of `key` to status `to`."""
        payload = {"id": transition_id, "to": to, "resolution": resolution, "comment": comment}
        with self._write() as conn:
            return _insert(conn, "transition", key, payload, None, site)

    def enqueue_assign(
        self, key: str, account: str | None, name: str | None, *, site: str | None = None
    ) -> int:
        """Queue 'assign `key` to user `account` (shown as `name`)'; None unassigns."""
        return self._replace_pending("assign", key, {"account": account, "name": name}, site)

    def enqueue_unlink(self, key: str, blocker: str, *, site: str | None = None) -> int:
        """Queue 'remove the link `key` is blocked by `blocker`'."""
        with self._write() as conn:
            return _insert(conn, "unlink", key, {"blocker": blocker}, None, site)

    def enqueue_create(
        self,
        project: str,
        fields: dict[str, Any],
        note_id: int | None,
        *,
        site: str | None = None,
    ) -> int:
        """Queue 'create an issue in `project`' (`fields`: type, summary, description,
        labels, and where in the backlog: before/after a key). One per note."""
        with self._write() as conn:
            if note_id is not None:
                row = conn.execute(
                    "SELECT id FROM outbox WHERE kind = 'create' AND note_id = ?"
                    " AND state != 'failed'",
                    (note_id,),
                ).fetchone()
                if row is not None:
                    return int(row["id"])
            return _insert(conn, "create", project, fields, note_id, site)

    def enqueue_comment(
        self, key: str, text: str, note_id: int | None = None, *, site: str | None = None
    ) -> int:
        """Queue a comment (a note with `post_to_jira` gets one from `add_note` already)."""
        with self._write() as conn:
            return insert_comment_job(conn, key, text, note_id, site)

    # --- inspect ------------------------------------------------------------

    def pending_count(self) -> int:
        """Writes not yet confirmed by Jira (pending or being sent), for the status line."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')"
            ).fetchone()
        return int(row[0])

    def jobs(self, *states: JobState) -> list[Job]:
        """Jobs in the given states (all when none given), in queue order."""
        sql = "SELECT * FROM outbox"
        if states:
            sql += f" WHERE state IN ({', '.join('?' * len(states))})"
        with self._read() as conn:
            return [_job(row) for row in conn.execute(sql + " ORDER BY id", states)]

    def open_jobs(self) -> list[Job]:
        """Pending and sending jobs, in the order they must be sent."""
        return self.jobs(*OPEN_STATES)

    def get_job(self, job_id: int) -> Job | None:
        with self._read() as conn:
            row = conn.execute("SELECT * FROM outbox WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row else None

    def claimed_comment_ids(self, key: str, site: str | None = None) -> set[str]:
        """Jira comment ids already matched to finished jobs on `key` (of `site`)."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT remote_id FROM outbox WHERE kind = 'comment' AND issue_key = ?"
                " AND site IS ? AND remote_id IS NOT NULL",
                (key, site),
            ).fetchall()
        return {str(row[0]) for row in found}

    # --- settle (used by the sender) ---------------------------------------

    def _update(self, job_id: int, **values: Any) -> None:
        columns = ", ".join(f"{name} = ?" for name in values)
        with self._write() as conn:
            conn.execute(f"UPDATE outbox SET {columns} WHERE id = ?", (*values.values(), job_id))

    def mark_sending(self, job_id: int, at: datetime) -> None:
        """Committed before a non-idempotent request, so a lost answer is reconciled."""
        self._update(job_id, state="sending", sent_at=to_utc_text(at))

    def mark_done(self, job_id: int, at: datetime, remote_id: str | None = None) -> None:
        self._update(
            job_id,
            state="done",
            finished_at=to_utc_text(at),
            remote_id=remote_id,
            last_error=None,
            next_attempt_at=None,
        )

    def mark_retry(self, job_id: int, error: str, next_attempt_at: datetime) -> None:
        """Try again later; the state (pending or sending) is kept."""
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
                " WHERE id = ?",
                (error, to_utc_text(next_attempt_at), job_id),
            )

    def make_due(self) -> int:
        """Make every waiting job due now (the app started, or the user asked to send);
        return how many were backing off."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE outbox SET next_attempt_at = NULL"
                " WHERE state IN ('pending', 'sending') AND next_attempt_at IS NOT NULL"
            )
        return cursor.rowcount

    def mark_failed(self, job_id: int, error: str, at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?,"
                " finished_at = ?, next_attempt_at = NULL WHERE id = ?",
                (error, to_utc_text(at), job_id),
            )

    def retry_failed(self, job_id: int) -> None:
        """Put a failed job back in the queue (the user asked to try again).

        A comment that was sent before is reconciled before it is posted again.
        """
        self._update(job_id, state="pending", next_attempt_at=None, attempts=0)

    def prune_finished(self, before: datetime) -> int:
        """Delete done jobs finished before `before`; return how many."""
        with self._write() as conn:
            cursor = conn.execute(
                "DELETE FROM outbox WHERE state = 'done' AND finished_at < ?",
                (to_utc_text(before),),
            )
        return cursor.rowcount

    def dismiss_job(self, job_id: int) -> None:
        """Forget a failed job (the user has seen the reason)."""
        with self._write() as conn:
            conn.execute("DELETE FROM outbox WHERE id = ? AND state = 'failed'", (job_id,))

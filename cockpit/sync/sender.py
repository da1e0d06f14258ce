"""The outbox sender: sends queued Jira writes in order, headless and async.

Transient failures (unreachable, rate limited, 5xx) wait and retry with exponential
backoff; a refused credential (401) keeps the job pending and is reported so the user
can fix it; permanent refusals (403, 400, 404, a rank Jira declined for that issue)
fail the job with Jira's one-sentence reason, reported so the app can toast and
re-fetch. Comments are never posted twice: the job is marked `sending` (committed)
before the POST, and a job found in `sending` is reconciled against the issue's
comments before anything is posted again.

Each job goes to its own Jira site (`Job.site`, None: the first): a site that must
wait holds back only its own later jobs, so the others' order is kept and a site
that is away never stalls another.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol, cast

from cockpit.sources.errors import AuthError, BadResponse, RateLimited, SourceError, Unreachable
from cockpit.store.outbox import ACTION_KINDS
from cockpit.sync.actions import JiraActor, send_action

if TYPE_CHECKING:
    from cockpit.store.db import Store
    from cockpit.store.outbox import Job

BASE_DELAY = timedelta(seconds=5)
MAX_DELAY = timedelta(minutes=15)
MAX_UNCLEAR_ATTEMPTS = 6
"""Malformed answers and unknown errors are retried this often, then the job fails."""
KEEP_FINISHED = timedelta(days=30)
"""Done jobs are kept this long (their comment ids keep reconciliation exact)."""
CLOCK_SKEW = timedelta(minutes=2)
"""A comment created this long before our send time still counts as ours."""


class RankOutcome(Protocol):
    @property
    def failed(self) -> Mapping[str, str]:
        """Issue key -> Jira's reason, for the issues Jira did not rank (207)."""
        ...


class RemoteComment(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def created(self) -> datetime | None: ...


class JiraWriter(Protocol):
    """What the outbox needs from `cockpit.sources.jira.JiraClient`."""

    async def rank(
        self, keys: list[str], *, before: str | None = None, after: str | None = None
    ) -> RankOutcome: ...
    async def set_priority(self, key: str, name: str) -> object: ...
    async def add_comment(self, key: str, text: str) -> str: ...
    async def comments(self, key: str) -> Sequence[RemoteComment]: ...


@dataclass
class DrainReport:
    """What one drain did, for toasts and the status line."""

    sent: list[Job] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)
    """Jobs Jira refused for good, with the reason (toast them, then re-fetch)."""
    auth_error: str | None = None
    """The credential was refused: jobs stay pending until the user fixes it."""
    retry_error: str | None = None
    """Jira could not be reached or was busy: jobs stay pending and are retried."""
    remaining: int = 0
    """Jobs still waiting (pending or sending) after the drain."""

    @property
    def needs_refresh(self) -> bool:
        """A rank or priority was refused: the local backlog no longer matches Jira."""
        return any(job.kind in ("rank", "priority") for job, _ in self.failed)

    @property
    def actions_settled(self) -> bool:
        """An unblocking action was sent or refused: the issue lists should be fetched."""
        return any(job.kind in ACTION_KINDS for job in [*self.sent, *(j for j, _ in self.failed)])


def http_status(exc: BaseException) -> int | None:
    """The HTTP status behind an error, when the client recorded one."""
    for name in ("status", "status_code"):
        value = getattr(exc, name, None)
        if isinstance(value, int):
            return value
    response = getattr(exc, "response", None)
    value = getattr(response, "status_code", None)
    return value if isinstance(value, int) else None


def classify(exc: BaseException) -> str:
    """'transient', 'auth', 'permanent' or 'unclear' (retried a few times, then failed)."""
    status = http_status(exc)
    if status is not None:
        if status == 401:
            return "auth"
        if status in (408, 409, 423, 425, 429) or status >= 500:
            return "transient"
        if 400 <= status < 500:
            return "permanent"
    if isinstance(exc, Unreachable | RateLimited):
        return "transient"
    if isinstance(exc, AuthError):
        # Without a status we cannot tell 401 from 403: keep the job, tell the user.
        return "auth"
    if isinstance(exc, BadResponse):
        return "unclear"
    if isinstance(exc, SourceError):
        return "permanent"
    if isinstance(exc, OSError | asyncio.TimeoutError):
        return "transient"
    return "unclear"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


_SPACE = re.compile(r"\s+")


def _same_text(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip() == _SPACE.sub(" ", b).strip()


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


MAX_RANK_BATCH = 50
"""Jira ranks at most 50 issues in one call."""


def _rank_side(job: Job) -> str:
    """'before' when the job ranks its issue above its anchor, else 'after'."""
    return "before" if job.payload.get("before") else "after"


def rank_chain(jobs: Sequence[Job], start: int, due: Callable[[Job], bool]) -> list[Job]:
    """The due rank jobs from `start` that one rank call can send: each next job is
    anchored on the previous one's issue, on the same side (the chains that a burst of
    moves of adjacent issues is planned as). Always at least `jobs[start]`."""
    chain = [jobs[start]]
    side = _rank_side(chain[0])
    other = "after" if side == "before" else "before"
    for job in jobs[start + 1 : start + MAX_RANK_BATCH]:
        anchored = job.payload.get(side) == chain[-1].key and not job.payload.get(other)
        if job.kind != "rank" or job.site != chain[0].site or not anchored or not due(job):
            break
        chain.append(job)
    return chain


class _Refused(Exception):
    """Jira declined this one issue (a 207 partial rank): a permanent failure."""


class OutboxSender:
    """Sends the store's outbox to Jira; `drain()` once, or `run()` in a worker."""

    def __init__(
        self,
        store: Store,
        jira: JiraWriter,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        actions: JiraActor | None = None,
        sites: Mapping[str, JiraWriter | str] | None = None,
    ) -> None:
        self.store = store
        self.jira = jira
        self.actions = actions if actions is not None else cast("JiraActor", jira)
        """Who sends the first site's flag, transition, assign and unlink jobs."""
        self.sites: Mapping[str, JiraWriter | str] = sites if sites is not None else {}
        """The other `[[jira]]` sites by name: a client (writer and actor), or why
        there is none (no token stored)."""
        self.clock = clock
        self.sleep = sleep
        self._lock = asyncio.Lock()

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failure: 5 s, 10 s, 20 s ... at most 15 min."""
        return min(MAX_DELAY, BASE_DELAY * (1 << max(0, attempts - 1)))

    async def drain(self) -> DrainReport:
        """Send every due job in queue order; stop at the first that must wait.

        Concurrent calls run one after the other, so no job is sent twice.
        """
        async with self._lock:
            return await self._drain()

    async def _drain(self) -> DrainReport:
        report = DrainReport()
        jobs = self.store.open_jobs()
        held: set[str | None] = set()
        """Sites with a job that must wait: their later jobs wait too (ranks in order)."""
        at = 0
        while at < len(jobs):
            job = jobs[at]
            if job.site in held or not self._due(job):
                held.add(job.site)
                at += 1
                continue
            group = rank_chain(jobs, at, self._due) if job.kind == "rank" else [job]
            at += len(group)
            try:
                if job.kind == "rank":
                    await self._send_ranks(group, report)
                    continue
                remote_id = await self._send(job)
            except Exception as exc:
                if not all([self._settle_error(j, exc, report) for j in group]):
                    held.add(job.site)
                continue
            self.store.mark_done(job.id, self.clock(), remote_id)
            report.sent.append(job)
        report.remaining = self.store.pending_count()
        self.store.prune_finished(self.clock() - KEEP_FINISHED)
        return report

    def _writer(self, job: Job) -> JiraWriter:
        """The client of the job's site; SourceError when it has none."""
        if job.site is None:
            return self.jira
        client = self.sites.get(job.site)
        if client is None:
            raise SourceError(
                "Jira", f"The Jira site {job.site!r} is no longer in config.toml ([[jira]])."
            )
        if isinstance(client, str):
            raise AuthError("Jira", client)  # no token yet: the job waits for one
        return client

    def _actor(self, job: Job) -> JiraActor:
        return self.actions if job.site is None else cast("JiraActor", self._writer(job))

    def _due(self, job: Job) -> bool:
        return job.next_attempt_at is None or _utc(job.next_attempt_at) <= _utc(self.clock())

    async def _send_ranks(self, chain: list[Job], report: DrainReport) -> None:
        """One rank call for a chain of rank jobs; an issue Jira declined fails alone."""
        side = _rank_side(chain[0])
        keys = [job.key for job in chain]
        anchor = chain[0].payload.get(side)
        jira = self._writer(chain[0])
        if side == "before":  # each was ranked above the one before it
            result = await jira.rank(keys[::-1], before=anchor)
        else:
            result = await jira.rank(keys, after=anchor)
        declined = dict(result.failed)
        for job in chain:
            if job.key in declined:
                self._settle_error(job, _Refused(declined[job.key]), report)
            else:
                self.store.mark_done(job.id, self.clock())
                report.sent.append(job)

    async def _send(self, job: Job) -> str | None:
        if job.kind in ACTION_KINDS:
            return await send_action(self._actor(job), self.store, job, self.clock)
        if job.kind == "priority":
            await self._writer(job).set_priority(job.key, job.payload["name"])
            return None
        return await self._send_comment(job)

    async def _send_comment(self, job: Job) -> str | None:
        text = job.payload["text"]
        jira = self._writer(job)
        if job.sent_at is not None:  # sent before: Jira may have it already
            posted = await self._find_posted(jira, job, text, job.sent_at)
            if posted is not None:
                return posted
        self.store.mark_sending(job.id, self.clock())
        return str(await jira.add_comment(job.key, text))

    async def _find_posted(
        self, jira: JiraWriter, job: Job, text: str, sent_at: datetime
    ) -> str | None:
        """The id of a comment with this text created since our send, not yet claimed."""
        claimed = self.store.claimed_comment_ids(job.key, job.site)
        since = _utc(sent_at) - CLOCK_SKEW
        for comment in await jira.comments(job.key):
            if str(comment.id) in claimed or not _same_text(comment.body or "", text):
                continue
            if comment.created is None or _utc(comment.created) >= since:
                return str(comment.id)
        return None

    def _settle_error(self, job: Job, exc: Exception, report: DrainReport) -> bool:
        """Record a failed attempt; True if the drain may go on with the next job."""
        now = self.clock()
        reason = _reason(exc)
        kind = "permanent" if isinstance(exc, _Refused) else classify(exc)
        if job.kind in ACTION_KINDS and http_status(exc) == 409:
            kind = "permanent"  # Jira says the issue changed under the action: undo it
        if kind == "unclear" and job.attempts + 1 >= MAX_UNCLEAR_ATTEMPTS:
            kind = "permanent"
        if kind == "permanent":
            self.store.mark_failed(job.id, reason, now)
            failed = self.store.get_job(job.id)
            report.failed.append((failed or job, reason))
            return True
        self.store.mark_retry(job.id, reason, now + self.backoff(job.attempts + 1))
        if kind == "auth":
            report.auth_error = reason
        else:
            report.retry_error = reason
        return False

    def next_due_in(self) -> float | None:
        """Seconds until the first open job of some site is due (0 if now), None if
        nothing waits."""
        heads: dict[str | None, Job] = {}
        for job in self.store.open_jobs():
            heads.setdefault(job.site, job)
        if not heads:
            return None
        now = _utc(self.clock())
        return min(
            0.0 if job.next_attempt_at is None
            else max(0.0, (_utc(job.next_attempt_at) - now).total_seconds())
            for job in heads.values()
        )  # fmt: skip

    async def run(
        self,
        on_report: Callable[[DrainReport], object] | None = None,
        *,
        idle: float = 30.0,
    ) -> None:
        """Drain forever (cancel the task to stop): now, then whenever a job is due,
        at least every `idle` seconds so jobs queued meanwhile go out."""
        while True:
            report = await self.drain()
            if on_report is not None and (
                report.sent or report.failed or report.auth_error or report.retry_error
            ):
                on_report(report)
            wait = self.next_due_in()
            await self.sleep(idle if wait is None else min(idle, max(wait, 0.05)))

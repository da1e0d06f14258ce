"""The outbox sender against a fake Jira: order, coalescing, retries, no double comments."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cockpit.models import Note
from cockpit.sources.errors import AuthError, RateLimited, SourceError, Unreachable
from cockpit.store.db import Store
from cockpit.sync.sender import DrainReport, OutboxSender

T0 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)


class HttpRefusal(SourceError):
    """What the Jira client raises for a 4xx it does not retry, with its status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__("Jira", message)
        self.status = status


@dataclass
class RankResult:
    failed: dict[str, str] = field(default_factory=dict)


@dataclass
class Comment:
    id: str
    body: str
    created: datetime


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@dataclass
class FakeJira:
    """Implements cockpit.sync.sender.JiraWriter; records every call that reached 'Jira'."""

    clock: Clock
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    comments_by_key: dict[str, list[Comment]] = field(default_factory=dict)
    down: bool = False
    lose_comment_responses: int = 0
    """Accept the next N comments, then raise as if the response was lost."""
    fail_with: Exception | None = None
    rank_refusals: dict[str, str] = field(default_factory=dict)

    def _gate(self) -> None:
        if self.down:
            raise Unreachable("Jira", "Jira could not be reached (connection refused).")
        if self.fail_with is not None:
            raise self.fail_with

    async def rank(
        self, keys: Sequence[str], *, before: str | None = None, after: str | None = None
    ) -> RankResult:
        self._gate()
        self.calls.append(("rank", tuple(keys), before, after))
        return RankResult({k: self.rank_refusals[k] for k in keys if k in self.rank_refusals})

    async def set_priority(self, key: str, name: str) -> None:
        self._gate()
        self.calls.append(("priority", key, name))

    async def add_comment(self, key: str, text: str) -> str:
        self._gate()
        await asyncio.sleep(0)  # let another task run mid-request
        comments = self.comments_by_key.setdefault(key, [])
        comment = Comment(str(10000 + len(self.calls)), text, self.clock())
        comments.append(comment)
        self.calls.append(("comment", key, text))
        if self.lose_comment_responses:
            self.lose_comment_responses -= 1
            raise Unreachable("Jira", "The connection to Jira was reset.")
        return comment.id

    async def comments(self, key: str) -> list[Comment]:
        self._gate()
        return list(self.comments_by_key.get(key, []))

    def posted(self, key: str) -> list[str]:
        return [c.body for c in self.comments_by_key.get(key, [])]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path)
    yield s
    s.close()


def sender(store: Store, jira: FakeJira, clock: Clock) -> OutboxSender:
    async def no_sleep(_seconds: float) -> None:
        raise AssertionError("drain must not sleep")

    return OutboxSender(store, jira, clock=clock, sleep=no_sleep)


async def test_jobs_go_out_in_queue_order_and_a_burst_of_moves_is_one_call(
    store: Store, clock: Clock
) -> None:
    jira = FakeJira(clock)
    store.enqueue_rank("PAY-3", before="PAY-1")
    store.enqueue_priority("PAY-2", "High")
    store.enqueue_rank("PAY-3", after="PAY-1")
    store.enqueue_rank("PAY-3", after="PAY-2")
    store.enqueue_comment("PAY-2", "Customer needs this by Friday")
    assert store.pending_count() == 3

    report = await sender(store, jira, clock).drain()

    assert jira.calls == [
        ("priority", "PAY-2", "High"),
        ("rank", ("PAY-3",), None, "PAY-2"),
        ("comment", "PAY-2", "Customer needs this by Friday"),
    ]
    assert len(report.sent) == 3 and not report.failed and report.remaining == 0
    assert store.pending_count() == 0
    assert await sender(store, jira, clock).drain() == type(report)()
    assert len(jira.calls) == 3


async def test_lost_comment_response_is_reconciled_and_posted_exactly_once(
    store: Store, clock: Clock
) -> None:
    jira = FakeJira(clock, lose_comment_responses=1)
    store.enqueue_comment("PAY-7", "Globex will pilot in May")
    out = sender(store, jira, clock)

    first = await out.drain()
    assert first.retry_error and not first.sent
    assert [j.state for j in store.open_jobs()] == ["sending"]

    clock.advance(minutes=1)
    second = await out.drain()
    assert second.sent and second.remaining == 0
    assert jira.posted("PAY-7") == ["Globex will pilot in May"]
    assert store.jobs("done")[0].remote_id == jira.comments_by_key["PAY-7"][0].id


async def test_comment_whose_post_never_arrived_is_posted_on_the_next_drain(
    store: Store, clock: Clock
) -> None:
    jira = FakeJira(clock, down=True)
    store.enqueue_comment("PAY-7", "Retry me")
    out = sender(store, jira, clock)
    await out.drain()
    jira.down = False
    clock.advance(hours=1)
    await out.drain()
    assert jira.posted("PAY-7") == ["Retry me"]


async def test_an_older_identical_comment_is_not_taken_for_ours(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock)
    jira.comments_by_key["PAY-7"] = [Comment("1", "+1", T0 - timedelta(days=2))]
    store.enqueue_comment("PAY-7", "+1")
    out = sender(store, jira, clock)
    jira.down = True
    await out.drain()  # marks sending, then unreachable
    jira.down = False
    clock.advance(hours=1)
    await out.drain()
    assert jira.posted("PAY-7") == ["+1", "+1"]


async def test_crash_after_marking_sending_then_restart_posts_once(
    tmp_path: Path, clock: Clock
) -> None:
    jira = FakeJira(clock, lose_comment_responses=1)
    first = Store.open(tmp_path)
    first.enqueue_comment("PAY-9", "Only once, please")
    await sender(first, jira, clock).drain()
    first.close()  # the app dies; Jira had accepted the comment

    second = Store.open(tmp_path)
    clock.advance(seconds=30)
    report = await sender(second, jira, clock).drain()
    assert [j.kind for j in report.sent] == ["comment"]
    assert jira.posted("PAY-9") == ["Only once, please"]
    second.close()


async def test_403_fails_the_job_with_the_reason_and_later_jobs_still_go(
    store: Store, clock: Clock
) -> None:
    reason = "You do not have permission to edit issue PAY-1."
    jira = FakeJira(clock, fail_with=HttpRefusal(403, reason))
    store.enqueue_priority("PAY-1", "Highest")
    out = sender(store, jira, clock)
    report = await out.drain()
    assert [(job.key, why) for job, why in report.failed] == [("PAY-1", reason)]
    assert report.needs_refresh
    [failed] = store.jobs("failed")
    assert failed.last_error == reason and store.pending_count() == 0

    jira.fail_with = None
    store.enqueue_rank("PAY-2", before="PAY-4")
    assert (await out.drain()).sent and jira.calls == [("rank", ("PAY-2",), "PAY-4", None)]


async def test_partial_rank_refusal_fails_only_that_job(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock, rank_refusals={"PAY-5": "Issue PAY-5 is not in the backlog."})
    store.enqueue_rank("PAY-5", after="PAY-1")
    store.enqueue_rank("PAY-6", after="PAY-1")
    report = await sender(store, jira, clock).drain()
    assert [(j.key, why) for j, why in report.failed] == [
        ("PAY-5", "Issue PAY-5 is not in the backlog.")
    ]
    assert [j.key for j in report.sent] == ["PAY-6"]


async def test_401_keeps_jobs_pending_and_reports_the_credential(
    store: Store, clock: Clock
) -> None:
    message = "Jira refused the API token; run `cockpit auth jira`."
    jira = FakeJira(clock, fail_with=AuthError("Jira", message))
    store.enqueue_priority("PAY-1", "Low")
    store.enqueue_priority("PAY-2", "Low")
    report = await sender(store, jira, clock).drain()
    assert report.auth_error == message and not report.failed
    assert store.pending_count() == 2 and store.jobs("failed") == []
    assert jira.calls == []  # stopped at the first: the others would be refused too


async def test_transient_failures_back_off_exponentially_and_keep_order(
    store: Store, clock: Clock
) -> None:
    jira = FakeJira(clock, fail_with=RateLimited("Jira", "Jira is rate limiting us."))
    store.enqueue_rank("PAY-1", before="PAY-2")
    store.enqueue_rank("PAY-3", after="PAY-1")
    out = sender(store, jira, clock)
    waits = []
    for _ in range(4):
        report = await out.drain()
        assert report.retry_error == "Jira is rate limiting us." and report.remaining == 2
        due = store.open_jobs()[0].next_attempt_at
        assert due is not None
        waits.append((due - clock.now).total_seconds())
        assert await out.drain() == type(report)(remaining=2)  # not due yet: nothing sent
        clock.now = due
    assert waits == [5, 10, 20, 40]
    jira.fail_with = None
    assert [j.key for j in (await out.drain()).sent] == ["PAY-1", "PAY-3"]


async def test_restart_keeps_pending_jobs_and_sends_them_when_jira_is_back(
    tmp_path: Path, clock: Clock
) -> None:
    jira = FakeJira(clock, down=True)
    first = Store.open(tmp_path)
    first.enqueue_rank("PAY-4", before="PAY-1")
    first.add_note(Note(None, T0, "Blocked on legal", issue_key="PAY-4", post_to_jira=True))
    await sender(first, jira, clock).drain()
    first.close()

    second = Store.open(tmp_path)
    assert second.pending_count() == 2
    jira.down = False
    clock.advance(hours=1)
    report = await sender(second, jira, clock).drain()
    assert len(report.sent) == 2 and second.pending_count() == 0
    assert jira.calls == [
        ("rank", ("PAY-4",), "PAY-1", None),
        ("comment", "PAY-4", "Blocked on legal"),
    ]
    second.close()


async def test_run_drains_then_sleeps_until_the_next_job_is_due(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock, down=True)
    store.enqueue_priority("PAY-1", "High")
    sleeps: list[float] = []
    reports: list[DrainReport] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds=seconds)
        jira.down = False
        if len(sleeps) == 2:
            raise KeyboardInterrupt  # stop the loop

    out = OutboxSender(store, jira, clock=clock, sleep=fake_sleep)
    with pytest.raises(KeyboardInterrupt):
        await out.run(reports.append, idle=30)
    assert sleeps == [5, 30]
    assert [bool(r.retry_error) for r in reports] == [True, False]
    assert jira.calls == [("priority", "PAY-1", "High")]


async def test_concurrent_drains_send_each_job_once(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock)
    store.enqueue_comment("PAY-1", "Once")
    out = sender(store, jira, clock)
    await asyncio.gather(out.drain(), out.drain())
    assert jira.posted("PAY-1") == ["Once"]


async def test_a_retried_failed_comment_is_reconciled_first(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock, lose_comment_responses=1)
    store.enqueue_comment("PAY-2", "Agreed with Globex")
    out = sender(store, jira, clock)
    await out.drain()  # accepted, answer lost
    clock.advance(seconds=10)
    jira.fail_with = HttpRefusal(403, "You cannot see PAY-2.")
    await out.drain()  # reconciliation refused: the job fails
    [failed] = store.jobs("failed")
    jira.fail_with = None
    store.retry_failed(failed.id)
    assert (await out.drain()).sent
    assert jira.posted("PAY-2") == ["Agreed with Globex"]


async def test_finished_jobs_are_pruned_after_30_days(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock)
    store.enqueue_priority("PAY-1", "Low")
    out = sender(store, jira, clock)
    await out.drain()
    assert len(store.jobs("done")) == 1
    clock.advance(days=31)
    await out.drain()
    assert store.jobs() == []


async def test_a_chain_of_adjacent_moves_is_one_rank_call(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock)
    # what rank_plan writes for PAY-7, PAY-8, PAY-9 moved together above PAY-2 ...
    store.enqueue_rank("PAY-9", before="PAY-2")
    store.enqueue_rank("PAY-8", before="PAY-9")
    store.enqueue_rank("PAY-7", before="PAY-8")
    # ... and for PAY-4, PAY-5 moved to the bottom, under PAY-30
    store.enqueue_rank("PAY-4", after="PAY-30")
    store.enqueue_rank("PAY-5", after="PAY-4")
    store.enqueue_rank("PAY-6", after="PAY-1")  # anchored elsewhere: its own call
    report = await sender(store, jira, clock).drain()
    assert jira.calls == [
        ("rank", ("PAY-7", "PAY-8", "PAY-9"), "PAY-2", None),
        ("rank", ("PAY-4", "PAY-5"), None, "PAY-30"),
        ("rank", ("PAY-6",), None, "PAY-1"),
    ]
    assert len(report.sent) == 6 and store.pending_count() == 0


async def test_a_rank_call_carries_at_most_50_issues(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock)
    anchor = "PAY-1"
    for n in range(100, 160):
        store.enqueue_rank(f"PAY-{n}", after=anchor)
        anchor = f"PAY-{n}"
    await sender(store, jira, clock).drain()
    assert [len(call[1]) for call in jira.calls] == [50, 10]
    assert jira.calls[1][3] == "PAY-149" and store.pending_count() == 0


async def test_in_a_chain_only_the_declined_issue_fails(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock, rank_refusals={"PAY-8": "Issue PAY-8 is not in the backlog."})
    store.enqueue_rank("PAY-9", before="PAY-2")
    store.enqueue_rank("PAY-8", before="PAY-9")
    store.enqueue_rank("PAY-7", before="PAY-8")
    report = await sender(store, jira, clock).drain()
    assert len(jira.calls) == 1
    assert [j.key for j, _ in report.failed] == ["PAY-8"]
    assert sorted(j.key for j in report.sent) == ["PAY-7", "PAY-9"]


async def test_a_chain_that_cannot_reach_jira_waits_whole(store: Store, clock: Clock) -> None:
    jira = FakeJira(clock, down=True)
    store.enqueue_rank("PAY-4", after="PAY-30")
    store.enqueue_rank("PAY-5", after="PAY-4")
    report = await sender(store, jira, clock).drain()
    assert report.retry_error and report.remaining == 2 and not report.sent
    jira.down = False
    clock.now += timedelta(minutes=1)
    await sender(store, jira, clock).drain()
    assert jira.calls == [("rank", ("PAY-4", "PAY-5"), None, "PAY-30")]

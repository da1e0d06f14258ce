"""A note becomes a Jira story through the outbox: the request, once (also after a
restart or a lost answer), the key kept on the note, its place in the backlog."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from support.jira_rig import Rig, rig

from cockpit.domain.story import draft_from_note, first_line, job_fields, placement
from cockpit.models import Note
from cockpit.sources.jira_adf import adf_to_text
from cockpit.sources.jira_wiki import wiki_unescape
from cockpit.store.db import Store
from cockpit.sync.sender import OutboxSender

T0 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
CALL = Note(
    id=None,
    created=datetime(2025, 3, 3, 15, 40, tzinfo=UTC),
    text="Globex wants payout exports as CSV\n"
    "Finance closes the books monthly; [~pat] asked *twice*.",
    meeting_uid="m1",
    meeting_title="Globex quarterly review",
    meeting_start=datetime(2025, 3, 3, 15, 0, tzinfo=UTC),
    customer="Globex Corp",
)


def queue_story(store: Store, place: dict[str, str | None] | None = None) -> Note:
    note = store.add_note(CALL)
    draft = draft_from_note(note, "PAY")
    store.enqueue_create("PAY", job_fields(draft, **(place or {})), note.id)
    return note


def creates(r: Rig) -> list[dict[str, object]]:
    return [q.json for q in r.fake.requests_to(r"/rest/api/[23]/issue$", "POST")]


def test_the_summary_is_the_first_line() -> None:
    assert first_line("\n  Globex wants CSV  \nmore") == "Globex wants CSV"
    assert len(first_line("x" * 400)) == 255


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_a_note_becomes_a_story_with_its_meeting_and_customer(
    tmp_path: Path, flavor: str
) -> None:
    r = rig(flavor=flavor)
    store = Store.open(tmp_path)
    try:
        top = r.fake.backlog_keys()[0]
        note = queue_story(store, placement("top", [top], None))
        sender = OutboxSender(store, r.client, clock=lambda: T0)
        report = await sender.drain()
        assert report.actions_settled
        (body,) = creates(r)
        fields = body["fields"]
        assert isinstance(fields, dict)
        assert fields["project"] == {"key": "PAY"}
        assert fields["issuetype"] == {"name": "Story"}
        assert fields["summary"] == "Globex wants payout exports as CSV"
        assert fields["labels"] == ["Globex_Corp"]
        description = fields["description"]
        if flavor == "cloud":
            assert isinstance(description, dict) and description["type"] == "doc"
            text = adf_to_text(description)
        else:
            assert isinstance(description, str) and "\\[\\~pat\\]" in description
            text = wiki_unescape(description)
        assert "[~pat] asked *twice*." in text
        assert "Meeting: Globex quarterly review, 2025-03-03 15:00" in text
        assert "Customer: Globex Corp" in text
        key = store.get_note(note.id or 0).story_key  # type: ignore[union-attr]
        assert key is not None and key in r.fake.issues
        await sender.drain()  # the rank job queued after the create
        assert r.fake.backlog_keys()[0] == key
        assert len(creates(r)) == 1
    finally:
        store.close()


async def test_a_story_made_offline_is_sent_once_after_a_restart(tmp_path: Path) -> None:
    r = rig()
    first = Store.open(tmp_path)
    note = queue_story(first)
    r.fake.inject(503, path=r"/issue$", method="POST")
    report = await OutboxSender(first, r.client, clock=lambda: T0).drain()
    assert report.retry_error and first.pending_count() == 1
    first.close()
    second = Store.open(tmp_path)  # the app starts again, Jira is back
    try:
        second.make_due()
        await OutboxSender(second, r.client, clock=lambda: T0).drain()
        await OutboxSender(second, r.client, clock=lambda: T0).drain()
        posts = r.fake.requests_to(r"/issue$", "POST")
        assert [q.status for q in posts] == [503, 201]
        key = json.loads(posts[1].response.body)["key"]  # type: ignore[union-attr]
        assert second.get_note(note.id or 0).story_key == key  # type: ignore[union-attr]
        assert second.pending_count() == 0
    finally:
        second.close()


async def test_a_lost_answer_does_not_make_a_second_story(tmp_path: Path) -> None:
    r = rig()
    inner = r.fake.transport()
    lose = {"left": 1}

    async def flaky(request: httpx.Request) -> httpx.Response:
        response = await inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/issue") and lose["left"]:
            lose["left"] -= 1
            raise httpx.ReadError("connection reset", request=request)
        return response

    r.client.http._transport = httpx.MockTransport(flaky)
    store = Store.open(tmp_path)
    try:
        note = queue_story(store)
        clock = lambda: r.fake.clock()  # noqa: E731 - the fake's time: it stamps `created`
        await OutboxSender(store, r.client, clock=clock).drain()
        assert store.jobs()[0].state == "sending"
        store.make_due()
        await OutboxSender(store, r.client, clock=clock).drain()
        assert len(creates(r)) == 1
        made = [k for k, i in r.fake.issues.items() if i.summary.startswith("Globex wants")]
        assert store.get_note(note.id or 0).story_key == made[0]  # type: ignore[union-attr]
    finally:
        store.close()


@pytest.mark.parametrize("status", [400, 403, 409])
async def test_a_refused_story_fails_with_jiras_reason(tmp_path: Path, status: int) -> None:
    r = rig()
    reason = "Field 'priority' is required." if status == 400 else f"Nope ({status})."
    r.fake.inject(
        status,
        path=r"/issue$",
        method="POST",
        body=json.dumps({"errorMessages": [reason], "errors": {}}),
    )
    store = Store.open(tmp_path)
    try:
        note = queue_story(store)
        report = await OutboxSender(store, r.client, clock=lambda: T0).drain()
        (job,) = store.jobs()
        assert job.state == "failed" and reason in (job.last_error or "")
        assert report.failed and report.failed[0][0].kind == "create"
        assert store.get_note(note.id or 0).story_key is None  # type: ignore[union-attr]
        assert len(creates(r)) == 1
    finally:
        store.close()

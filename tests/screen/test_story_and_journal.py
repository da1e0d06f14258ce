"""A customer-call note becomes a Jira story from the editor; the journal shows its
key, and edits, deletes and restores notes (kept in history)."""

from __future__ import annotations

from pathlib import Path

from support.backlog_app import app_on, drained, fake_of, until
from support.demo_app import FROZEN_NOW, settle
from textual.widgets import Input, TextArea

from cockpit.models import Meeting, Note
from cockpit.widgets.journal import JournalScreen
from cockpit.widgets.note_editor import NoteEditor
from cockpit.widgets.story_dialog import StoryDialog
from cockpit.widgets.table_pane import TablePane


def journal_shown(app: object) -> str:
    return str(app.screen.query_one("#journal-notes").render())  # type: ignore[attr-defined]


async def test_a_call_note_becomes_a_story_on_top_of_the_backlog(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        await pilot.press("2")
        calls = app.query_one("#calls", TablePane)
        call = calls.selected
        assert isinstance(call, Meeting) and call.customer
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        app.screen.query_one(TextArea).insert("Wants payout exports as CSV\nmonthly close")
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, StoryDialog))
        summary = app.screen.query_one("#story-summary", Input)
        assert summary.value == "Wants payout exports as CSV"
        summary.value = "Payout exports as CSV"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, StoryDialog))
        await until(pilot, drained(app))
        (post,) = fake.requests_to(r"/rest/api/3/issue$", "POST")
        fields = post.json["fields"]
        assert fields["summary"] == "Payout exports as CSV"
        assert fields["labels"] == ["_".join(call.customer.split())]
        key = next(k for k, i in fake.issues.items() if i.summary == "Payout exports as CSV")
        assert f"Meeting: {call.title}" in (fake.issues[key].description or "")
        (note,) = app.workspace.store.list_notes(issue_key=None, customer=call.customer)[-1:]
        assert note.story_key == key
        assert fake.backlog_keys()[0] == key  # "top" by default
        await pilot.press("N")
        await until(pilot, lambda: f"→ story {key}" in journal_shown(app))


async def test_the_journal_edits_deletes_and_restores_notes(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        store = app.workspace.store
        store.add_note(
            Note(id=None, created=FROZEN_NOW, text="Globex asked for SSO", customer="Globex")
        )
        await pilot.press("N")
        await until(pilot, lambda: isinstance(app.screen, JournalScreen))
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        await until(pilot, lambda: screen.selected is not None)
        first = screen.selected_note
        assert first is not None and first.id is not None
        await pilot.press("tab", "e")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        app.screen.query_one(TextArea).insert("EDITED ")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "EDITED" in journal_shown(app))
        assert [r.action for r in store.note_history(first.id)] == ["edit"]
        await pilot.press("d")
        await until(pilot, lambda: "EDITED" not in journal_shown(app))
        assert store.get_note(first.id) is not None  # kept
        await pilot.press("D")
        await until(pilot, lambda: "EDITED" in journal_shown(app) and screen.deleted)
        await pilot.press("R")
        await until(pilot, lambda: first.id in [n.id for n in store.list_notes()])
        assert [r.action for r in store.note_history(first.id)] == ["edit", "delete", "restore"]

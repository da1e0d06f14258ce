"""`cockpit story new` on the demo: from scratch and from a customer-call note."""

from __future__ import annotations

import argparse
import io
from datetime import datetime
from pathlib import Path

from cockpit.cli.story import new_story
from cockpit.demo.workspace import DemoWorkspace, demo_workspace
from cockpit.models import Note


def args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "project": "PAY",
        "summary": None,
        "type": "Story",
        "from_note": None,
        "description": None,
        "position": "bottom",
        "below": None,
    }
    values.update(given)
    return argparse.Namespace(**values)


def workspace(tmp_path: Path) -> DemoWorkspace:
    return demo_workspace(data_dir=tmp_path)


async def test_story_new_from_a_note_keeps_the_key_on_the_note(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    note = ws.store.add_note(
        Note(
            id=None,
            created=datetime.now().astimezone(),
            text="Initech needs SEPA payouts by June\nthey pay monthly",
            meeting_title="Initech onboarding",
            meeting_start=datetime.now().astimezone(),
            customer="Initech",
        )
    )
    out = io.StringIO()
    assert await new_story(ws, args(from_note=note.id, position="top"), out) == 0
    key, summary = out.getvalue().strip().split("\t")
    assert summary == "Initech needs SEPA payouts by June"
    fake = ws.fake_jira
    assert fake is not None
    assert fake.issues[key].labels == ["Initech"]
    assert "Meeting: Initech onboarding" in (fake.issues[key].description or "")
    assert fake.backlog_keys()[0] == key  # --position top
    assert ws.store.get_note(note.id or 0).story_key == key  # type: ignore[union-attr]
    again = io.StringIO()
    assert await new_story(workspace(tmp_path), args(from_note=note.id), again) == 2


async def test_story_new_needs_a_summary(tmp_path: Path) -> None:
    assert await new_story(workspace(tmp_path), args(), io.StringIO()) == 2
    out = io.StringIO()
    ws = workspace(tmp_path)
    assert await new_story(ws, args(summary="Export as CSV", below="PAY-5"), out) == 0
    key = out.getvalue().split("\t")[0]
    assert out.getvalue().endswith("\tExport as CSV\n")
    assert ws.fake_jira is not None
    order = ws.fake_jira.backlog_keys()
    assert order[order.index("PAY-5") + 1] == key

"""`S` and `U` on the demo workspace (a week of Jira history): the draft to edit, its
word count, copying and exporting it (each kept in the journal with its kind), and a
failing Jira said in the screen. The same drafts from the shell:
integration/test_standup_cli.py.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from support.backlog_app import fake_of
from support.demo_app import FROZEN_NOW, demo_app, settle

from cockpit.demo.workspace import DEMO_NOTES
from cockpit.domain.digest import words
from cockpit.models import Note
from cockpit.store.db import Store
from cockpit.tui.app import CockpitApp
from cockpit.widgets.digest_screen import PREPARING, DigestScreen
from cockpit.widgets.journal import JournalScreen, journal_text

SECTIONS = ("Wins", "Started", "Newly blocked", "Unblocked", "Slipped", "Customer news", "Today")


class ClipboardApp(CockpitApp):
    """Records what the app copies (a real terminal gets it as OSC 52)."""

    copied: list[str]

    def copy_to_clipboard(self, text: str) -> None:
        self.copied = [*getattr(self, "copied", []), text]
        super().copy_to_clipboard(text)


def seeded(data_dir: Path) -> CockpitApp:
    """The demo app, with the demo's customer notes (a fresh `cockpit --demo` has them)."""
    store = Store.open(data_dir)
    for hours, customer, text in DEMO_NOTES:
        store.add_note(Note(None, FROZEN_NOW - timedelta(hours=hours), text, customer=customer))
    store.close()
    app = demo_app(data_dir)
    app.__class__ = ClipboardApp
    return app


async def open_digest(app: CockpitApp, pilot: object, key: str) -> DigestScreen:
    await settle(app, pilot)
    await pilot.press(key)  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, DigestScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


async def test_s_shows_the_standup_with_every_section_and_its_window(tmp_path: Path) -> None:
    app = seeded(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_digest(app, pilot, "S")
        text = screen.text
        lines = text.splitlines()
        assert lines[0] == "Stand-up, Thu 26 Nov (since Wed 25 Nov 00:00)"
        assert [line for line in lines if line in SECTIONS] == list(SECTIONS)
        for fact in ("PAY-73", "PAY-10", "PAY-13", "PAY-5", "PAY-8", "Globex: ", "11:30 Globex"):
            assert fact in text, fact
        assert "  - nothing" not in text  # every section has something to say
        assert screen.header == "Wed 25 Nov 00:00 to Thu 26 Nov 10:20"
        await pilot.press("escape")
        assert not isinstance(app.screen, DigestScreen)


async def test_editing_the_update_changes_its_word_count(tmp_path: Path) -> None:
    app = seeded(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_digest(app, pilot, "U")
        before = words(screen.text)
        assert screen.text.startswith("Update, Mon 23 Nov to Thu 26 Nov\n")
        assert screen.header == f"Mon 23 Nov 00:00 to Thu 26 Nov 10:20 · {before} words"
        assert before < 150
        await pilot.press("end", "space", *"and", "space", *"more")
        await pilot.pause()
        assert screen.header.endswith(f" · {before + 2} words")


async def test_copying_the_edited_standup_keeps_it_in_the_journal(tmp_path: Path) -> None:
    app = seeded(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_digest(app, pilot, "S")
        await pilot.press("end", *"!!")
        edited = screen.text
        assert edited.startswith("Stand-up, Thu 26 Nov (since Wed 25 Nov 00:00)!!\n")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.copied == [edited]  # type: ignore[attr-defined]
        assert app.clipboard == edited
        await pilot.press("ctrl+o")  # copied again: still one note
        await pilot.pause()
        kept = [n for n in app.workspace.store.list_notes() if n.kind]
        assert [(n.kind, n.text) for n in kept] == [("standup", edited)]
        await pilot.press("escape", "N")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert "standup" in str(journal_text(app.workspace.store.search("Stand-up Thu")))


async def test_export_writes_markdown_to_the_data_folder_and_keeps_the_update(
    tmp_path: Path,
) -> None:
    app = seeded(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_digest(app, pilot, "U")
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = tmp_path / "digests" / "update-2026-11-23_2026-11-26.md"
        markdown = path.read_text(encoding="utf-8")
        assert markdown.startswith("# Update, Mon 23 Nov to Thu 26 Nov\n\n## Shipped\n\n- ")
        for heading in ("Shipped", "Delays", "Risks", "Next", "Customers"):
            assert f"\n## {heading}\n" in markdown
        kept = [n for n in app.workspace.store.list_notes() if n.kind]
        assert [(n.kind, n.text) for n in kept] == [("update", screen.text)]


async def test_a_failing_jira_shows_its_reason_in_the_screen(tmp_path: Path) -> None:
    app = seeded(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake_of(app).inject(401, times=None)
        screen = await open_digest(app, pilot, "S")
        assert screen.header.startswith("Could not write the draft: Jira at ")
        assert "refused the API token" in screen.header and "(HTTP 401)" in screen.header
        assert not screen.ready and screen.header != PREPARING
        await pilot.press("ctrl+o")  # nothing to copy: no note, no crash
        await pilot.pause()
        assert not [n for n in app.workspace.store.list_notes() if n.kind]
        assert isinstance(app.screen, DigestScreen)

"""Editing and deleting notes keeps their history; a deleted note can be restored."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cockpit.models import Note
from cockpit.store.db import Store


def test_edit_delete_restore_keep_every_version(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    try:
        note = store.add_note(
            Note(
                id=None,
                created=datetime.now().astimezone(),
                text="Globex wants CSV",
                customer="Globex",
            )
        )
        nid = note.id or 0
        assert store.edit_note(nid, "Globex wants CSV and XLSX")
        assert store.get_note(nid).text == "Globex wants CSV and XLSX"  # type: ignore[union-attr]
        assert [n.id for n in store.search("XLSX")] == [nid]
        assert store.delete_note(nid)
        assert store.list_notes() == [] and store.search("XLSX") == []
        assert store.last_note_for_customer("Globex") is None
        assert [n.id for n in store.deleted_notes()] == [nid]
        assert store.restore_note(nid)
        assert [n.text for n in store.list_notes()] == ["Globex wants CSV and XLSX"]
        history = store.note_history(nid)
        assert [(r.action, r.text) for r in history] == [
            ("edit", "Globex wants CSV"),
            ("delete", "Globex wants CSV and XLSX"),
            ("restore", "Globex wants CSV and XLSX"),
        ]
        assert not store.edit_note(9999, "nothing")
    finally:
        store.close()

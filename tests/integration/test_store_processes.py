"""The store across real processes: a command beside the open store, two apps, many
first starts at once, a damaged file. Nothing saved may disappear."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cockpit.models import Note
from cockpit.store.db import DB_NAME, Store, StoreDamaged

COCKPIT = str(Path(sys.executable).with_name("cockpit"))


def cockpit(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COCKPIT_DATA_DIR": str(data)}
    return subprocess.run([COCKPIT, *args], capture_output=True, text=True, env=env, timeout=60)


def note_texts(data: Path) -> list[str]:
    store = Store.open(data)
    try:
        return [n.text for n in store.list_notes()]
    finally:
        store.close()


def test_a_command_beside_the_open_store_loses_no_note(tmp_path: Path) -> None:
    """The outside attack: a process keeps the store open (as the app does), another
    `cockpit notes list` opens and closes it, the first writes on and dies without
    closing. Every note must be there afterwards."""
    data = tmp_path / "data"
    script = textwrap.dedent(
        f"""
        import os, subprocess
        from datetime import UTC, datetime
        from cockpit.models import Note
        from cockpit.store.db import Store
        store = Store.open({str(data)!r})
        def add(text):
            store.add_note(Note(id=None, created=datetime.now(UTC), text=text))
        add("before the other command")
        other = subprocess.run([{COCKPIT!r}, "notes", "list"], capture_output=True, text=True)
        assert other.returncode == 0, other.stderr
        add("after it, one")
        add("after it, two")
        os._exit(0)  # like SIGKILL: no close, no checkpoint
        """
    )
    env = {**os.environ, "COCKPIT_DATA_DIR": str(data)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert note_texts(data) == ["before the other command", "after it, one", "after it, two"]


def test_many_first_starts_at_once_all_open_one_schema(tmp_path: Path) -> None:
    """Eight processes open a store that does not exist yet, released together."""
    for attempt in range(3):
        data = tmp_path / f"data{attempt}"
        go = tmp_path / f"go{attempt}"
        script = textwrap.dedent(
            f"""
            import os, time
            from cockpit.store.db import Store
            while not os.path.exists({str(go)!r}):
                time.sleep(0.001)
            Store.open({str(data)!r}).close()
            """
        )
        starts = [
            subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
            for _ in range(8)
        ]
        go.touch()
        errors = [p.communicate(timeout=60)[1] for p in starts]
        assert [p.returncode for p in starts] == [0] * 8, errors
        store = Store.open(data)
        try:
            tables = {
                row[0]
                for row in store._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            assert {"note", "draft", "outbox", "snapshot"} <= tables
        finally:
            store.close()


def damage(db_path: Path) -> None:
    """Overwrite every page after the first with garbage (the header stays valid)."""
    size = db_path.stat().st_size
    with open(db_path, "r+b") as file:
        file.seek(4096)
        file.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))


def store_with_notes(data: Path, texts: list[str]) -> Path:
    from datetime import UTC, datetime

    store = Store.open(data)
    for text in texts:
        store.add_note(Note(id=None, created=datetime.now(UTC), text=text))
    store.close()  # checkpointed: the notes are in the main file
    return data / DB_NAME


def test_damaged_store_is_named_kept_and_rescued(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db_path = store_with_notes(data, ["one", "two"])
    damage(db_path)
    before = db_path.read_bytes()

    listed = cockpit("notes", "list", data=data)
    assert listed.returncode == 1
    assert str(db_path) in listed.stderr and "damaged" in listed.stderr
    assert "cockpit notes rescue" in listed.stderr
    assert "Traceback" not in listed.stderr and "unexpected error" not in listed.stderr
    assert db_path.read_bytes() == before, "the damaged file must be left untouched"

    rescued = cockpit("notes", "rescue", data=data)
    assert rescued.returncode == 0, rescued.stderr
    assert "damaged file" in rescued.stdout
    kept = list(data.glob(f"{DB_NAME}.damaged-*"))
    assert [p.read_bytes() for p in kept if not p.name.endswith(("-wal", "-shm"))] == [before]
    assert cockpit("notes", "list", data=data).returncode == 0


def test_rescue_keeps_every_note_it_can_read(tmp_path: Path) -> None:
    """Damage one page of many: the notes on the other pages come back."""
    data = tmp_path / "data"
    texts = [f"note {n} " + "x" * 1500 for n in range(40)]  # about two notes a page
    db_path = store_with_notes(data, texts)
    conn = sqlite3.connect(db_path)
    (page,) = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'note' AND pagetype = 'leaf' LIMIT 1 OFFSET 5"
    ).fetchone()
    conn.close()
    with open(db_path, "r+b") as file:
        file.seek((page - 1) * 4096)
        file.write(b"\xff" * 4096)
    with pytest.raises(StoreDamaged):
        store = Store.open(data)
        try:
            store.list_notes()
        finally:
            store.close()

    rescued = cockpit("notes", "rescue", data=data)
    assert rescued.returncode == 0, rescued.stderr
    back = note_texts(data)
    assert 30 <= len(back) < 40, rescued.stdout
    assert set(back) <= set(texts)
    markdown = next(data.glob("notes-rescued-*.md")).read_text()
    assert all(text in markdown for text in back)


def test_read_only_data_folder_is_one_clear_line(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes through a read-only folder's mode")
    data = tmp_path / "data"
    data.mkdir(mode=0o500)
    result = cockpit("notes", "list", data=data)
    assert result.returncode == 1
    assert str(data) in result.stderr and "Traceback" not in result.stderr

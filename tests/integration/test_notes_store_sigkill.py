"""A note or draft the store said it saved survives SIGKILL of the process that saved it.

The writer is a fresh interpreter, killed the moment it prints "saved": no atexit,
no close, only what SQLite already put on disk.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from cockpit.store.db import Store


def run_then_kill(data_dir: Path, code: str) -> None:
    """Run `code` in a fresh interpreter; SIGKILL it as soon as it prints 'saved'."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from datetime import datetime, timezone
        from cockpit.models import Note
        from cockpit.store.db import Store
        store = Store.open({str(data_dir)!r})
        {{code}}
        print("saved", flush=True)
        time.sleep(60)
        """
    ).replace("{code}", code)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "saved", line
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def test_a_saved_note_survives_sigkill(tmp_path: Path) -> None:
    run_then_kill(
        tmp_path,
        "store.add_note(Note(None, datetime.now(timezone.utc), 'Globex wants SSO in Q3',"
        " customer='Globex'))",
    )
    store = Store.open(tmp_path)
    [note] = store.list_notes()
    assert note.text == "Globex wants SSO in Q3" and note.customer == "Globex"
    assert store.search("sso")[0].id == note.id
    store.close()


def test_a_draft_survives_sigkill(tmp_path: Path) -> None:
    run_then_kill(
        tmp_path,
        "store.save_draft('issue:PAY-12', 'half a thought', {'issue_key': 'PAY-12'})",
    )
    store = Store.open(tmp_path)
    [draft] = store.load_drafts()
    assert (draft.context_key, draft.text, draft.context) == (
        "issue:PAY-12",
        "half a thought",
        {"issue_key": "PAY-12"},
    )
    store.close()

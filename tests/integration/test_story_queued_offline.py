"""`cockpit story new --from-note` as a user meets it: a real process, a real store,
the fake Jira on loopback; Jira down first (queued), then up (sent once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from support.live_servers import EMAIL, TOKEN, LiveJira

from cockpit.models import Note
from cockpit.store.db import Store

COCKPIT = str(Path(sys.executable).with_name("cockpit"))


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COCKPIT_CONFIG": str(tmp_path / "config.toml"),
        "COCKPIT_DATA_DIR": str(tmp_path / "data"),
        "COCKPIT_JIRA_TOKEN": TOKEN,
    }
    return subprocess.run(
        [COCKPIT, *args], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
    )


def test_a_story_queued_while_jira_is_down_is_created_once_later(
    tmp_path: Path, jira: LiveJira
) -> None:
    (tmp_path / "config.toml").write_text(
        '[company]\ndomains = ["acme.com"]\n'
        f'[jira]\nurl = "{jira.url}"\nflavor = "cloud"\nemail = "{EMAIL}"\n'
        'board = 42\nprojects = ["PAY"]\n'
    )
    store = Store.open(tmp_path / "data")
    note = store.add_note(
        Note(
            id=None,
            created=datetime.now().astimezone(),
            text="Globex wants payout exports as CSV\nfor the monthly close",
            meeting_title="Globex renewal check-in",
            meeting_start=datetime.now().astimezone(),
            customer="Globex",
        )
    )
    store.close()
    jira.fake.inject(503, path=r"/rest/api/3/issue$", method="POST", times=None)
    down = run(tmp_path, "story", "new", "--project", "PAY", "--from-note", str(note.id))
    assert down.returncode == 1, down
    assert "queued" in down.stderr and "Traceback" not in down.stderr
    jira.fake.clear_faults()
    up = run(tmp_path, "story", "new", "--project", "PAY", "--from-note", str(note.id))
    assert up.returncode == 0, up.stderr
    key, summary = up.stdout.strip().split("\t")
    assert summary == "Globex wants payout exports as CSV"
    created = [q for q in jira.fake.requests_to(r"/rest/api/3/issue$", "POST") if q.status == 201]
    assert len(created) == 1
    assert jira.fake.issues[key].labels == ["Globex"]
    listed = run(tmp_path, "notes", "list", "--json")
    assert json.loads(listed.stdout)[0]["story_key"] == key
    again = run(tmp_path, "story", "new", "--project", "PAY", "--from-note", str(note.id))
    assert again.returncode == 2 and key in again.stderr

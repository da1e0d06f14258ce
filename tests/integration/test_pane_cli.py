"""`cockpit pane TITLE [--json]` as a user runs it: a real process on the demo, its
exit codes and output; a config whose panes are wrong is one line and status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

COCKPIT = str(Path(sys.executable).with_name("cockpit"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COCKPIT, *args], capture_output=True, text=True, timeout=60)


def test_the_demo_pane_as_a_table_and_as_json() -> None:
    table = run("--demo", "pane", "Production incidents")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == [
        "Key", "Priority", "Summary", "Status", "Assignee", "Age",
    ]  # fmt: skip
    shown = run("pane", "escalations", "--json", "--demo")
    data = json.loads(shown.stdout)
    assert shown.returncode == 0 and len(data) == 5
    assert [d["columns"]["labels"] for d in data][:2] == ["Globex", "Hooli"]
    assert all(d["url"].startswith("https://ops.demo.cockpit.invalid/browse/CS-") for d in data)


def test_an_unknown_pane_is_status_2() -> None:
    found = run("--demo", "pane", "Incidents")
    assert found.returncode == 2 and found.stdout == ""
    assert found.stderr.count("\n") == 1 and "Production incidents" in found.stderr


def test_a_layout_naming_no_pane_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[company]\ndomains = ["acme.com"]\n[layout]\npanes = ["today", "inbox"]\n')
    found = run("--config", str(path), "pane", "x")
    assert found.returncode == 2 and "Traceback" not in found.stderr
    assert found.stderr.strip() == (
        f'cockpit: {path}: layout.panes[1]: expected a pane ("today", "calls", "blocked", '
        '"backlog"), got "inbox"'
    )

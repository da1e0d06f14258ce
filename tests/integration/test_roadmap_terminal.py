"""The roadmap in real processes: `cockpit --demo roadmap` in the shell, and `R` in the
real app under tmux at 160x48 and 80x24 (verdicts, the burn-up chart, objectives)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.terminal_driver import Terminal

COCKPIT = str(Path(sys.executable).with_name("cockpit"))


def cockpit(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "Europe/Lisbon"}
    return subprocess.run(
        [COCKPIT, "--demo", *args], capture_output=True, text=True, timeout=60, env=env
    )


def test_demo_roadmap_prints_releases_epics_and_objectives() -> None:
    done = cockpit("roadmap")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Releases (3)" in out and "Epics (4)" in out and "Objectives (2)" in out
    assert "on track" in out and "AT RISK" in out and "no date" in out
    assert "released in the last 30 days: 4.1" in out
    data = json.loads(cockpit("roadmap", "--json").stdout)
    assert {r["verdict"] for r in data["releases"] if not r["released"]} == {
        "on_track",
        "at_risk",
        "no_date",
    }


def test_kr_set_unknown_title_is_one_line_and_status_2() -> None:
    done = cockpit("kr", "set", "Revenue", "1")
    assert done.returncode == 2
    assert done.stderr.startswith("cockpit: no key result is called 'Revenue'")
    assert done.stderr.count("\n") == 1


@pytest.fixture
def terminal(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    size: tuple[int, int] = request.param
    env = {"TZ": "Europe/Lisbon", "HOME": str(tmp_path)}
    term = Terminal(["--demo"], env, size=size)
    try:
        yield term
    finally:
        term.close()


@pytest.mark.parametrize("terminal", [(160, 48), (80, 24)], indirect=True, ids=["160x48", "80x24"])
def test_r_opens_the_roadmap_with_a_burn_up_chart(terminal: Terminal) -> None:
    terminal.wait_for(lambda s: "Backlog" in s)
    terminal.keys("R")
    screen = terminal.wait_for(lambda s: "Releases (3)" in s and "Objectives" in s)
    assert "AT RISK" in screen and "on track" in screen and "no date" in screen
    assert "Burn-up: 4.2" in screen
    terminal.keys("Down")
    screen = terminal.wait_for(lambda s: "Burn-up: 4.3" in s)
    assert "scope" in screen and "done" in screen  # the chart's legend
    assert any(c in screen for c in "⣀⠤⠒⠉")  # its lines, drawn in braille
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "Backlog" in s and "Releases (3)" not in s)

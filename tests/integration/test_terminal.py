"""The cockpit in a real terminal: `cockpit --demo` under tmux, read back from the screen."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

COCKPIT = str(Path(sys.executable).with_name("cockpit"))
TITLES = ("Today", "Customer calls", "Blocked", "Backlog")


def capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "-L", session, "capture-pane", "-p", "-t", session],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def wait_for(session: str, predicate: Callable[[str], bool], timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if predicate(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"screen never matched; last screen:\n{screen}")


def counted(screen: str) -> dict[str, int]:
    found = {}
    for title in TITLES:
        match = re.search(rf"{title} \((\d+)\)", screen)
        if match:
            found[title] = int(match.group(1))
    return found


@pytest.fixture
def terminal(request: pytest.FixtureRequest) -> Iterator[tuple[str, int, int]]:
    width, height = request.param
    session = f"cockpit-test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    subprocess.run(
        [
            "tmux",
            "-L",
            session,
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(width),
            "-y",
            str(height),
            f"{COCKPIT} --demo",
        ],
        check=True,
        env=env,
    )
    try:
        yield session, width, height
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], capture_output=True)


@pytest.mark.parametrize(
    "terminal", [(160, 48), (100, 30)], indirect=True, ids=["160x48", "100x30"]
)
def test_demo_shows_four_counted_panes(terminal: tuple[str, int, int]) -> None:
    session, _width, _height = terminal
    screen = wait_for(
        session, lambda s: all(n > 0 for n in counted(s).values()) and len(counted(s)) == 4
    )
    counts = counted(screen)
    assert counts["Backlog"] >= 50
    assert "Traceback" not in screen
    subprocess.run(["tmux", "-L", session, "send-keys", "-t", session, "4", "J"], check=True)
    subprocess.run(["tmux", "-L", session, "send-keys", "-t", session, "q"], check=True)

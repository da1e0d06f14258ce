"""Drive the real `cockpit` in tmux: start, type, read the screen, SIGKILL."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

COCKPIT = str(Path(sys.executable).with_name("cockpit"))


class Terminal:
    """One tmux session running one command; `kill()` sends SIGKILL to the app."""

    def __init__(self, args: list[str], env: Mapping[str, str], size: tuple[int, int] = (160, 48)):
        self.session = f"cockpit-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.session]
        """A tmux server of its own: no test waits on, or races, another's server."""
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"env {exports} TERM=xterm-256color {shlex.join([COCKPIT, *args])}"
        width, height = size
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.session,
                "-x",
                str(width),
                "-y",
                str(height),
            ],
            check=True,
            env={**os.environ, "TERM": "xterm-256color"},
        )
        subprocess.run(
            [*self.tmux, "set-option", "-t", self.session, "remain-on-exit", "on"], check=True
        )
        subprocess.run([*self.tmux, "respawn-pane", "-k", "-t", self.session, command], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.session],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"the screen never matched; last screen:\n{screen}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        args = [*self.tmux, "send-keys", "-t", self.session, *(["-l"] if literal else []), *keys]
        subprocess.run(args, check=True)

    def pid(self) -> int:
        out = subprocess.run(
            [*self.tmux, "display-message", "-p", "-t", self.session, "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(out.strip())

    def exited(self) -> bool:
        """Whether the app's process has ended (the pane stays: remain-on-exit is on)."""
        out = subprocess.run(
            [*self.tmux, "display-message", "-p", "-t", self.session, "#{pane_dead}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return out.strip() == "1"

    def wait_for_exit(self, timeout: float = 30.0) -> None:
        """Until the process is gone: a screen that changed may still be shutting down."""
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > deadline:
                raise AssertionError(f"the app did not exit; last screen:\n{self.screen()}")
            time.sleep(0.1)  # waiting for a real process, not simulated time

    def kill(self) -> None:
        """SIGKILL the app: no atexit, no flush, nothing but what is already on disk."""
        os.kill(self.pid(), signal.SIGKILL)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)

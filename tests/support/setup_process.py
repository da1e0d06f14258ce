"""Cockpit in real processes for the setup tests: a fresh user on a machine without a
keyring, `cockpit ...` as a subprocess, and a pseudo-terminal to answer questions on."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from support.live_servers import TOKEN

NO_KEYRING = "keyring.backends.fail.Keyring"
PASSPHRASE = "correct horse battery staple"


def machine(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A fresh user on a machine without a keyring: config and data under tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCKPIT_", "DBUS_"))}
    env.update(
        PYTHON_KEYRING_BACKEND=NO_KEYRING,
        COCKPIT_CONFIG=str(tmp_path / "home" / "config.toml"),
        COCKPIT_DATA_DIR=str(tmp_path / "data"),
        TMPDIR=str(tmp_path),
        **extra,
    )
    return env


def cockpit(env: dict[str, str], *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", *argv],
        input=stdin, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    return result


class Pty:
    """A process on a pseudo-terminal: read what it says, type answers."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.text = ""

    def expect(self, pattern: str, timeout: float = 30.0) -> int:
        """Wait until `pattern` is on screen; the offset where it ends."""
        deadline = time.monotonic() + timeout
        while (found := re.search(pattern, self.text)) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {pattern!r}; the screen:\n{self.text}")
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.text += os.read(self.master, 4096).decode(errors="replace")
                except OSError:  # the process ended
                    time.sleep(0.05)
        return found.end()

    def answer(self, prompt: str, text: str) -> None:
        self.text = self.text[self.expect(prompt) :]
        os.write(self.master, (text + "\r").encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            os.close(self.master)

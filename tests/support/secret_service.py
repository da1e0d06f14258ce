"""A real, private Secret Service for integration tests: dbus-daemon + gnome-keyring-daemon.

`secret_service_env(tmp)` starts a session bus and an unlocked gnome-keyring (secrets
component only) in a throwaway HOME and yields the environment a subprocess needs to
use it (DBUS_SESSION_BUS_ADDRESS and friends). Nothing touches the user's keyring or
this process's environment. Needs: dbus-daemon (dbus-daemon or dbus), gnome-keyring,
and for the `secret-tool` readiness check libsecret-tools.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BINARIES = ("dbus-daemon", "dbus-send", "gnome-keyring-daemon", "secret-tool")
PASSWORD = "test-keyring-password"


def missing_binaries() -> list[str]:
    """The programs this fixture needs that are not installed."""
    return [name for name in BINARIES if shutil.which(name) is None]


@contextmanager
def secret_service_env(tmp: Path) -> Iterator[dict[str, str]]:
    """An environment with a private, unlocked Secret Service on a private session bus."""
    home, runtime = tmp / "home", tmp / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "LANG": "C.UTF-8",
    }
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    keyring_daemon: subprocess.Popen[str] | None = None
    try:
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        assert keyring_daemon.stdin is not None
        keyring_daemon.stdin.write(PASSWORD)
        keyring_daemon.stdin.close()
        _wait_for_secrets_name(env)
        yield env
    finally:
        for process in (keyring_daemon, bus):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_for_secrets_name(env: dict[str, str], timeout: float = 15.0) -> None:
    """Until org.freedesktop.secrets is owned on the bus (the daemon is ready)."""
    deadline = time.monotonic() + timeout
    call = [
        "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
        "string:org.freedesktop.secrets",
    ]  # fmt: skip
    while time.monotonic() < deadline:
        result = subprocess.run(call, env=env, capture_output=True, text=True)
        if "boolean true" in result.stdout:
            return
        time.sleep(0.1)  # waiting for a real daemon, not simulated time
    raise RuntimeError("gnome-keyring-daemon did not claim org.freedesktop.secrets in time")

"""One full-screen cockpit per data folder, held for the app's lifetime.

Two apps on one store would each send rank calls computed from their own view and
undo each other's moves in Jira. So the app takes an exclusive `flock` on
`app.lock` in the data folder before it starts, and a second app is refused with
one line that names the first one's process. The kernel releases the lock when the
process ends, however it ends (quit, crash, SIGKILL), so no stale lock survives.

The lock file is not the database: `flock` and SQLite's POSIX locks do not
interact, and closing the lock never touches SQLite's locks. Headless commands
(`cockpit notes list`, `cockpit backlog`, ...) take no lock and run beside the app.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

LOCK_NAME = "app.lock"


class AppAlreadyOpen(Exception):
    """Another cockpit app holds the data folder."""


class AppLock:
    """The held lock; `release()` (or process exit) gives it back."""

    def __init__(self, handle: IO[str] | None, path: Path) -> None:
        self._handle = handle
        self.path = path

    @classmethod
    def acquire(cls, folder: Path) -> AppLock:
        """Take the folder's app lock, or raise `AppAlreadyOpen` naming the holder."""
        path = folder / LOCK_NAME
        try:
            import fcntl  # lazy: POSIX only; Windows has no flock
        except ImportError:  # pragma: no cover - Windows: no flock; one app is on trust
            return cls(None, path)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        handle = os.fdopen(fd, "r+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise AppAlreadyOpen(
                f"another cockpit is already open on {folder} (process {holder}). "
                "Use that one, or quit it first; commands such as `cockpit notes list` "
                "and `cockpit backlog` work beside it."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return cls(handle, path)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor drops the flock
            self._handle = None

"""Time a program's first readable frame from outside, as a user sees it: in tmux.

A private tmux server (its own socket, no user config) runs each program in a
fresh detached session of the benchmark's size. One control-mode client, attached
to an idle session, asks `capture-pane -p` of the program's pane every few
milliseconds, so polling costs no process per look. The time is from asking tmux
to start the program until every wanted text is on the captured screen.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import time
import uuid
from collections.abc import Mapping, Sequence

POLL_S = 0.005


class TmuxWatch:
    """A private tmux server plus a control client that reads panes on request."""

    def __init__(self, env: Mapping[str, str], size: tuple[int, int]) -> None:
        self.socket = f"cockpit-bench-{uuid.uuid4().hex[:8]}"
        self.env = dict(env)  # the server's global environment: what programs inherit
        self.cols, self.rows = size
        self._tmux("new-session", "-d", "-s", "idle", "-x", "80", "-y", "24")
        self._socket_path = self._tmux("display-message", "-p", "#{socket_path}").strip()
        self._control = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach-session", "-t", "idle"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=self.env,
        )
        self._buffer = b""
        self._asked = 0
        try:
            self._ask("display-message -p ready")  # the client is attached and answering
        except BaseException:
            self.close()  # no server left behind
            raise

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def _ask(self, command: str, timeout: float = 10.0) -> list[str]:
        """Run one command through the control client; its output lines.

        tmux answers each command with one block, %begin ... %end (or %error). A
        numbered echo follows the command, so its reply is the block just before the
        echo's: never one sent unasked (attaching sends one) or left over.
        """
        assert self._control.stdin is not None and self._control.stdout is not None
        self._asked += 1
        token = f"reply {self._asked} done".encode()
        self._control.stdin.write(f"{command} ; display-message -p '{token.decode()}'\n".encode())
        self._control.stdin.flush()
        fd = self._control.stdout.fileno()
        deadline = time.monotonic() + timeout
        blocks: list[list[bytes]] = []
        block: list[bytes] | None = None
        while True:
            *complete, self._buffer = self._buffer.split(b"\n")
            for n, line in enumerate(complete):
                if block is None:
                    block = [] if line.startswith(b"%begin") else None
                elif line.startswith((b"%end", b"%error")):
                    if line.startswith(b"%error"):  # tmux runs nothing after a failed command
                        self._buffer = b"\n".join([*complete[n + 1 :], self._buffer])
                        raise RuntimeError(b" ".join(block).decode("utf-8", "replace"))
                    if block == [token]:
                        self._buffer = b"\n".join([*complete[n + 1 :], self._buffer])
                        reply = blocks[-1] if blocks else []
                        return [x.decode("utf-8", "replace") for x in reply]
                    blocks.append(block)
                    block = None
                else:
                    block.append(line)
            if time.monotonic() > deadline:
                raise RuntimeError(f"tmux did not answer {command!r}")
            ready, _, _ = select.select([fd], [], [], 1.0)
            if ready:
                self._buffer += os.read(fd, 1 << 16)

    def first_frame_s(
        self,
        argv: Sequence[str],
        needles: Sequence[str],
        env: Mapping[str, str] | None = None,
        timeout: float = 60.0,
    ) -> float:
        """Seconds from starting `argv` until every one of `needles` is on its screen."""
        name = f"run-{uuid.uuid4().hex[:6]}"
        extra = [a for k, v in (env or {}).items() for a in ("-e", f"{k}={v}")]
        size = ["-x", str(self.cols), "-y", str(self.rows)]
        start = time.perf_counter()
        self._tmux("new-session", "-d", "-s", name, *size, *extra, "--", *argv)
        try:
            deadline = start + timeout
            while True:
                try:
                    screen = "\n".join(self._ask(f"capture-pane -p -t {name}"))
                except RuntimeError as exc:  # its session is gone: the program ended
                    raise RuntimeError(f"{argv[-1]} ended before its first frame: {exc}") from None
                if all(needle in screen for needle in needles):
                    return time.perf_counter() - start
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"{argv[-1]}: no first frame; last screen:\n{screen}")
                time.sleep(POLL_S)
        finally:
            self._end(name)

    def _end(self, session: str) -> None:
        """SIGKILL the program and wait until it is gone, so it costs the next run nothing."""
        with contextlib.suppress(subprocess.CalledProcessError, ValueError):
            pid = int(self._tmux("display-message", "-p", "-t", session, "#{pane_pid}"))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            while os.path.exists(f"/proc/{pid}") and _alive(pid):
                time.sleep(0.002)
        with contextlib.suppress(subprocess.CalledProcessError):
            self._tmux("kill-session", "-t", session)

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._tmux("kill-server")
        with contextlib.suppress(OSError):  # tmux leaves its socket file behind
            os.unlink(self._socket_path)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._control.wait(timeout=5)
        if self._control.poll() is None:
            self._control.kill()
            self._control.wait()

    def __enter__(self) -> TmuxWatch:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _alive(pid: int) -> bool:
    """The process runs (a zombie, reaped by the tmux server soon, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

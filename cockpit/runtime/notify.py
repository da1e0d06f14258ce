"""Telling the user something outside the app's window: the terminal bell, the
terminal's own notification (OSC 9, understood by iTerm2, WezTerm, Windows
Terminal, kitty...; OSC 777, by VTE terminals, foot, Ghostty...) and the desktop's
(`notify-send` on Linux desktops, `osascript` on macOS) for `cockpit remind` run
from cron, where no terminal listens.

Every text is remote text (a meeting title): controls and escape sequences are
taken out, and `;` too in OSC 777, whose fields it separates.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from cockpit.textsafe import plain

MAX_CHARS = 200


def _clean(text: str) -> str:
    return plain(text)[:MAX_CHARS]


def terminal_notification(title: str, body: str) -> str:
    """The bell, then OSC 9 and OSC 777 notifications (terminals ignore what they lack)."""
    title, body = _clean(title), _clean(body)
    osc9 = f"\x1b]9;{title}: {body}\x07"
    osc777 = f"\x1b]777;notify;{title.replace(';', ',')};{body.replace(';', ',')}\x07"
    return "\x07" + osc9 + osc777


def desktop_notify(title: str, body: str, *, timeout: float = 5.0) -> bool:
    """A desktop notification through the platform's own command; False when none."""
    title, body = _clean(title), _clean(body)
    if sys.platform == "darwin" and (tool := shutil.which("osascript")):
        script = "display notification (item 2 of argv) with title (item 1 of argv)"
        command = [tool, "-e", f"on run argv\n{script}\nend run", title, body]
    elif tool := shutil.which("notify-send"):
        command = [tool, "--app-name=PM Cockpit", "--", title, body]
    else:
        return False
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0

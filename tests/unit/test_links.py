"""`open_in_browser`: only https and the meeting schemes, never through a shell.

`open_in_browser` opens only https (and the zoommtg:/msteams: meeting schemes),
through Python's `webbrowser` and never a shell; planted `javascript:`, `file:`,
plain `http:` links and links holding control characters are refused. The app's
`o` key is in screen/test_links_in_the_app.py, TLS in integration/test_tls.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import webbrowser
from pathlib import Path

import pytest
from support.browser import RecordingBrowser

from cockpit.tui.browser import open_in_browser


@pytest.fixture
def no_shell(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fail the test if anything reaches for a shell; record every Popen."""
    popens: list[object] = []
    real_popen = subprocess.Popen

    class CheckedPopen(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args: object, *rest: object, **kwargs: object) -> None:
            assert not kwargs.get("shell"), f"a shell was started for {args!r}"
            assert not isinstance(args, str), f"a command line string: {args!r}"
            popens.append(args)
            super().__init__(args, *rest, **kwargs)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a shell was used: {args!r}")

    monkeypatch.setattr(subprocess, "Popen", CheckedPopen)
    for name in ("system", "popen"):
        monkeypatch.setattr(os, name, refuse)
    for name in ("getoutput", "getstatusoutput"):
        monkeypatch.setattr(subprocess, name, refuse)
    return popens


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.atlassian.net/browse/PAY-1",
        "https://meet.google.com/abc-defg-hij",
        "zoommtg://zoom.us/join?confno=123",
        "msteams:/l/meetup-join/19%3ameeting",
    ],
)
def test_https_and_meeting_links_are_opened(browser: RecordingBrowser, url: str) -> None:
    message = open_in_browser(url)
    assert browser.called.wait(5)
    assert browser.opened == [url]
    assert message.startswith("Opening ")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "file:///etc/passwd",
        "FILE://localhost/etc/shadow",
        "http://acme.atlassian.net/browse/PAY-1",
        "http://127.0.0.1:8080/",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.com/x",
        "https://",
        "https:evil.example/x",
        "//evil.example/x",
        "https://example.com/\x1b]52;c;ZXZpbA==\x07",
        "https://example.com/\x1b[2J",
        "https://example.com/\x9b31m",
        "https://example.com/a\nb",
        "https://example.com/a\rb",
        "https://example.com/a\tb",
        "https://example.com/\x00",
        "https://exa mple.com/",
        "",
    ],
)
def test_unsafe_links_are_refused(browser: RecordingBrowser, url: str) -> None:
    message = open_in_browser(url)
    assert message.startswith("Not opened"), message
    assert not browser.called.wait(0.05)
    assert browser.opened == []


def test_a_real_browser_command_gets_the_link_as_one_argument_never_through_a_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_shell: list[object]
) -> None:
    """Shell metacharacters in a link reach the browser verbatim and run nothing."""
    record = tmp_path / "argv.txt"
    script = tmp_path / "browser.py"
    script.write_text(
        f"import sys, pathlib\npathlib.Path({str(record)!r}).write_text('\\n'.join(sys.argv[1:]))\n"
    )
    real = webbrowser.BackgroundBrowser([sys.executable, str(script), "%s"])
    monkeypatch.setattr(webbrowser, "get", lambda using=None: real)
    monkeypatch.chdir(tmp_path)
    url = "https://example.com/a;touch${IFS}PWNED&b=$(touch${IFS}PWNED2)|`touch${IFS}PWNED3`"

    message = open_in_browser(url)

    assert message == "Opening example.com in your browser."
    for _ in range(500):
        if record.exists() and record.read_text():
            break
        threading.Event().wait(0.01)
    assert record.read_text() == url
    assert len(no_shell) == 1 and isinstance(no_shell[0], list)
    assert not list(tmp_path.glob("PWNED*"))


def test_a_console_browser_is_not_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """lynx would take over the cockpit's terminal: the link is shown instead."""
    started: list[str] = []

    class Lynx(webbrowser.GenericBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            started.append(url)
            return True

    monkeypatch.setattr(webbrowser, "get", lambda using=None: Lynx("lynx"))
    message = open_in_browser("https://example.com/x")
    assert "https://example.com/x" in message and "console browser" in message
    assert started == []


def test_no_browser_shows_the_link(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(using: object = None) -> object:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", missing)
    assert (
        open_in_browser("https://example.com/x")
        == "No browser found; the link is https://example.com/x"
    )

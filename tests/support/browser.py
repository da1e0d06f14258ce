"""A stand-in for the user's browser: `browser` records what the cockpit opens.

A plugin (tests/conftest.py): ask for `browser` by name; it replaces what
`webbrowser.get()` returns for the length of the test.
"""

from __future__ import annotations

import threading
import webbrowser

import pytest


class RecordingBrowser(webbrowser.BackgroundBrowser):
    """A graphical browser that only notes what it was asked to open."""

    def __init__(self) -> None:
        super().__init__("recording-browser")
        self.opened: list[str] = []
        self.called = threading.Event()

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        self.called.set()
        return True


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> RecordingBrowser:
    fake = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: fake)
    return fake

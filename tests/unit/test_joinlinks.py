"""Join links: explicit conference fields first, known providers in text, https only."""

from __future__ import annotations

from typing import Any

import pytest

from cockpit.sources.join_links import is_safe_link, join_url


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"conference": ["https://meet.google.com/abc-defg-hij"]}, "https://meet.google.com/abc-defg-hij"),
        ({"conference": ["tel:+15551234", "https://x.webex.com/meet/pat"]}, "https://x.webex.com/meet/pat"),
        ({"location": "https://acme.zoom.us/j/123?pwd=x."}, "https://acme.zoom.us/j/123?pwd=x"),
        ({"description": "Dial in or click <https://teams.microsoft.com/l/meetup-join/19%3a/0?c=1>"},
         "https://teams.microsoft.com/l/meetup-join/19%3a/0?c=1"),
        ({"description": "Webex: https://acme.webex.com/acme/j.php?MTID=m1 (backup)"},
         "https://acme.webex.com/acme/j.php?MTID=m1"),
        ({"description": "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Facme.zoom.us%2Fj%2F42&data=x"},
         "https://acme.zoom.us/j/42"),
        ({"location": "Room 4", "description": "Docs: https://wiki.acme.com/page"}, None),
        ({"description": "javascript:alert(1) file:///etc/passwd http://evil.zoom.us/j/1"}, None),
        ({"conference": ["javascript:alert(1)"]}, None),
        ({"location": "zoommtg://zoom.us/join?confno=123"}, "zoommtg://zoom.us/join?confno=123"),
        ({}, None),
    ],
)  # fmt: skip
def test_join_url(kwargs: dict[str, Any], expected: str | None) -> None:
    assert join_url(**kwargs) == expected


def test_location_wins_over_description() -> None:
    assert (
        join_url(
            location="https://meet.google.com/aaa-bbbb-ccc",
            description="old link https://acme.zoom.us/j/1",
        )
        == "https://meet.google.com/aaa-bbbb-ccc"
    )


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://meet.google.com/x", True),
        ("msteams:/l/meetup-join/19", True),
        ("zoommtg://zoom.us/join?confno=1", True),
        ("http://meet.google.com/x", False),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("https://ok.com/\x1b[31m", False),
        ("https://evil.example/\u202egoogle.com", False),  # right-to-left override
        ("https://meet.google.com\u2066.evil.example/x", False),  # bidi isolate
        ("https://zoom.us\u200b.evil.example/j/1", False),  # zero-width space
        ("", False),
        (None, False),
    ],
)
def test_is_safe_link(url: str | None, safe: bool) -> None:
    assert is_safe_link(url) is safe

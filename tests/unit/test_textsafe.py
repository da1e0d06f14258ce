"""`plain`: remote text reaches the terminal without escapes or control characters."""

from __future__ import annotations

import json

import pytest

from cockpit.textsafe import plain, terminal_safe_json


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Fix login", "Fix login"),
        ("[bold red]x[/]", "[bold red]x[/]"),  # markup is not our business: shown literally
        ("[@click=app.quit]bye[/]", "[@click=app.quit]bye[/]"),
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b[38;2;255;0;0mtrue\x1b[m", "true"),
        ("\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "click"),
        ("\x1b]52;c;aGVsbG8=\x1b\\copied", "copied"),
        ("\x9b2Jclear", "clear"),
        ("\x9d0;title\x9cafter", "after"),
        ("\x1bPqsixel\x1b\\ok", "ok"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("a\tb\nc\r\nd", "a b c  d"),
        ("\x1bcreset", "reset"),
        ("unterminated \x1b]0;title", "unterminated "),
        ("trailing esc\x1b", "trailing esc"),
        ("del\x7f c1\x85x", "del c1 x"),
        ("admin\u202e\u2066txt.exe", "admintxt.exe"),
        ("café ☕ 日本", "café ☕ 日本"),
        ("", ""),
        (None, ""),
    ],
)
def test_plain_strips_escapes_and_controls(raw: str | None, expected: str) -> None:
    assert plain(raw) == expected


def test_keep_newlines_normalises_line_breaks() -> None:
    assert plain("one\r\ntwo\rthree\n\x1b[1mfour\x1b[0m\tfive", keep_newlines=True) == (
        "one\ntwo\nthree\nfour five"
    )


def test_result_is_always_printable() -> None:
    every = "".join(chr(c) for c in range(0x00, 0x250))
    assert all(ch.isprintable() or ch == "\xa0" or ch == "\xad" for ch in plain(every))


def test_keep_tabs_keeps_tabs_only() -> None:
    assert plain("a\tb\nc", keep_tabs=True) == "a\tb c"
    assert plain("a\tb\r\nc\x1b[2J\x0b", keep_newlines=True, keep_tabs=True) == "a\tb\nc "


def test_json_strings_keys_included_are_plain_but_keep_tabs_and_newlines() -> None:
    data = {"ti\x07tle": ["a\x1b[2Jb\tc\nd\x9b31m\u202e", 3, None, True], "n": {"x": "\x07"}}
    text = terminal_safe_json(data)
    assert json.loads(text) == {"title": ["ab\tc\nd", 3, None, True], "n": {"x": ""}}
    assert "\\u00" not in text and text.isascii()

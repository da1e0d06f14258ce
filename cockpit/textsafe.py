"""Make remote text (summaries, titles, names) safe to put on a terminal.

Text from Jira and calendars may carry terminal escape sequences (CSI colour
codes, OSC 8 links or OSC 52 clipboard writes) and raw control characters. `plain`
removes them so that what reaches a widget is printable text only. It does not
touch Rich/Textual markup: widgets show the result as `Text`/`Segment`s, never
parse it as markup. Headless: no Textual import.
"""

from __future__ import annotations

import re

__all__ = ["plain"]

# ESC- or C1-introduced sequences, longest forms first:
#   OSC / DCS / SOS / PM / APC strings, ended by BEL or ST (ESC \ or 0x9c), or unterminated;
#   CSI: parameters, intermediates, one final byte;
#   any other two-character escape (ESC followed by one character).
_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
# C0 controls, DEL and C1 controls, plus Unicode bidi overrides/isolates that can
# make text read differently from what it is ("Trojan source").
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_KEEP_NEWLINES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE_CONTROLS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]")
_WHITESPACE_CONTROLS_KEEP_NEWLINES = re.compile(r"[\t\v\f\x85\u2028\u2029]")
_CRLF = re.compile(r"\r\n?")


def plain(text: str | None, *, keep_newlines: bool = False) -> str:
    """`text` without escape sequences or control characters ("" for None).

    Tabs, line breaks and other whitespace controls become a space, so words stay
    apart; with `keep_newlines`, line breaks are kept as "\\n" (CRLF and CR too).
    """
    if not text:
        return ""
    if text.isprintable():  # the common case: nothing to strip
        return text
    text = _SEQUENCE.sub("", text)
    if keep_newlines:
        text = _CRLF.sub("\n", text)
        text = _WHITESPACE_CONTROLS_KEEP_NEWLINES.sub(" ", text)
        return _CONTROL_KEEP_NEWLINES.sub("", text)
    text = _WHITESPACE_CONTROLS.sub(" ", text)
    return _CONTROL.sub("", text)

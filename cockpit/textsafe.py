"""Make remote text (summaries, titles, names) safe to put on a terminal.

Text from Jira and calendars may carry terminal escape sequences (CSI colour
codes, OSC 8 links or OSC 52 clipboard writes) and raw control characters. `plain`
removes them so that what reaches a widget is printable text only; `terminal_safe_json`
does the same to every string of a JSON document (`jq -r` would otherwise turn a
`\\u001b` back into a real ESC). Neither touches Rich/Textual markup: widgets show
the result as `Text`/`Segment`s, never parse it as markup. Headless: no Textual import.
"""

from __future__ import annotations

import json
import re
from functools import cache

__all__ = ["json_safe", "plain", "terminal_safe_json"]

# ESC- or C1-introduced sequences, longest forms first:
#   OSC / DCS / SOS / PM / APC strings, ended by BEL or ST (ESC \ or 0x9c), or unterminated;
#   CSI: parameters, intermediates, one final byte;
#   any other two-character escape (ESC followed by one character).
_SEQUENCE = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
# Whitespace controls become a space, so words stay apart.
_WHITESPACE_CONTROLS = "\t\n\v\f\r\x85\u2028\u2029"
# C0 controls, DEL and C1 controls, plus Unicode bidi overrides/isolates that can
# make text read differently from what it is ("Trojan source").
_CONTROLS = "".join(
    map(chr, [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
)


@cache  # compiled on first use, not at import: most text needs none (~2 ms of every start)
def _patterns(keep: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(escape sequences, whitespace controls to turn into a space, controls to drop),
    the last two sparing `keep`."""
    spaces = "".join(c for c in _WHITESPACE_CONTROLS if c not in keep)
    controls = "".join(c for c in _CONTROLS if c not in keep)
    return (
        re.compile(_SEQUENCE),
        re.compile(f"[{re.escape(spaces)}]"),
        re.compile(f"[{re.escape(controls)}]"),
    )


def plain(text: str | None, *, keep_newlines: bool = False, keep_tabs: bool = False) -> str:
    """`text` without escape sequences or control characters ("" for None).

    Tabs, line breaks and other whitespace controls become a space, so words stay
    apart; with `keep_newlines`, line breaks are kept as "\\n" (CRLF and CR too);
    with `keep_tabs`, tabs are kept.
    """
    if not text:
        return ""
    if text.isprintable():  # the common case: nothing to strip
        return text
    sequences, spaces, controls = _patterns("\n" * keep_newlines + "\t" * keep_tabs)
    text = sequences.sub("", text)
    if keep_newlines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return controls.sub("", spaces.sub(" ", text))


def json_safe(value: object) -> object:
    """`value` (lists, dicts, strings, numbers...) with every string, keys included, made
    `plain`; line breaks and tabs are kept, as JSON writes them as `\\n` and `\\t`."""
    if isinstance(value, str):
        return plain(value, keep_newlines=True, keep_tabs=True)
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def terminal_safe_json(data: object) -> str:
    """`data` as indented JSON whose strings carry no terminal control character (but
    `\\n` and `\\t`): what every `--json` and JSON export of the CLI prints."""
    return json.dumps(json_safe(data), indent=2, ensure_ascii=False)

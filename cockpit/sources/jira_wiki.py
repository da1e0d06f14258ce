"""Plain text as Jira Data Center wiki markup that renders as exactly that text.

Data Center reads a comment body as wiki markup: `[~pat]` notifies Pat, `*done*` turns
bold, `{code}` opens a block, `(y)` is a thumbs-up, `h1. ` a heading. A note is what
the PM typed, so `wiki_escape` puts a backslash before each character that could
start markup (Atlassian's Text Formatting Notation: `\\X` escapes the special
character X) and writes a backslash itself as the entity `&#92;` (`\\\\` would be a
line break). Each special character is escaped on its own, so no two of them stand
side by side unescaped: `[~pat]` goes out as `\\[\\~pat\\]`, which neither the
renderer nor a mention scanner reads as a mention. Web addresses are left as typed:
Jira links them before it looks for markup, and a backslash would break them.

`wiki_unescape` is its inverse, for reading our own comments back (the outbox
matches a comment it may have posted before by its text).
"""

from __future__ import annotations

import re
import string

ALWAYS = frozenset("*_+-^~|[]{}!&")
"""Bold, italic, underline, strike, super/subscript, tables, links and mentions,
macros ({code}, {noformat}, {color}), images, entities: escaped wherever they are."""
EMOTICON = re.compile(r"\((?:[yni/x!?+\-*]|on|off|flag|flagoff|\*[rgby])\)", re.IGNORECASE)
SMILEY = re.compile(r"[:;][()PpDd]")
BLOCK_START = re.compile(r"^[ \t]*(?:#|h[1-6]\.|bq\.)", re.MULTILINE)
URL = re.compile(r"(?:https?|ftp|file|irc|nntp|news)://[^\s\[\]{}|]+|mailto:[^\s\[\]{}|]+")
ESCAPED = re.compile(r"&#92;|\\([" + re.escape(string.punctuation) + "])")


def wiki_escape(text: str) -> str:
    """`text` as wiki markup that Jira Data Center renders as exactly `text`."""
    out: list[str] = []
    last = 0
    for url in URL.finditer(text):
        out.append(_escape_words(text[last : url.start()]))
        out.append(url.group())
        last = url.end()
    out.append(_escape_words(text[last:]))
    return "".join(out)


def _escape_words(text: str) -> str:
    marks = {m.end() - 1 for m in BLOCK_START.finditer(text)}  # "#", or the "." of "h1."
    out: list[str] = []
    for i, char in enumerate(text):
        if char == "\\":
            out.append("&#92;")
        elif (
            char in ALWAYS
            or i in marks
            or (char == "(" and EMOTICON.match(text, i))  # (y) (x) (on) ...
            or (char in ":;" and SMILEY.match(text, i))  # :) ;) :P :D
            or (char == "?" and text.startswith("?", i + 1))  # ??citation??
        ):
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def wiki_unescape(body: str) -> str:
    """The text `wiki_escape` was given (also fine for other comments' escapes)."""
    return ESCAPED.sub(lambda m: "\\" if m.group() == "&#92;" else m.group(1), body)

"""Invitation bodies written in HTML, as readable text with their links listed.

Google descriptions and Graph bodies are often HTML (Teams and Zoom invitations
always are). `readable` turns one into plain lines -- paragraphs, line breaks and
list items kept, scripts and styles dropped, entities decoded -- and lists the
links the text hides behind words ("Click here to join") under "Links:". Only
https links are listed; `tel:` links are kept apart for dial-in numbers. The text
is still remote text: widgets show it through `textsafe.plain`, never as markup.
Stdlib only (`html.parser`), headless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

MAX_CHARS = 20_000
"""The longest description kept; the rest of a huge body is cut."""
MAX_LINKS = 20

_LOOKS_HTML = re.compile(
    r"<\s*(?:a|br|p|div|span|html|body|b|i|u|ul|ol|li|table|tr|td|font|strong|em|hr)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCKS = frozenset(
    {"p", "div", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote"}
)
_SKIP = frozenset({"script", "style", "head", "title"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass
class HtmlText:
    """A body as text, its https links (in order, once each) and its tel: links."""

    text: str
    links: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.phones: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "td":
            self.parts.append(" ")
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            lowered = href.lower()
            if lowered.startswith("https://") and href not in self.links:
                self.links.append(href)
            elif lowered.startswith("tel:") and href not in self.phones:
                self.phones.append(href[4:])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in _BLOCKS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))


def looks_like_html(text: str | None) -> bool:
    return bool(text) and _LOOKS_HTML.search(text or "") is not None


def html_text(body: str) -> HtmlText:
    """The HTML `body` as text lines (no links appended), its links and phones."""
    reader = _Reader()
    try:
        reader.feed(body[: MAX_CHARS * 5])
        reader.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(reader.parts).split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    text = "\n".join(kept).strip()
    return HtmlText(text[:MAX_CHARS], reader.links[:MAX_LINKS], reader.phones[:MAX_LINKS])


def readable(body: str | None) -> str | None:
    """A description to show: HTML made text with its hidden links listed; text as is."""
    if not body or not body.strip():
        return None
    if not looks_like_html(body):
        return body.strip()[:MAX_CHARS]
    parsed = html_text(body)
    hidden = [link for link in parsed.links if link not in parsed.text]
    if hidden:
        listed = "\n".join(f"- {link}" for link in hidden)
        return f"{parsed.text}\n\nLinks:\n{listed}".strip()
    return parsed.text or None

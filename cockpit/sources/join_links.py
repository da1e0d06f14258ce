"""Find a meeting's join link, and decide whether a link is safe to open.

Explicit conference fields win (RFC 7986 `CONFERENCE`, `X-GOOGLE-CONFERENCE`,
`X-MICROSOFT-SKYPETEAMSMEETINGURL`, Google's hangoutLink, Graph's onlineMeeting
joinUrl); otherwise the first Zoom, Google Meet, Teams, Webex or Chime link
in the location, then in the description. `provider_of` names the service.
Only https (and the zoommtg:/msteams: app schemes) ever comes out, so the `o`
key cannot be made to run `file:` or `javascript:` links planted in an invitation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

APP_SCHEMES = ("zoommtg", "msteams")
"""Meeting apps' own schemes, allowed besides https."""

_URL = re.compile(r"(?:https://|zoommtg://|msteams:)[^\s<>\"'`\\\]\)\}|]+", re.IGNORECASE)
_TRAILING = ".,;:!?*"
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""Controls, blanks, and the invisible marks (bidi overrides and isolates, zero-width
characters) that can make a link's shown text differ from where it goes."""

_PROVIDERS = (
    re.compile(r"^https://([a-z0-9-]+\.)*zoom(gov)?\.(us|com)/(j|my|w|s|wc)/", re.I),
    re.compile(r"^https://meet\.google\.com/[a-z0-9-]+", re.I),
    re.compile(r"^https://teams\.(microsoft|live)\.com/(l/meetup-join|meet)/", re.I),
    re.compile(r"^https://([a-z0-9-]+\.)*webex\.com/", re.I),
    re.compile(r"^https://(app\.)?chime\.aws/", re.I),
    re.compile(r"^(zoommtg|msteams):", re.I),
)
_NAMES = (
    ("Zoom", re.compile(r"^(https://([a-z0-9-]+\.)*zoom(gov)?\.(us|com)/|zoommtg:)", re.I)),
    ("Google Meet", re.compile(r"^https://meet\.google\.com/", re.I)),
    ("Teams", re.compile(r"^(https://teams\.(microsoft|live)\.com/|msteams:)", re.I)),
    ("Webex", re.compile(r"^https://([a-z0-9-]+\.)*webex\.com/", re.I)),
    ("Chime", re.compile(r"^https://(app\.)?chime\.aws/", re.I)),
)
_SAFELINKS = re.compile(r"^https://[a-z0-9.-]*safelinks\.protection\.outlook\.com/", re.I)


def is_safe_link(url: str | None) -> bool:
    """True for https links with a host, or the zoommtg:/msteams: meeting app schemes,
    with nothing invisible in them."""
    if not url or _CONTROL.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "https":
        return bool(parts.hostname)
    return scheme in APP_SCHEMES


def is_meeting_link(url: str) -> bool:
    """True when the URL is a known video-meeting provider's join link."""
    return is_safe_link(url) and any(p.match(url) for p in _PROVIDERS)


def links_in(text: str | None) -> list[str]:
    """Candidate links in free text, Outlook safelinks unwrapped, trailing punctuation cut."""
    if not text:
        return []
    found = []
    for match in _URL.finditer(str(text)):
        url = match.group(0).rstrip(_TRAILING)
        if _SAFELINKS.match(url):
            target = parse_qs(urlsplit(url).query).get("url")
            if target:
                url = target[0]
        found.append(url)
    return found


def join_url(
    conference: Iterable[str | None] = (),
    location: str | None = None,
    description: str | None = None,
) -> str | None:
    """The link to join the meeting, or None.

    `conference` holds explicit conference URIs in order of preference; any safe
    https one wins (e.g. a provider we do not know). Free text only yields known
    meeting providers, so a plain web page in the description is not a join link.
    """
    for value in conference:
        if value is None:
            continue
        value = str(value).strip()
        if is_safe_link(value):
            return value
        for url in links_in(value):
            if is_safe_link(url):
                return url
    for text in (location, description):
        for url in links_in(text):
            if is_meeting_link(url):
                return url
    return None


def provider_of(url: str | None) -> str | None:
    """The video service a join link belongs to ("Teams", "Zoom", ...), None if unknown."""
    if not url:
        return None
    for name, pattern in _NAMES:
        if pattern.match(url):
            return name
    return None

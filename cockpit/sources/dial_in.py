"""Dial-in numbers (with PIN or conference id) from what invitations carry.

Google gives `conferenceData.entryPoints` of type "phone" (`uri` tel:, `label`,
`pin`, `regionCode`); Graph gives `onlineMeeting.tollNumber`, `tollFreeNumbers` and
`conferenceId`; Teams, Zoom and Webex bodies carry `tel:+1555...,,123456#` links
and lines such as "+1 323-555-0166,,123456789#" or "Phone conference ID: 123 456
789#". Each number once, at most `MAX_NUMBERS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from cockpit.models import DialIn

MAX_NUMBERS = 5

_WITH_PIN = re.compile(r"(\+?\d[\d \u00a0().-]{5,}\d)\s*,,\s*([\d ]{3,}\d)\s*#")
_CONFERENCE_ID = re.compile(
    r"(?:conference\s+id|access\s+code)\s*:?\s*([\d ]{4,}\d)\s*#?", re.IGNORECASE
)
_NUMBER = re.compile(r"^\+?\d[\d \u00a0().-]{5,}\d$")


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _clean_number(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    value = value.split(",,")[0].split(";")[0].strip()
    return value if _NUMBER.match(value) else None


class _Collector:
    def __init__(self) -> None:
        self.found: list[DialIn] = []
        self._seen: set[str] = set()

    def add(self, number: str | None, pin: str | None = None, label: str | None = None) -> None:
        number = _clean_number(number or "")
        if number is None or len(self.found) >= MAX_NUMBERS:
            return
        key = _digits(number)
        if key in self._seen:
            return
        self._seen.add(key)
        pin = _digits(pin or "") or None
        self.found.append(DialIn(number, pin, label or None))


def google_dial_in(conference: Any) -> tuple[DialIn, ...]:
    """Google's phone entry points (`conferenceData`), PIN or access code kept."""
    found = _Collector()
    points = conference.get("entryPoints") if isinstance(conference, dict) else None
    for point in points or ():
        if isinstance(point, dict) and point.get("entryPointType") == "phone":
            number = point.get("label") or point.get("uri")
            pin = point.get("pin") or point.get("accessCode") or point.get("passcode")
            found.add(str(number or ""), str(pin or ""), str(point.get("regionCode") or ""))
    return tuple(found.found)


def graph_dial_in(online: Any) -> tuple[DialIn, ...]:
    """Graph's `onlineMeeting` toll and toll-free numbers with the conference id."""
    found = _Collector()
    if not isinstance(online, dict):
        return ()
    conference_id = str(online.get("conferenceId") or "")
    if online.get("tollNumber"):
        found.add(str(online["tollNumber"]), conference_id)
    for number in online.get("tollFreeNumbers") or ():
        found.add(str(number), conference_id, "toll-free")
    return tuple(found.found)


def text_dial_in(texts: Iterable[str | None], phones: Iterable[str] = ()) -> tuple[DialIn, ...]:
    """Numbers with a PIN written in invitation text, and `tel:` links from HTML."""
    found = _Collector()
    conference_id: str | None = None
    for text in texts:
        if not text:
            continue
        for match in _WITH_PIN.finditer(text):
            found.add(match.group(1), match.group(2))
        if conference_id is None and (match_id := _CONFERENCE_ID.search(text)):
            conference_id = match_id.group(1)
    for phone in phones:  # after the text: its numbers are written as people read them
        number, _, rest = phone.partition(",,")
        found.add(number, rest.rstrip("#").strip() or None)
    if conference_id:
        return tuple(d if d.pin else DialIn(d.number, _digits(conference_id), d.label)
                     for d in found.found)  # fmt: skip
    return tuple(found.found)


def merged(*groups: tuple[DialIn, ...]) -> tuple[DialIn, ...]:
    """The groups in order, each number once, at most MAX_NUMBERS."""
    found = _Collector()
    for group in groups:
        for entry in group:
            found.add(entry.number, entry.pin, entry.label)
    return tuple(found.found)

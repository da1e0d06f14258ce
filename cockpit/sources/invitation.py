"""What every calendar source reads from an invitation's body the same way.

The description shown (HTML made text, links listed), the join link (explicit
conference fields first, then the whole body: text and the links behind words),
the video service's name and the dial-in numbers. Sources hand in what their API
has explicitly (Google's conference data, Graph's onlineMeeting) and the raw body.
"""

from __future__ import annotations

from collections.abc import Iterable

from cockpit.models import DialIn
from cockpit.records import record
from cockpit.sources.dial_in import merged, text_dial_in
from cockpit.sources.html_text import html_text, looks_like_html, readable
from cockpit.sources.join_links import join_url, provider_of


@record(slots=True)
class Invitation:
    description: str | None
    join_url: str | None
    provider: str | None
    dial_in: tuple[DialIn, ...]


def read_invitation(
    body: str | None,
    *,
    conference: Iterable[str | None] = (),
    location: str | None = None,
    provider: str | None = None,
    dial_in: tuple[DialIn, ...] = (),
) -> Invitation:
    """The invitation's facts from its raw `body` (HTML or text) and explicit fields."""
    phones: list[str] = []
    searched = body
    if body and looks_like_html(body):
        parsed = html_text(body)
        phones = parsed.phones
        searched = "\n".join([*parsed.links, parsed.text])
    link = join_url(conference, location, searched)
    numbers = merged(dial_in, text_dial_in([location, searched], phones))
    return Invitation(
        description=readable(body),
        join_url=link,
        provider=provider or provider_of(link),
        dial_in=numbers,
    )

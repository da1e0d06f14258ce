"""Errors every source raises: one clear sentence for the user, never a secret."""

from __future__ import annotations

import base64
from datetime import datetime, tzinfo
from urllib.parse import quote


class SourceError(Exception):
    """A source could not deliver; `str()` is one sentence fit for a toast or a pane."""

    status: int | None = None
    """The HTTP status behind the error, when a server gave one (the outbox reads it)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(message)
        self.source = source
        self.message = message

    def __str__(self) -> str:
        return self.message

    def told_in(self, tz: tzinfo | None) -> str:
        """The message, with any time in it told in `tz` (see RateLimited)."""
        return self.message


class AuthError(SourceError):
    """The credential was refused (401/403); the message names what to fix."""


class RateLimited(SourceError):
    """429 after the retries ran out, or a server that asked us to wait past `until`.

    With `until` (aware), nothing is sent to that server before then (see `http.send`)
    and the message says until when; `state` is what the server is ("unavailable" for
    a 503 with a long Retry-After).
    """

    def __init__(
        self,
        source: str,
        message: str | None = None,
        until: datetime | None = None,
        *,
        state: str = "rate limited",
    ) -> None:
        self.until = until
        self.state = state
        super().__init__(source, message or _until_sentence(source, state, until, None))

    def told_in(self, tz: tzinfo | None) -> str:
        """The message with the until-time as HH:MM in `tz` (None: the system's zone)."""
        if self.until is None:
            return self.message
        return _until_sentence(self.source, self.state, self.until, tz)


def _until_sentence(source: str, state: str, until: datetime | None, tz: tzinfo | None) -> str:
    if until is None:
        return f"{source} is {state}; try again in a minute."
    when = until.astimezone(tz).strftime("%H:%M")
    return f"{source} is {state} until {when}; not asking it again before then."


class BadResponse(SourceError):
    """The server answered something we could not understand (bad JSON, wrong shape)."""


class Incomplete(SourceError):
    """The source delivered, but a limit left part of it out (the message says what)."""


class Unreachable(SourceError):
    """Timeouts, connection errors and 5xx after the retries ran out."""


def redact(text: str, *secrets: str | None) -> str:
    """`text` with each secret, in the forms it travels in, replaced by `***`.

    For messages that quote a server (Jira's errorMessages): a server that echoes
    the request back must not put the credential on the user's screen. Covers the
    secret as is, URL-quoted and base64-encoded (so `email:token` also covers the
    Basic auth header). Secrets shorter than 4 characters are left alone.
    """
    for secret in secrets:
        if not secret or len(secret) < 4:
            continue
        encoded = base64.b64encode(secret.encode()).decode()
        for form in {secret, quote(secret, safe=""), encoded, encoded.rstrip("=")}:
            text = text.replace(form, "***")
    return text

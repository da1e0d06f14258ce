"""Errors every source raises: one clear sentence for the user, never a secret."""

from __future__ import annotations


class SourceError(Exception):
    """A source could not deliver; `str()` is one sentence fit for a toast or a pane."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(message)
        self.source = source
        self.message = message

    def __str__(self) -> str:
        return self.message


class AuthError(SourceError):
    """The credential was refused (401/403); the message names what to fix."""


class RateLimited(SourceError):
    """429 after the retries ran out."""


class BadResponse(SourceError):
    """The server answered something we could not understand (bad JSON, wrong shape)."""


class Unreachable(SourceError):
    """Timeouts, connection errors and 5xx after the retries ran out."""

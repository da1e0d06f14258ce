"""Secrets: the OS keyring through `keyring`, with environment overrides for headless use.

Every secret lives under one keyring service, `pm-cockpit`, with documented user
names (see `secret_name`). Nothing here ever logs or prints a secret.
"""

from __future__ import annotations

from typing import Protocol

SERVICE = "pm-cockpit"


class CredentialStore(Protocol):
    """Where secrets are read and written; the app and sources only see this."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class MemoryCredentials:
    """An in-memory store for tests and the demo."""

    def __init__(self, initial: dict[str, str] | None = None) -> None:
        self._secrets = dict(initial or {})

    def get(self, name: str) -> str | None:
        return self._secrets.get(name)

    def set(self, name: str, value: str) -> None:
        self._secrets[name] = value

    def delete(self, name: str) -> None:
        self._secrets.pop(name, None)


class KeyringCredentials:
    """The OS keyring (Secret Service, macOS Keychain, Windows Credential Locker)."""

    def get(self, name: str) -> str | None:
        import keyring

        return keyring.get_password(SERVICE, name)

    def set(self, name: str, value: str) -> None:
        import keyring

        keyring.set_password(SERVICE, name, value)

    def delete(self, name: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(SERVICE, name)
        except PasswordDeleteError:
            pass


def secret_name(kind: str, calendar: str | None = None) -> str:
    """The keyring user name of a secret: `jira`, or `<kind>:<calendar name>`.

    kinds: `jira` (API token or PAT), `caldav` (password), `ics` (secret feed URL),
    `google` and `microsoft` (OAuth refresh token).
    """
    return kind if calendar is None else f"{kind}:{calendar}"

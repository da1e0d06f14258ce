"""Secrets: the OS keyring through `keyring`, with environment overrides for headless use.

Every secret lives under one keyring service, `pm-cockpit`, with documented user
names (see `secret_name`). For CI and containers each may instead come from an
environment variable (see `env_var_name`):

| secret | keyring name | environment variable |
|---|---|---|
| Jira API token (Cloud) or PAT (Data Center) | `jira` | `COCKPIT_JIRA_TOKEN` |
| CalDAV password | `caldav:<calendar>` | `COCKPIT_CALDAV_PASSWORD_<CALENDAR>` |
| secret ICS feed URL | `ics:<calendar>` | `COCKPIT_ICS_URL_<CALENDAR>` |
| Google refresh token | `google:<calendar>` | `COCKPIT_GOOGLE_REFRESH_TOKEN_<CALENDAR>` |
| Microsoft refresh token | `microsoft:<calendar>` | `COCKPIT_MICROSOFT_REFRESH_TOKEN_<CALENDAR>` |
| Google client secret | `google_client:<calendar>` | `COCKPIT_GOOGLE_CLIENT_SECRET_<CALENDAR>` |

`<CALENDAR>` is the calendar's name upper-cased, every run of other characters
turned into `_` ("Work cal" -> `WORK_CAL`). Nothing here ever logs or prints a secret.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

SERVICE = "pm-cockpit"
ENV_PREFIX = {
    "jira": "COCKPIT_JIRA_TOKEN",
    "caldav": "COCKPIT_CALDAV_PASSWORD_",
    "ics": "COCKPIT_ICS_URL_",
    "google": "COCKPIT_GOOGLE_REFRESH_TOKEN_",
    "microsoft": "COCKPIT_MICROSOFT_REFRESH_TOKEN_",
    "google_client": "COCKPIT_GOOGLE_CLIENT_SECRET_",
}
NO_BACKEND_HELP = (
    "install and unlock a Secret Service (e.g. `apt install gnome-keyring` and sign in to "
    "a desktop session, or KeePassXC with its Secret Service integration), or give each "
    "secret in an environment variable (COCKPIT_JIRA_TOKEN, ...; `cockpit doctor` names them)"
)


class CredentialStore(Protocol):
    """Where secrets are read and written; the app and sources only see this."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class CredentialError(RuntimeError):
    """The keyring could not be used; `str()` says what to do (never a secret)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
        """Why, in a few words ("no keyring backend is available")."""


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
    """The OS keyring (Secret Service, macOS Keychain, Windows Credential Locker).

    Keyring failures (no backend, a locked or absent Secret Service) become
    `CredentialError` with advice, instead of a backend-specific traceback.
    """

    def get(self, name: str) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, name)
        except KeyringError as exc:
            raise _credential_error("read", name, exc) from None

    def set(self, name: str, value: str) -> None:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SERVICE, name, value)
        except KeyringError as exc:
            raise _credential_error("store", name, exc) from None

    def delete(self, name: str) -> None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(SERVICE, name)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise _credential_error("delete", name, exc) from None


class EnvFirstCredentials:
    """A store whose reads look at the environment variable first (headless use).

    A value written while its variable is set (a rotated refresh token) is kept for
    this process and also offered to the keyring, which may be absent.
    """

    def __init__(self, store: CredentialStore, environ: Mapping[str, str] | None = None) -> None:
        self.store = store
        self.environ = os.environ if environ is None else environ
        self._overrides: dict[str, str] = {}

    def from_env(self, name: str) -> str | None:
        """The environment's value for secret `name`, if its variable is set and non-empty."""
        value = self.environ.get(env_var_name(name), "").strip()
        return value or None

    def get(self, name: str) -> str | None:
        if self.from_env(name) is not None:
            return self._overrides.get(name) or self.from_env(name)
        return self.store.get(name)

    def set(self, name: str, value: str) -> None:
        if self.from_env(name) is None:
            self.store.set(name, value)
            return
        self._overrides[name] = value
        with contextlib.suppress(CredentialError):
            self.store.set(name, value)

    def delete(self, name: str) -> None:
        self._overrides.pop(name, None)
        self.store.delete(name)

    def source(self, name: str) -> str | None:
        """Where `name` comes from: "$VAR", "keyring", or None when nowhere."""
        if self.from_env(name) is not None:
            return f"${env_var_name(name)}"
        return "keyring" if self.store.get(name) is not None else None


def default_store() -> EnvFirstCredentials:
    """The store every command uses: environment variables first, then the OS keyring."""
    return EnvFirstCredentials(KeyringCredentials())


def secret_name(kind: str, calendar: str | None = None) -> str:
    """The keyring user name of a secret: `jira`, or `<kind>:<calendar name>`.

    kinds: `jira` (API token or PAT), `caldav` (password), `ics` (secret feed URL),
    `google` and `microsoft` (OAuth refresh token), `google_client` (the Google OAuth
    client secret, when the app registration has one).
    """
    return kind if calendar is None else f"{kind}:{calendar}"


def env_suffix(calendar: str) -> str:
    """A calendar name as it appears in environment variable names ("Work cal" -> WORK_CAL)."""
    ascii_name = unicodedata.normalize("NFKD", calendar).encode("ascii", "ignore").decode()
    suffix = re.sub(r"[^A-Z0-9]+", "_", ascii_name.upper()).strip("_")
    return suffix or "X" + calendar.encode("utf-8").hex().upper()


def env_var_name(name: str) -> str:
    """The environment variable that may hold secret `name` (see the module docstring)."""
    kind, _, calendar = name.partition(":")
    prefix = ENV_PREFIX.get(kind)
    if prefix is None:
        raise ValueError(f"unknown secret kind {kind!r}")
    return prefix if not calendar else prefix + env_suffix(calendar)


@dataclass(frozen=True)
class KeyringStatus:
    """What `cockpit doctor` says about the keyring backend."""

    backend: str
    level: Literal["ok", "warn", "fail"]
    message: str


def keyring_status(backend: object | None = None) -> KeyringStatus:
    """Inspect the keyring backend in use (or `backend`): usable, insecure, or absent."""
    if backend is None:
        import keyring

        backend = keyring.get_keyring()
    chained = getattr(backend, "backends", None)
    inner = [backend] if chained is None else list(chained)
    name = _backend_name(backend)
    usable = [b for b in inner if not _is_unusable(b)]
    if not usable:
        return KeyringStatus(name, "fail", f"no usable keyring ({name}): {NO_BACKEND_HELP}")
    plain = [b for b in usable if _is_plaintext(b)]
    if plain:
        return KeyringStatus(
            name,
            "warn",
            f"secrets would be stored unencrypted by {_backend_name(plain[0])}: install and "
            "unlock a Secret Service (gnome-keyring, KeePassXC) and `pip uninstall keyrings.alt`, "
            "or use the COCKPIT_* environment variables",
        )
    return KeyringStatus(name, "ok", f"secrets are kept by {name}")


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_unusable(backend: object) -> bool:
    module = type(backend).__module__
    return module in ("keyring.backends.fail", "keyring.backends.null")


def _is_plaintext(backend: object) -> bool:
    cls = type(backend)
    return cls.__module__.startswith("keyrings.alt") and "Encrypted" not in cls.__qualname__


def _credential_error(action: str, name: str, exc: Exception) -> CredentialError:
    from keyring.errors import NoKeyringError

    if isinstance(exc, NoKeyringError):
        reason = "no keyring backend is available"
    else:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    var = env_var_name(name) if name.partition(":")[0] in ENV_PREFIX else None
    alt = f"set ${var}, or " if var else ""
    return CredentialError(
        f"cannot {action} the secret {name!r} in the keyring ({reason}); "
        f"{alt}make a keyring available (`cockpit doctor` says how)",
        reason,
    )

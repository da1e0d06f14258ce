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
from typing import TYPE_CHECKING, Any, Literal, Protocol

from cockpit.records import record

if TYPE_CHECKING:
    from cockpit.config.schema import Config, JiraConfig

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
    "a desktop session, or KeePassXC with its Secret Service integration), keep the secrets "
    'in an encrypted file behind a passphrase (keyring = "file" in config.toml, or '
    "`cockpit init --keyring file`), or give each secret in an environment variable "
    "(COCKPIT_JIRA_TOKEN, ...; `cockpit doctor` names them)"
)


class CredentialStore(Protocol):
    """Where secrets are read and written; the app and sources only see this."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...

    def from_env(self, name: str) -> str | None:
        """The environment's value for `name`, when this store reads one; else None."""
        ...


class CredentialError(RuntimeError):
    """The keyring could not be used; `str()` says what to do (never a secret)."""

    def __init__(self, message: str, reason: str = "", fix: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
        """Why, in a few words ("no keyring backend is available")."""
        self.fix = fix
        """What to do, when it is not "set up a keyring" (e.g. give the passphrase)."""


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

    def from_env(self, name: str) -> str | None:
        return None  # only what was put in: tests must not depend on the environment


class KeyringCredentials:
    """The OS keyring (Secret Service, macOS Keychain, Windows Credential Locker).

    Keyring failures (no backend, a locked or absent Secret Service) become
    `CredentialError` with advice, instead of a backend-specific traceback.
    """

    def backend(self) -> Any:
        """The keyring backend the secrets go to."""
        return system_backend()

    def get(self, name: str) -> str | None:
        # lazy: keyring loads its backends (~40 ms); only a secret read or write needs it
        from keyring.errors import KeyringError

        try:
            value = self.backend().get_password(SERVICE, name)
        except KeyringError as exc:
            raise _credential_error("read", name, exc) from None
        return None if value is None else str(value)

    def set(self, name: str, value: str) -> None:
        # lazy: keyring loads its backends (~40 ms); only a secret read or write needs it
        from keyring.errors import KeyringError

        try:
            self.backend().set_password(SERVICE, name, value)
        except KeyringError as exc:
            raise _credential_error("store", name, exc) from None

    def delete(self, name: str) -> None:
        # lazy: keyring loads its backends (~40 ms); only a secret read or write needs it
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            self.backend().delete_password(SERVICE, name)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise _credential_error("delete", name, exc) from None

    def from_env(self, name: str) -> str | None:
        return None  # the keyring alone; EnvFirstCredentials puts the environment in front


def system_backend() -> Any:
    """The OS keyring keyring would pick, or the one the user named
    (PYTHON_KEYRING_BACKEND, keyringrc.cfg): never keyrings.alt's file backends by
    themselves (they ask for a passphrase at any moment); those are `keyring = "file"`."""
    import keyring.core  # lazy: ~40 ms of backends, only when a secret is needed

    if getattr(keyring.core, "_keyring_backend", None) is None:
        keyring.core.init_backend(limit=lambda b: not _module(b).startswith("keyrings.alt"))
    return keyring.get_keyring()


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


def needed_secrets(config: Config) -> list[str]:
    """The secret names `config` needs: Jira's token and each calendar's secret."""
    names = [site_secret(config, site) for site in config.jira_sites]
    for cal in config.calendars:
        if cal.kind != "ics" or cal.secret_url:
            names.append(secret_name(cal.kind, cal.name))
    return names


def site_secret(config: Config, site: JiraConfig) -> str:
    """The secret of a Jira site: `jira` for the first (default) site, as with one
    site, and `jira:<name>` for the other `[[jira]]` sites."""
    first = config.jira_sites[0] if config.jira_sites else None
    return (
        secret_name("jira")
        if site is first or site.name is None
        else secret_name("jira", site.name)
    )


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
    if kind == "jira" and calendar:  # a named [[jira]] site: COCKPIT_JIRA_TOKEN_<NAME>
        return f"{prefix}_{env_suffix(calendar)}"
    return prefix if not calendar else prefix + env_suffix(calendar)


@record
class KeyringStatus:
    """What `cockpit doctor` says about the keyring backend."""

    backend: str
    level: Literal["ok", "warn", "fail"]
    message: str


def keyring_status(backend: object | None = None) -> KeyringStatus:
    """Inspect the keyring backend in use (or `backend`): usable, insecure, or absent."""
    if backend is None:
        backend = system_backend()
    chained = getattr(backend, "backends", None)
    inner = [backend] if chained is None else list(chained)
    usable = [b for b in inner if not _is_unusable(b)]
    name = _backend_name(usable[0] if chained is not None and usable else backend)
    if not usable:
        return KeyringStatus(name, "fail", f"no usable keyring ({name}): {NO_BACKEND_HELP}")
    plain = [b for b in usable if _is_plaintext(b)]
    if plain:
        return KeyringStatus(
            name,
            "warn",
            f"secrets would be stored unencrypted by {_backend_name(plain[0])}: choose "
            'keyring = "file" in config.toml (encrypted, behind a passphrase), or install '
            "and unlock a Secret Service (gnome-keyring, KeePassXC) and drop that backend "
            "from PYTHON_KEYRING_BACKEND or keyringrc.cfg",
        )
    return KeyringStatus(name, "ok", f"in use: {name}")


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _module(backend: object) -> str:
    return type(backend).__module__


def _is_unusable(backend: object) -> bool:
    return _module(backend) in ("keyring.backends.fail", "keyring.backends.null")


def _is_plaintext(backend: object) -> bool:
    cls = type(backend)
    return cls.__module__.startswith("keyrings.alt") and "Encrypted" not in cls.__qualname__


def _credential_error(action: str, name: str, exc: Exception) -> CredentialError:
    from keyring.errors import NoKeyringError  # lazy: a keyring call already failed here

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

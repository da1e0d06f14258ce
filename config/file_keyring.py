"""The encrypted file keyring, for machines without a Secret Service (SSH, headless).

Chosen with `keyring = "file"` in config.toml (`cockpit init --keyring file`), never
picked by itself. The secrets are in one file, `secrets.cfg` in the private data
folder (mode 0600), written by keyrings.alt's `EncryptedKeyring` (kept by keyring's
own maintainer): each secret AES-encrypted with a key derived from a passphrase.
It keeps secrets off the disk in clear text; a long passphrase is what protects them.

The passphrase comes from `$COCKPIT_KEYRING_PASSPHRASE` (cron, scripts) or is asked
once per run in the terminal, before the full-screen app starts (`unlock()`); a
run never asks twice, also after a wrong answer. A wrong passphrase is a
`CredentialError`, never a garbled secret.
"""

from __future__ import annotations

import getpass
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cockpit.config.credentials import CredentialError, KeyringCredentials, KeyringStatus

PASSPHRASE_ENV = "COCKPIT_KEYRING_PASSPHRASE"
FILE_NAME = "secrets.cfg"
BACKEND = "keyrings.alt.file.EncryptedKeyring"
REFERENCE = ("keyring-setting", "password reference", "password reference value")
"""keyrings.alt's own check value: it decrypts only with the right passphrase."""

Passphrase = Callable[[Path, bool], str]
"""Asks for the passphrase of the file at the path; True: a new file (ask twice)."""


def secrets_path() -> Path:
    """Where the encrypted secrets live: the private data folder."""
    # lazy: platformdirs only when the file is used
    from cockpit.config.paths import data_dir

    return data_dir() / FILE_NAME


def ask_in_terminal(path: Path, new: bool) -> str:
    """The passphrase, hidden, from the terminal; twice for a new file."""
    if not sys.stdin.isatty():
        fix = f"set ${PASSPHRASE_ENV}, or run the command in a terminal"
        raise CredentialError(
            f"the encrypted secrets file {path} needs its passphrase: {fix}",
            "the encrypted secrets file needs its passphrase",
            fix,
        )
    if not new:
        return getpass.getpass(f"Passphrase for the cockpit's secrets ({path}): ")
    for _ in range(3):
        first = getpass.getpass(f"New passphrase for the cockpit's secrets ({path}): ")
        if first.strip() and first == getpass.getpass("The same passphrase again: "):
            return first
        print("  Empty, or not the same twice; again.", file=sys.stderr)
    raise CredentialError("no passphrase was set; nothing was stored", "no passphrase set")


class FileKeyring(KeyringCredentials):
    """`KeyringCredentials` on the encrypted file, unlocked once per run."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        passphrase: Passphrase = ask_in_terminal,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._path = path
        self._ask = passphrase
        self._environ = os.environ if environ is None else environ
        self._lock = threading.Lock()
        self._ring: Any = None
        self._error: CredentialError | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = secrets_path()
        return self._path

    def exists(self) -> bool:
        """The file has been set up (its passphrase chosen)."""
        return self.path.exists() and self.path.stat().st_size > 0

    def status(self) -> KeyringStatus:
        """What `cockpit doctor` says about it (without asking for the passphrase)."""
        how = f"${PASSPHRASE_ENV}" if self._environ.get(PASSPHRASE_ENV) else "asked each run"
        where = f"in use: an encrypted file, {self.path} ({BACKEND}; passphrase {how})"
        try:
            # lazy: keyrings.alt and its crypto load only for the file backend
            import keyrings.alt.file  # noqa: F401
        except ImportError:
            return KeyringStatus(BACKEND, "fail", f"{where}: keyrings.alt is not installed")
        if not self.exists():
            return KeyringStatus(
                BACKEND,
                "warn",
                f"{where}: not created yet; `cockpit auth jira` (or any SOURCE) creates it",
            )
        return KeyringStatus(BACKEND, "ok", where)

    def unlock(self) -> None:
        """Ask for the passphrase now (before a full-screen app owns the terminal)."""
        self.backend()

    def backend(self) -> Any:
        with self._lock:
            if self._error is not None:
                raise self._error
            if self._ring is None:
                try:
                    self._ring = self._open()
                except CredentialError as exc:
                    self._error = exc
                    raise
            return self._ring

    def _open(self) -> Any:
        # lazy: as above
        from keyrings.alt.file import EncryptedKeyring

        ring = EncryptedKeyring()
        ring.file_path = str(self.path)
        new = not self.exists()
        key = self._environ.get(PASSPHRASE_ENV) or self._ask(self.path, new)
        if new:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            ring._get_new_password = lambda: key  # keyrings.alt asks through getpass
            ring._init_file()  # the check value, the scheme and its version
            return ring
        ring.keyring_key = key
        try:
            seen = ring.get_password(*REFERENCE[:2])
        except (AssertionError, ValueError, UnicodeDecodeError, KeyError):
            seen = None
        if seen != REFERENCE[2]:
            fix = f"check ${PASSPHRASE_ENV}, or start again and type it"
            raise CredentialError(
                f"wrong passphrase for the encrypted secrets file {self.path} "
                f"(or the file is damaged); {fix}",
                f"wrong passphrase for {self.path}",
                fix,
            )
        return ring

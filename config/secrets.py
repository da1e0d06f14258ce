"""The credential store a command uses, as the config chooses it (`keyring`).

Above both stores it picks from: the OS keyring (`credentials.KeyringCredentials`)
and the encrypted file (`file_keyring.FileKeyring`), each behind the COCKPIT_*
environment variables (`credentials.EnvFirstCredentials`).
"""

from __future__ import annotations

from cockpit.config.credentials import EnvFirstCredentials, KeyringCredentials


def default_store(keyring: str = "system") -> EnvFirstCredentials:
    """Environment variables first, then the OS keyring (`keyring = "system"`) or the
    encrypted file (`keyring = "file"`)."""
    if keyring == "file":
        # lazy: the file backend loads only when chosen
        from cockpit.config.file_keyring import FileKeyring

        return EnvFirstCredentials(FileKeyring())
    return EnvFirstCredentials(KeyringCredentials())

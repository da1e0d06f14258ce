"""Where `cockpit init` keeps the secrets it asks for, decided before it asks for any.

With a usable OS keyring, there. Without one (SSH, a headless server, a container)
init says so first and offers what works on that machine: environment variables
(it prints the `export` lines to add, with placeholders, never the secrets) or the
encrypted file keyring behind a passphrase (`--keyring file`, `keyring = "file"`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cockpit.config.credentials import CredentialStore, EnvFirstCredentials, env_var_name
from cockpit.config.prompt import InitAbort, Terminal, reject

CHOICE_HELP = (
    "  env   keep each secret in an environment variable: you get the lines to add to\n"
    "        your shell profile (~/.profile) at the end; nothing is written to disk\n"
    "  file  an encrypted file in the data folder, behind a passphrase you type when\n"
    "        the cockpit starts (or set $COCKPIT_KEYRING_PASSPHRASE)"
)
PLACEHOLDER = {
    "jira": "your Jira API token or personal access token",
    "caldav": "the CalDAV password of {calendar}",
    "ics": "the secret feed URL of {calendar}",
    "google": "the Google refresh token of {calendar}",
    "microsoft": "the Microsoft refresh token of {calendar}",
    "google_client": "the Google client secret of {calendar}",
}


class ExportOnly:
    """Stores nothing: remembers which secrets were given, for the export lines."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def get(self, name: str) -> str | None:
        return None

    def set(self, name: str, value: str) -> None:
        if name not in self.names:
            self.names.append(name)

    def delete(self, name: str) -> None:
        pass

    def from_env(self, name: str) -> str | None:
        return None


@dataclass
class SecretPlan:
    """Where the secrets go: the store init writes to, and what the config says."""

    store: CredentialStore
    keyring: str = "system"
    exports: ExportOnly | None = field(default=None)

    def export_lines(self, environ: EnvFirstCredentials | None = None) -> list[str]:
        """`export VAR='<placeholder>'` for each secret given that is not set already."""
        names = self.exports.names if self.exports is not None else []
        return list(_exports(n for n in names if environ is None or not environ.from_env(n)))


def _exports(names: Iterable[str]) -> Iterable[str]:
    for name in names:
        kind, _, calendar = name.partition(":")
        hint = PLACEHOLDER.get(kind, "the secret").format(calendar=calendar)
        yield f"export {env_var_name(name)}='<{hint}>'"


def plan_secrets(term: Terminal, args: argparse.Namespace) -> SecretPlan:
    """Check the keyring before any secret is asked for; say what happens to them."""
    # lazy: keyring (~40 ms) only once init runs
    from cockpit.config.credentials import keyring_status
    from cockpit.config.secrets import default_store

    if args.keyring == "file":
        return _file_plan(term)
    status = keyring_status()
    if status.level != "fail":
        term.say(f"  Secrets go to the keyring ({status.backend}).")
        return SecretPlan(default_store())
    term.say(
        f"No keyring on this machine ({status.backend}): the secrets asked next "
        "cannot be stored in one."
    )
    if args.keyring == "system":
        raise InitAbort(
            "--keyring system: there is none here; use --keyring file (an encrypted file "
            "behind a passphrase), or leave --keyring out to get the environment variables "
            "to set"
        )
    choice = "env"
    if term.interactive:
        term.say(CHOICE_HELP)
        choice = term.ask(
            "Keep the secrets in",
            "file",
            "Choose env or file (you can change later: `cockpit init --keyring file`).",
            check=lambda v: v if v in ("env", "file") else reject("env or file"),
        )
    if choice == "file":
        return _file_plan(term)
    term.say(
        "  Secrets will not be stored: at the end you get the lines to export "
        "(or run again with --keyring file for an encrypted file)."
    )
    exports = ExportOnly()
    return SecretPlan(EnvFirstCredentials(exports), exports=exports)


def _file_plan(term: Terminal) -> SecretPlan:
    """The encrypted file, unlocked now: its passphrase is the first thing asked."""
    # lazy: as above; keyrings.alt only for the file
    from cockpit.config.credentials import CredentialError
    from cockpit.config.file_keyring import FileKeyring

    def passphrase(path: Path, new: bool) -> str:
        if not term.interactive:
            raise InitAbort(
                "--keyring file: set $COCKPIT_KEYRING_PASSPHRASE to the file's passphrase "
                "(or run init in a terminal to be asked)"
            )
        if not new:
            return term.secret("Passphrase", f"The secrets file {path} exists: its passphrase.")
        explain = f"Secrets go to an encrypted file, {path}. Choose its passphrase."
        for _ in range(3):
            first = term.secret("New passphrase", explain)
            if first == term.secret("The same passphrase again", "Once more, to be sure."):
                return first
            explain = "Not the same twice; choose it again."
        raise InitAbort("no passphrase was set; nothing was written")

    store = FileKeyring(passphrase=passphrase)
    try:
        store.unlock()
    except CredentialError as exc:
        raise InitAbort(str(exc), 1) from None
    term.say(f"  Secrets go to the encrypted file {store.path}.")
    return SecretPlan(EnvFirstCredentials(store), keyring="file")

"""Write a config.toml that cockpit owns (from `cockpit init`): validated, atomic, 0600.

A user's own file is never rewritten silently; `write_config` refuses to replace an
existing file unless told to, and proves the text loads before it lands.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from cockpit.config.credentials import CredentialError, CredentialStore, env_var_name
from cockpit.config.loader import load_config

HEADER = """\
# PM Cockpit configuration, written by `cockpit init` on {day}.
# Secrets are not here: they are in the keyring (`cockpit auth SOURCE`; see `keyring`)
# or in COCKPIT_* environment variables (`cockpit doctor` names them).
# Every key is described in the README; unknown keys are errors.

"""


def render_config(document: Mapping[str, Any]) -> str:
    """The TOML text of `document` with a short header (top-level keys first)."""

    def is_array_of_tables(value: Any) -> bool:
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)

    rest = {k: v for k, v in document.items() if not is_array_of_tables(v)}
    text = tomli_w.dumps(rest)  # plain values first, then the tables
    for key, items in document.items():  # [[calendars]] blocks, as the README shows them
        if is_array_of_tables(items):
            for item in items:
                text += f"\n[[{key}]]\n" + tomli_w.dumps(item)
    return HEADER.format(day=date.today().isoformat()) + text


def write_config(path: Path, document: Mapping[str, Any], *, replace: bool = True) -> Path:
    """Validate and write `document` to `path` atomically with mode 0600.

    The folder is created 0700. Raises FileExistsError when `path` exists and
    `replace` is false, and ConfigError (nothing written) when the document is invalid.
    """
    path = Path(path)
    if path.exists() and not replace:
        raise FileExistsError(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        os.fchmod(fd, 0o600) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(render_config(document))
        load_config(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def store_secrets(store: CredentialStore, secrets: Mapping[str, str]) -> list[str]:
    """Store each secret; a warning line (never the secret) for each that could not be."""
    warnings = []
    for name, value in secrets.items():
        try:
            store.set(name, value)
        except CredentialError as exc:
            var = env_var_name(name)
            advice = "" if var in str(exc) else f" Until then, set ${var} in the environment."
            warnings.append(f"WARN: {exc}.{advice}")
    return warnings

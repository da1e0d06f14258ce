"""The config as `tomllib` last parsed it, kept in the data folder for the app's next start.

Loading `tomllib` and parsing the file are ~2 ms of the full-screen app's start, on
every start, for a file that rarely changes; reading this copy back takes ~0.05 ms
(`json` is loaded anyway). The copy holds the text it was parsed from and is used
only while the file says exactly that: any edit means a fresh parse and a new copy.
It is what the parser returned, before validation, so a copy can never let through
what `load_config` refuses. A document JSON cannot hold (TOML dates and times) is
not copied. Losing the copy, or failing to write it, costs only the parse.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

COPY_NAME = "config-parsed.json"
VERSION = 1


def read_copy(text: str, folder: Path) -> dict[str, Any] | None:
    """The parsed document kept in `folder` for exactly `text`, or None."""
    try:
        kept = json.loads((folder / COPY_NAME).read_bytes())
    except (OSError, ValueError):  # none yet, unreadable, or not JSON
        return None
    if not isinstance(kept, dict) or kept.get("version") != VERSION or kept.get("text") != text:
        return None
    document = kept.get("document")
    return document if isinstance(document, dict) else None


def keep_copy(text: str, document: dict[str, Any], folder: Path) -> None:
    """Keep `document` (parsed from `text`) in `folder`, replacing the last copy at once."""
    try:
        body = json.dumps({"version": VERSION, "text": text, "document": document})
    except (TypeError, ValueError):  # a TOML date or time
        return
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".config-parsed-")
    except OSError:  # a read-only or missing folder: no copy, the next start parses again
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(body)
        os.replace(temp, folder / COPY_NAME)
    except OSError:
        Path(temp).unlink(missing_ok=True)

"""What the user reads when something breaks that nobody expected: one line, and the
traceback in a private file for a bug report (without local variables, which may
hold a note's text or a token)."""

from __future__ import annotations

import sys
import tempfile
import traceback

SAFE_NOTE = "Your notes are safe in the local store."


def write_report(exc: BaseException) -> str:
    """The traceback of `exc` in a new private file (0600); its path."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="cockpit-crash-", suffix=".txt", delete=False
    ) as report:
        traceback.print_exception(exc, file=report)
    return report.name


def describe(exc: BaseException) -> str:
    """One line for the user: a store failure says itself (it names the file and
    what to do); anything else is an unexpected error with a crash file."""
    store = sys.modules.get("cockpit.store.db")
    if store is not None and isinstance(exc, store.StoreError):
        return f"cockpit: {exc}"
    reason = str(exc).splitlines()[0] if str(exc) else ""
    return (
        f"cockpit: unexpected error ({type(exc).__name__}: {reason}); "
        f"details in {write_report(exc)}. {SAFE_NOTE}"
    )

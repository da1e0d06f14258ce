"""Unexpected errors (bugs, bodies nobody expected): one line for the user, the rest in a file.

`crash_report` keeps the traceback in a private temporary file for a bug report,
without local variables (they may hold a note's text or a token); `unexpected_error`
is the sentence a pane or the status line shows; `describe` is the line the shell or
the closing app prints.
"""

from __future__ import annotations

import sys
import tempfile
import traceback

from cockpit.textsafe import plain

SAFE_NOTE = "Your notes are safe in the local store."


def crash_report(exc: BaseException) -> str:
    """Write `exc`'s traceback to a new private file (0600) and return its path."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="cockpit-crash-", suffix=".txt", delete=False
    ) as report:
        traceback.print_exception(exc, file=report)
    return report.name


def reason_of(exc: BaseException) -> str:
    """`KeyError 'fields'`: the exception's type and the first line of its text."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return plain(f"{type(exc).__name__} {text[:160]}".strip())


def unexpected_error(exc: BaseException, where: str) -> str:
    """'unexpected error in Jira refresh: KeyError 'fields'; details in /tmp/cockpit-crash-…'."""
    return f"unexpected error in {where}: {reason_of(exc)}; details in {crash_report(exc)}"


def describe(exc: BaseException) -> str:
    """One line for the user: a store failure says itself (it names the file and
    what to do); anything else is an unexpected error with a crash file."""
    store = sys.modules.get("cockpit.store.db")
    if store is not None and isinstance(exc, store.StoreError):
        return f"cockpit: {plain(str(exc))}"
    return (
        f"cockpit: unexpected error ({reason_of(exc)}); details in {crash_report(exc)}. {SAFE_NOTE}"
    )

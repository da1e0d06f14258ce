"""Unexpected errors (bugs, bodies nobody expected): one line for the user, the rest in a file.

`crash_report` keeps the traceback in a temporary file for a bug report;
`unexpected_error` is the sentence a pane, the status line or the shell shows.
"""

from __future__ import annotations

from cockpit.textsafe import plain


def crash_report(exc: BaseException) -> str:
    """Write `exc`'s traceback to a new file and return its path."""
    import tempfile
    import traceback

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

"""Questions in the terminal for `cockpit init` and `cockpit auth`: defaults, one-line help.

`Terminal` wraps `input`, `getpass` and `print` so tests can script the answers.
In non-interactive mode every question is an error naming the flag to pass.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import NoReturn, TextIO


class InitAbort(Exception):
    """Stop a setup command with one line for the user (never a secret) and a status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def split_list(value: str) -> list[str]:
    """An answer such as "PAY, gro plat" as its items."""
    return [v.strip() for v in value.replace(" ", ",").split(",") if v.strip()]


def reject(message: str) -> NoReturn:
    """Raise ValueError(message): a `check=` that refuses an answer, inside a lambda."""
    raise ValueError(message)


class Terminal:
    """Asks questions with a default and a one-line explanation; validates answers."""

    def __init__(
        self,
        *,
        interactive: bool = True,
        input_fn: Callable[[str], str] = input,
        secret_fn: Callable[[str], str] = getpass.getpass,
        out: Callable[[str], object] = print,
        stdin: TextIO | None = None,
    ) -> None:
        self.interactive = interactive
        self.input_fn = input_fn
        self.secret_fn = secret_fn
        self.out = out
        self.stdin = stdin

    def say(self, text: str) -> None:
        self.out(text)

    def ask(
        self,
        question: str,
        default: str | None,
        explain: str,
        *,
        check: Callable[[str], object] | None = None,
        flag: str | None = None,
    ) -> str:
        """Ask until the answer passes `check` (which raises ValueError with the reason).

        `default` None means an answer is required; "" means Enter gives an empty answer.
        Non-interactive, the default is taken; without one, InitAbort names `flag`.
        """
        if not self.interactive:
            if default is not None:
                return default
            hint = f"pass {flag}" if flag else "see --help"
            raise InitAbort(f"{question}: no answer given (non-interactive: {hint})")
        self.out(f"\n{explain}")
        shown = f" [{default}]" if default else ""
        while True:
            answer = self.input_fn(f"{question}{shown}: ").strip()
            if not answer:
                if default is None:
                    self.out("  An answer is needed here.")
                    continue
                answer = default
            if check is not None:
                try:
                    check(answer)
                except ValueError as exc:
                    self.out(f"  {exc}")
                    continue
            return answer

    def secret(self, question: str, explain: str) -> str:
        """A hidden answer (never echoed, never printed back)."""
        if not self.interactive:
            raise InitAbort(f"{question}: no answer given (non-interactive; see --help)")
        self.out(f"\n{explain}")
        while True:
            value = self.secret_fn(f"{question}: ").strip()
            if value:
                return value
            self.out("  An answer is needed here.")

    def confirm(self, question: str, default: bool, explain: str | None = None) -> bool:
        """Yes or no; Enter gives `default`."""
        if explain:
            self.out(f"\n{explain}")
        hint = "Y/n" if default else "y/N"
        while True:
            answer = self.input_fn(f"{question} [{hint}]: ").strip().lower()
            if not answer:
                return default
            if answer in ("y", "yes", "n", "no"):
                return answer.startswith("y")
            self.out("  Answer y or n.")

    def stdin_line(self, missing: str) -> str:
        """The next line of standard input (scripted secrets), or InitAbort(missing)."""
        line = (self.stdin or sys.stdin).readline().strip()
        if not line:
            raise InitAbort(missing)
        return line

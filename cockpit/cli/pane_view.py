"""`cockpit pane TITLE [--json]`: the headless twin of a custom pane (`[[panes]]`).

It runs the pane's JQL through the same workspace as the app and prints the same
table; `--json` gives the `blocked` issue fields plus `columns` (name -> text shown).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from cockpit.cli.main import Subparsers
    from cockpit.sync.workspace import Workspace


def register(commands: Subparsers, run: Callable[[argparse.Namespace], int]) -> None:
    """Add `cockpit pane`; `run` is `cockpit.cli.main.run_pane`."""
    pane = commands.add_parser(
        "pane",
        help="print a pane of your own ([[panes]] in config.toml)",
        description="Print a pane from your own JQL ([[panes]] in config.toml), by its title.",
    )
    pane.add_argument(
        "title", metavar="TITLE", help='the pane\'s title, e.g. "Production incidents"'
    )
    pane.add_argument("--json", action="store_true", help="a JSON list of objects")
    pane.set_defaults(run=run)


async def print_pane(
    workspace: Workspace, title: str, *, as_json: bool = False, out: TextIO | None = None
) -> int:
    """Fetch one custom pane and print it; 2 for an unknown title, 1 when Jira fails."""
    from cockpit.domain.pane_table import custom_table, pane_to_json
    from cockpit.domain.present import format_table
    from cockpit.models import Issue
    from cockpit.runtime.crash import unexpected_error
    from cockpit.sources.errors import SourceError
    from cockpit.sync.custom_panes import fetch_pane, find_pane
    from cockpit.textsafe import plain, terminal_safe_json

    out = out or sys.stdout
    pane = None
    try:
        pane = find_pane(workspace, title)
        if pane is None:
            known = ", ".join(f'"{p.title}"' for p in workspace.panes) or "none configured"
            print(
                f"cockpit: no pane titled {title!r} ([[panes]] in config.toml: {known})",
                file=sys.stderr,
            )
            return 2
        data = await fetch_pane(workspace, pane)
        table = custom_table(
            data.headers, pane.columns, [(i.issue, i.cells) for i in data.items], workspace.today()
        )
        if as_json:
            shown = [
                pane_to_json(row.ref, dict(zip(pane.columns, row.cells, strict=True)))
                for row in table.rows
                if isinstance(row.ref, Issue)
            ]
            out.write(terminal_safe_json(shown) + "\n")
        else:
            out.write(format_table(table) + "\n")
        return 0
    except SourceError as exc:
        print(f"cockpit: {pane.title if pane else title}: {plain(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug or an answer nobody expected: one line, details in a file
        print(f"cockpit: {unexpected_error(exc, 'Jira refresh')}", file=sys.stderr)
        return 1
    finally:
        await workspace.aclose()

"""The board view (V): the current board's columns side by side, from the board's own
configuration, each with its issues in rank order and its WIP limit; a column over
its limit is marked. Read-only for now (moving issues between columns is not here).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cockpit.sync.boards import BoardView, ViewColumn
from cockpit.textsafe import plain

SHOWN = 200
"""Issues listed per column; the header still counts them all."""


def column_header(column: ViewColumn) -> str:
    """ "4/3 OVER In Progress" (count / WIP limit), "12 Done" without a limit: the
    counts first, so a narrow column cuts the name, never the limit."""
    limit = f"/{column.max}" if column.max is not None else ""
    over = " OVER" if column.over else ""
    return f"{len(column.issues)}{limit}{over} {plain(column.name)}"


def column_text(column: ViewColumn) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for issue in column.issues[:SHOWN]:
        text.append(f"{issue.key} ", style="bold")
        text.append(f"{plain(issue.summary)}\n")
    if len(column.issues) > SHOWN:
        text.append(f"... and {len(column.issues) - SHOWN} more\n", style="italic")
    if not column.issues:
        text.append("(empty)", style="italic")
    return text


class BoardViewScreen(ModalScreen[None]):
    """The columns of one board."""

    CSS_PATH = "board_view.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,V", "dismiss(None)", "Close", id="close_board"),
    ]

    def __init__(self, view: BoardView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        board = self.view.board
        with VerticalScroll(id="board-body") as body:
            body.border_title = f"{plain(board.name)} ({board.type or 'board'}) · board {board.id}"
            body.border_subtitle = "esc closes"
            with Horizontal(id="board-columns"):
                for column in self.view.columns:
                    card = Static(column_text(column), classes="board-column", markup=False)
                    card.border_title = column_header(column)
                    card.set_class(column.over, "-over")
                    yield card

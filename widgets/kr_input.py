"""A small modal asking for a tracked number's new value (`e` on the Roadmap screen)."""

from __future__ import annotations

import math
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from cockpit.domain.roadmap import KeyResult
from cockpit.textsafe import plain


class NumberInput(ModalScreen[float | None]):
    """Dismissed with the number typed, or None (escape)."""

    CSS_PATH = "roadmap_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_kr"),
    ]

    def __init__(self, kr: KeyResult) -> None:
        super().__init__()
        self.kr = kr

    def compose(self) -> ComposeResult:
        kr = self.kr
        now = "not set" if kr.current is None else f"{kr.current:g}"
        with Vertical(id="kr-box"):
            yield Label(plain(kr.title), id="kr-title", markup=False)
            yield Label(f"now {now}; from {kr.start:g} to {kr.target:g}", markup=False)
            yield Input(placeholder="new value, e.g. 3.3", id="kr-value")
            yield Label("", id="kr-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            value = float(event.value.strip().rstrip("%").replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.query_one("#kr-error", Label).update("Type a number, e.g. 3.3")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

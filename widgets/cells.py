"""Fitting text into terminal cells, shared by the panes."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"
"""What ends a cut text."""


def fit(text: str, width: int, *, right: bool = False) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis."""
    if width <= 0:
        return ""
    length = len(text) if text.isascii() else cell_len(text)
    if length <= width:
        pad = " " * (width - length)
        return pad + text if right else text + pad
    if text.isascii():
        return text[: width - 1] + ELLIPSIS
    return set_cell_size(text, width - 1) + ELLIPSIS

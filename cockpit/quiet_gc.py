"""Keep Python's cyclic garbage collector from stalling the UI while big data lands.

A 50,000-issue backlog is about half a million objects; a full collection pass
over them takes ~0.2 s on the event loop, which a keystroke would feel. While
any refresh runs, the collector waits; when the last one ends, what survived is
frozen (moved out of the collector's sight: issues and meetings hold no
cycles, and reference counting still frees them when a newer refresh replaces
them).
"""

from __future__ import annotations

import gc
from types import TracebackType


class QuietGC:
    """A re-entrant context: collector off while at least one holder is inside."""

    def __init__(self) -> None:
        self.depth = 0

    def __enter__(self) -> QuietGC:
        if self.depth == 0:
            gc.disable()
        self.depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.depth -= 1
        if self.depth == 0:
            settle()


def settle() -> None:
    """Freeze what is alive now and let the collector run again."""
    gc.freeze()
    gc.enable()


QUIET = QuietGC()
"""The process's one instance: the collector is process-wide, so is its pause."""

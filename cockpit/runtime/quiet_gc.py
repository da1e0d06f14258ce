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
    """A re-entrant context: collector off while at least one holder is inside.

    Start-up is a holder too (`hold_for_start` .. `release_start`): importing
    Textual and building the first frame make ~10^5 objects, and the collections
    they trigger cost ~30 ms before anything is on screen.
    """

    def __init__(self) -> None:
        self.depth = 0
        self._start_held = False

    def hold_for_start(self) -> None:
        """Collector off until `release_start` (call before the heavy imports)."""
        if not self._start_held:
            self._start_held = True
            self.__enter__()

    def release_start(self) -> None:
        """The first frame is up: let go of the start's hold (a no-op without one)."""
        if self._start_held:
            self._start_held = False
            self.__exit__(None, None, None)

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

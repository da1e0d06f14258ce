"""Let the event loop win the GIL back quickly from busy worker threads.

While a refresh runs, worker threads (the ICS parse, saving the backlog) run Python
code beside the event loop. CPython makes a thread that holds the GIL give it up
only after a waiting thread has waited the switch interval (5 ms by default), and
the loop thread gives the GIL up at every select() and socket call, so each of its
steps waits up to an interval, several times over: a backlog page step of ~6 ms of
CPU took ~40 ms while the ICS parse ran, ~15 ms at a 1 ms interval. The worker
threads lose nothing that matters (their work is not latency-bound).
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the GIL while another waits (CPython's default: 0.005)."""


def quicken_thread_switches(interval: float = SWITCH_INTERVAL) -> float:
    """Lower the interpreter's GIL switch interval to `interval` (never raise it).

    Process-wide; call once when the app starts. Returns the previous interval.
    """
    previous = sys.getswitchinterval()
    if interval < previous:
        sys.setswitchinterval(interval)
    return previous

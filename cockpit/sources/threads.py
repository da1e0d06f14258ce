"""CPU-bound work (calendar parsing and expansion) off the event loop, never outliving it.

`asyncio.to_thread` runs work in the loop's pool, whose threads are joined when the
loop closes: a parse still running when the user quits kept the process (and a
core) busy until it finished. `run_stoppable` runs the work in a daemon thread and
hands it a `stop` event that is set when the awaiting task is cancelled (a new
refresh, the app quitting); the work checks it between pieces and gives up.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Stopped(Exception):
    """Raised by work that saw `stop` set: nobody wants its result any more."""


async def run_stoppable(work: Callable[[threading.Event], T], name: str = "cockpit-parse") -> T:
    """`work(stop)` in a daemon thread; cancelling the caller sets `stop`."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()
    stop = threading.Event()

    def deliver(result: T) -> None:
        if not future.done():
            future.set_result(result)

    def fail(error: BaseException) -> None:
        if not future.done():
            future.set_exception(error)

    def run() -> None:
        try:
            result = work(stop)
        except BaseException as exc:  # handed to the awaiting task, which re-raises it
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
                loop.call_soon_threadsafe(fail, exc)
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(deliver, result)

    threading.Thread(target=run, name=name, daemon=True).start()
    try:
        return await future
    finally:
        stop.set()  # done, failed or cancelled: any work still going gives up

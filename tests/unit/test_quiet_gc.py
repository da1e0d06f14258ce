"""QuietGC: the cyclic collector waits while refreshes run, and through start-up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from cockpit.runtime.quiet_gc import QuietGC


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_a_refresh_inside_the_start_hold_does_not_end_it() -> None:
    quiet = QuietGC()
    quiet.hold_for_start()
    quiet.hold_for_start()  # once only
    assert not gc.isenabled()
    with quiet:  # a refresh (or the paint from the store) during start-up
        assert not gc.isenabled()
    assert not gc.isenabled(), "the start is not over yet"
    quiet.release_start()
    assert gc.isenabled() and gc.get_freeze_count() > 0  # what start made is frozen


def test_releasing_without_a_hold_changes_nothing() -> None:
    quiet = QuietGC()
    quiet.release_start()
    assert gc.isenabled() and quiet.depth == 0
    with quiet:
        quiet.release_start()  # the app's call, in a test that never held the start
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_start_hold_outlives_a_refresh_that_began_before_it_ended() -> None:
    quiet = QuietGC()
    quiet.hold_for_start()
    quiet.__enter__()  # a refresh starts
    quiet.release_start()  # first frame drawn
    assert not gc.isenabled(), "the refresh still runs"
    quiet.__exit__(None, None, None)
    assert gc.isenabled()

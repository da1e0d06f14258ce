"""The GIL switch interval is lowered for the event loop's sake, never raised."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from cockpit.runtime.loop_latency import SWITCH_INTERVAL, quicken_thread_switches


@pytest.fixture(autouse=True)
def restore_interval() -> Iterator[None]:
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


def test_the_default_interval_is_lowered_and_the_previous_returned() -> None:
    sys.setswitchinterval(0.005)
    assert quicken_thread_switches() == pytest.approx(0.005)
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
    assert SWITCH_INTERVAL < 0.005


def test_a_lower_interval_already_set_is_kept() -> None:
    sys.setswitchinterval(0.0005)
    assert quicken_thread_switches(0.001) == pytest.approx(0.0005)
    assert sys.getswitchinterval() == pytest.approx(0.0005)

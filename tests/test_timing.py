"""tests/timing.py counts the work a thread does, not the time it waits for the machine."""

from __future__ import annotations

import threading
import time

from tests.timing import cpu_timed


def _busy(seconds: float) -> int:
    end, n = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        n += 1
    return n


def test_waiting_is_not_counted() -> None:
    result, seconds = cpu_timed(time.sleep, 0.3)
    assert result is None and seconds < 0.1


def test_work_is_counted_and_the_result_returned() -> None:
    n, seconds = cpu_timed(_busy, 0.3)
    assert n > 0 and seconds > 0.05


def test_other_threads_busy_meanwhile_are_not_counted() -> None:
    other = threading.Thread(target=_busy, args=(0.4,))
    other.start()
    _, seconds = cpu_timed(time.sleep, 0.3)
    other.join()
    assert seconds < 0.1

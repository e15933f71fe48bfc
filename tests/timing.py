"""Time budgets for tests that hold on a loaded machine: CPU seconds, not wall seconds.

A render or a parse that must finish "within 2 s" is measured in the CPU time of the
thread doing it (``time.thread_time``): the work an exponential blow-up would add shows in
full, while the waiting a busy machine adds (other processes on the cores, eight engineers
running tests at once) does not. The budgets themselves stay what the product promises.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def cpu_timed(fn: Callable[..., T], *args: object, **kwargs: object) -> tuple[T, float]:
    """``fn(*args, **kwargs)`` and the CPU seconds this thread spent in it."""
    start = time.thread_time()
    result = fn(*args, **kwargs)
    return result, time.thread_time() - start


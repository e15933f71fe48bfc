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





class CoreWaits:
    """Seconds some threads of this process have spent runnable but waiting for a CPU,
    added up (Linux's ``/proc/self/task/TID/schedstat`` run delay; 0 where it is missing).

    A stall measured on the UI thread, minus the growth of this figure for the UI thread and
    the thread it waits for (the GIL's holder), is the stall the program caused: a busy
    machine that keeps either off the cores adds to both and cancels out.
    """

    def __init__(self, *native_ids: int | None) -> None:
        import threading

        self._start: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self.watch(*(native_ids or (threading.get_native_id(),)))

    def watch(self, *native_ids: int | None) -> None:
        """Count these threads too, from now on."""
        for tid in native_ids:
            if tid is not None and tid not in self._start:
                self._start[tid] = self._last[tid] = _run_delay(tid)

    def seconds(self) -> float:
        """The total since each thread was first watched (one that ended keeps its figure)."""
        for tid in self._last:
            self._last[tid] = _run_delay(tid, self._last[tid])
        return sum(self._last[tid] - self._start[tid] for tid in self._last)


def _run_delay(native_id: int, otherwise: float = 0.0) -> float:
    """A thread's run delay in seconds (``otherwise`` when the system does not say)."""
    try:
        with open(f"/proc/self/task/{native_id}/schedstat", "rb") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):  # no schedstat, or the thread has ended
        return otherwise

"""Process memory: freed heap that start-up and rendering leave resident, given back, and
the long-lived objects kept out of the cyclic garbage collector's way while the writer types.

Qt, Chromium's browser side and CPython's larger objects all allocate with malloc; what
they free inside glibc's arenas stays resident (glibc returns only the top of an arena by
itself): 10-15 MB of the process's PSS after start-up, more after each render of a long
post (measured with /proc/PID/smaps_rollup, see benchmarks/RESULTS-window.md).
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

__all__ = ["HeapTrimmer", "limit_malloc_arenas", "release_freed_heap", "settle_garbage"]

#: After the last preview update, how long the process must be quiet before the heap is
#: trimmed: a typing burst re-renders every ~100 ms, and a trim should come after it.
SETTLE_MS = 1000


#: glibc's malloc arenas per process (see :func:`limit_malloc_arenas`).
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # mallopt's parameter number (glibc's malloc.h)


def limit_malloc_arenas(count: int = MALLOC_ARENAS) -> bool:
    """Let glibc's malloc keep at most ``count`` arenas in this process and in the
    QtWebEngine processes it starts later (call before they and their threads start).

    glibc gives a thread that finds the arenas busy one of its own, up to eight per core:
    Chromium's browser threads in our process (IO, compositor, network, storage…) each
    allocate a little and leave a partly used arena behind, freed holes and all; its
    helper processes do the same. Two arenas are enough for a process with one busy
    thread at a time: ~1.5 MB less PSS in the window and ~0.8 MB in the helpers
    (benchmarks/pss_tree.py). Returns whether this process's malloc took the limit; the
    helpers read ``MALLOC_ARENA_MAX``, which is left alone when it is already set.
    """
    os.environ.setdefault("MALLOC_ARENA_MAX", str(count))
    import ctypes  # (see _libc)

    mallopt = _libc("mallopt", [ctypes.c_int, ctypes.c_int])
    return mallopt is not None and bool(mallopt(_M_ARENA_MAX, count))


def _libc(name: str, argtypes: list[Any]) -> Any:
    """glibc's function ``name`` (returning an int), or None on another C library or system
    (musl and others have no ``mallopt`` or ``malloc_trim``)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # first needed once the window has painted, not before its first frame

    try:
        function = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = argtypes
    function.restype = ctypes.c_int
    return function


def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None (another C library, another system)."""
    import ctypes  # (see _libc)

    return _libc("malloc_trim", [ctypes.c_size_t])


def release_freed_heap() -> bool:
    """Give the pages of freed heap memory back to the system (``malloc_trim(0)``).

    glibc returns only the top of each arena by itself; the holes that start-up and each
    render leave inside stay resident. Trimming walks the arenas and drops the free pages
    (~1 ms for a 120 MB heap; nothing moves, so nothing else notices). Returns whether
    memory was released (False also where there is no glibc).
    """
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


def settle_garbage() -> None:
    """Collect cyclic garbage now, then set every object still alive aside (``gc.freeze``).

    While the writer types, each keystroke's render allocates, and now and then CPython's
    collector walks its oldest generation: every object of the process (the post, the
    document, Qt's wrappers, the modules), ~10 ms on whichever thread allocates, the UI's
    or the preview's (it holds the GIL meanwhile): the longest typing stall in a 1 MB post.
    Frozen objects are left out of those walks. They are still freed by reference counting,
    and the next settle unfreezes them first, so garbage cycles among them (a post closed
    since) are collected then.

    The source lines ``linecache`` keeps go too: PySide6's import hook reads every module
    imported before Dateline replaces it (0.2 MB of text nothing reads again; a traceback
    reads its lines anew).
    """
    import linecache

    linecache.clearcache()
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class HeapTrimmer(QObject):
    """Settles the garbage and trims the heap once the preview has been quiet for
    :data:`SETTLE_MS` (:func:`settle_garbage`, then :func:`release_freed_heap`).

    Call :meth:`poke` after each preview update (and once start-up is done); bursts of
    updates while typing postpone the trim until the writer pauses. ``settled`` is emitted
    after each trim: the process is quiet.
    """

    settled = Signal()

    def __init__(self, parent: QObject | None = None, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        #: How many trims ran (tests and benchmarks read it).
        self.trims = 0

    def poke(self) -> None:
        """Something was rendered: trim when things are quiet again."""
        self._timer.start()

    @property
    def pending(self) -> bool:
        """Whether a trim is waiting for the quiet period to end."""
        return self._timer.isActive()

    def _on_timer_timeout(self) -> None:
        settle_garbage()
        release_freed_heap()
        self.trims += 1
        self.settled.emit()

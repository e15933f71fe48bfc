"""What the process gives back: the heap pages freed memory leaves resident."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from editor.services.memory import HeapTrimmer, release_freed_heap

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and /proc")


def _anon_kb() -> int:
    for row in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if row.startswith("Anonymous:"):
            return int(row.split()[1])
    raise AssertionError("no Anonymous row in smaps_rollup")


@linux
def test_trimming_gives_freed_heap_back() -> None:
    # 40 MB in 64 kB blocks (below glibc's mmap threshold: in the heap), all freed but the
    # last, which keeps glibc from returning them by itself from the top of the heap.
    blocks = [bytes(64 * 1024) for _ in range(640)]
    keep = blocks.pop()
    del blocks
    before = _anon_kb()
    assert release_freed_heap()
    assert before - _anon_kb() > 20 * 1024
    assert keep


def test_trimmer_trims_once_the_updates_stop(qtbot: Any) -> None:
    trimmer = HeapTrimmer(settle_ms=50)
    for _ in range(3):
        trimmer.poke()
    assert trimmer.trims == 0
    qtbot.waitUntil(lambda: trimmer.trims == 1, timeout=5000)
    assert not trimmer.pending  # one trim for the burst, none left to come


def test_settling_collects_old_cycles_and_sets_the_living_aside(qtbot: Any) -> None:
    """After a settle the collector's walks leave the objects alive then out; cycles that were
    garbage are freed at that settle, and ones among set-aside objects at the next."""
    import gc
    import weakref

    class Node:
        pass

    def cycle() -> weakref.ref[Node]:
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        return weakref.ref(a)

    try:
        garbage = cycle()  # unreachable already: freed by the settle's collection
        alive = Node()
        alive.self = alive  # type: ignore[attr-defined]
        gone_later = weakref.ref(alive)
        trimmer = HeapTrimmer(settle_ms=10)
        trimmer.poke()
        qtbot.waitUntil(lambda: trimmer.trims == 1, timeout=5000)
        assert garbage() is None
        assert gc.get_freeze_count() > 1000  # the living, set aside
        del alive  # a cycle among the frozen: not collected while frozen...
        gc.collect()
        assert gone_later() is not None
        trimmer.poke()  # ...but at the next settle
        qtbot.waitUntil(lambda: trimmer.trims == 2, timeout=5000)
        assert gone_later() is None
    finally:
        gc.unfreeze()


"""The window's heap care (editor.app.add_heap_trimmer) waits for the writer to stop."""

from __future__ import annotations

from typing import Any


def test_the_window_settles_only_once_the_writer_stops_typing(
        make_window: Any, qtbot: Any) -> None:
    """The settle (a full collection, ~10 ms) must not land between two keystrokes."""
    import gc

    from PySide6.QtTest import QTest

    from editor.app import add_heap_trimmer

    window = make_window()
    trimmer = add_heap_trimmer(window)
    trimmer._timer.setInterval(150)
    try:
        window.editor.setFocus()
        trimmer.poke()  # a render just ended: the settle is due in 150 ms...
        for _ in range(8):  # keys 60 ms apart: each postpones the settle
            QTest.keyClick(window.editor, "x")
            qtbot.wait(60)
            assert trimmer.trims == 0
        qtbot.waitUntil(lambda: trimmer.trims == 1, timeout=5000)
    finally:
        gc.unfreeze()


def test_settling_drops_the_source_lines_linecache_kept() -> None:
    """PySide6's import hook read the source of every module imported before Dateline
    replaced it (linecache keeps the text: 0.2 MB); a settle lets it go."""
    import gc
    import linecache

    from editor.services import memory

    linecache.getlines(memory.__file__)
    assert memory.__file__ in linecache.cache
    try:
        memory.settle_garbage()
    finally:
        gc.unfreeze()
    assert memory.__file__ not in linecache.cache

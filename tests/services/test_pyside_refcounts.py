"""Guards against the PySide6 bug that made 6.12.0 unusable: signals losing references.

PySide6 6.12.0 on Python 3.11 takes a reference away from ``True`` on every
``emit()`` and from ``None`` on every Python slot call, and the interpreter aborts
("Fatal Python error: bool_dealloc") after a few hundred keystrokes. pyproject.toml
excludes that release; these tests fail if an installed PySide6 has the bug again.
"""

from __future__ import annotations

import sys


def emit_drops_a_reference_to_true() -> bool:
    """Whether ``SignalInstance.emit()`` returns ``True`` without owning a reference.

    PySide6 6.12.0 does: every ``emit()`` from Python code takes one reference
    away from ``True``. On Python 3.11, where ``True`` is an ordinary object,
    the process aborts ("Fatal Python error: bool_dealloc") after a few
    thousand emits: in the window, after typing about 700 characters.
    (Python 3.12 made ``True`` immortal, so it is harmless there.)
    """
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        pinged = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.pinged.emit()
    return sys.getrefcount(True) < before


def slot_call_drops_a_reference_to_none() -> bool:
    """Whether a Python slot called from a C++ signal takes a reference away from ``None``.

    PySide6 6.12.0 does (a slot returning None, the usual case), with the same
    fatal result as :func:`emit_drops_a_reference_to_true` ("none_dealloc").
    """
    from PySide6.QtCore import QObject

    probe = QObject()
    probe.objectNameChanged.connect(lambda _name: None)
    before = sys.getrefcount(None)
    for i in range(8):
        probe.setObjectName(str(i))
    return sys.getrefcount(None) < before


def test_emit_keeps_its_reference_to_true() -> None:
    assert not emit_drops_a_reference_to_true()


def test_slot_calls_keep_their_reference_to_none(qapp: object) -> None:
    assert not slot_call_drops_a_reference_to_none()

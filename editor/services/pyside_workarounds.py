"""Work-arounds for bugs in the PySide6 release Dateline runs on (each one self-detecting)."""

from __future__ import annotations

import sys

__all__ = [
    "apply_workarounds", "emit_drops_a_reference_to_true", "slot_call_drops_a_reference_to_none",
]

_applied = False


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


def apply_workarounds() -> None:
    """Apply every needed work-around once, before the application emits signals."""
    global _applied
    if _applied:
        return
    _applied = True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    leaky = [obj for obj, probe in ((True, emit_drops_a_reference_to_true),
                                    (None, slot_call_drops_a_reference_to_none)) if probe()]
    if leaky:
        import ctypes

        for obj in leaky:
            # Give the object so many references (2**40) that the lost ones can
            # never exhaust them: what Python 3.12 does by making True and None
            # immortal. ob_refcnt is the first field of every CPython object.
            ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40

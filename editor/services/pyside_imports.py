"""PySide6's per-import source scan, skipped: Dateline never selects a ``__feature__``.

Once PySide6 is imported, every later ``import`` statement runs its hook
``shibokensupport.feature.feature_imported``, which decides whether a newly imported module
may use ``from __feature__ import snake_case, true_property`` by reading the module's whole
source (``inspect.getsource``) and looking for "PySide6" in it. That is ~13 ms of file reads
before Dateline's window exists (every module of ours, of PyYAML, of the standard library
imported after Qt). Dateline selects no feature anywhere, so each module gets PySide's
default selection (0, none), which is what the scan gives a module that names PySide6, and
what a module that does not is left with too (-1 keeps the selection in force, 0).

This is a private PySide6 module, so the replacement is guarded: applied only when the hook
is there with the expected name; a PySide6 without it is left alone.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs PySide6's import hook this module trims)

HOOK_MODULE = "shibokensupport.feature"
HOOK_NAME = "_mod_uses_pyside"


def _no_feature_selected(module: ModuleType) -> bool:
    """Every module is a PySide6 module with no feature selected (no source read)."""
    return True


def skip_source_scan() -> bool:
    """Make PySide6's import hook stop reading each imported module's source.

    Returns whether the hook is (now) replaced; False when this PySide6 has no such hook.
    """
    feature = sys.modules.get(HOOK_MODULE)
    if feature is None or not callable(getattr(feature, HOOK_NAME, None)):
        return False
    setattr(feature, HOOK_NAME, _no_feature_selected)
    return True


def source_scan_skipped() -> bool:
    """Whether :func:`skip_source_scan` is in force."""
    feature = sys.modules.get(HOOK_MODULE)
    return getattr(feature, HOOK_NAME, None) is _no_feature_selected

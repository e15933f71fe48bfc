"""How Dateline imports PySide6: its support package compiled once, not at every start, and
without its per-import source scan (Dateline never selects a ``__feature__``).

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

Importing PySide6 also loads its support package (``shibokensupport``: signatures, the
feature switch) from a zip embedded in ``Shiboken.abi3.so``, compiling its ~150 kB of
Python source at every start (~16 ms, before the window exists), since nothing caches the
bytecode of a module that is not a file. :func:`cached_support_code` keeps those compiled
code objects in Dateline's cache folder, as Python keeps ``__pycache__``: the next start
unmarshals them (~0.5 ms). A cached entry is used only for the very source it was compiled
from, by this Python (its bytecode magic number); anything else is compiled as before.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

from editor.services.startup_cache import cache_file, read_cache, write_cache

#: The support package's modules, as its embedded importer names their sources.
SUPPORT_PREFIX = "shibokensupport/"
#: The module that loads the package, embedded beside it (compiled the same way, ~1.2 ms).
SUPPORT_BOOTSTRAP = "signature_bootstrap.py"
#: Counts of the last :func:`cached_support_code`: modules taken from the cache, compiled.
last_support_code = {"cached": 0, "compiled": 0}


def support_code_cache() -> Path:
    """The file that keeps the compiled support package (one per Python bytecode version)."""
    return cache_file("pyside-support")


@contextmanager
def cached_support_code(path: Path | None = None) -> Iterator[None]:
    """While the block imports PySide6, compile its support package from ``path``'s cache
    (default :func:`support_code_cache`) and keep what had to be compiled for next time.

    Only ``compile(source, "shibokensupport/…", "exec")`` calls (and the bootstrap's,
    :data:`SUPPORT_BOOTSTRAP`) are answered from the cache,
    and only with code compiled from that same source; ``builtins.compile`` is itself again
    when the block ends.
    """
    path = support_code_cache() if path is None else path
    cached = read_cache(path)
    used: dict[str, tuple[bytes, CodeType]] = {}
    counts = {"cached": 0, "compiled": 0}
    real = builtins.compile

    def compile_support(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if (args or kwargs or mode != "exec" or not isinstance(source, bytes)
                or not isinstance(filename, str)
                or not (filename.startswith(SUPPORT_PREFIX) or filename == SUPPORT_BOOTSTRAP)):
            return real(source, filename, mode, *args, **kwargs)
        entry = cached.get(filename)
        if entry is not None and entry[0] == source and isinstance(entry[1], CodeType):
            counts["cached"] += 1
        else:
            entry = (source, real(source, filename, mode))
            counts["compiled"] += 1
        used[filename] = entry
        return entry[1]

    builtins.compile = compile_support
    try:
        yield
    finally:
        builtins.compile = real
        last_support_code.update(counts)
        if counts["compiled"]:
            write_cache(path, used)


with cached_support_code():
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

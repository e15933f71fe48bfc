"""What Python recomputes at every start and Dateline keeps between starts instead.

Python keeps a module's compiled bytecode in ``__pycache__``, but other code it compiles at
each start is never kept: the source of PySide6's support package, which is embedded in
Shiboken rather than in files (see :mod:`editor.services.pyside_imports`, which keeps it with
:func:`read_cache` and :func:`write_cache`), the functions ``@dataclass`` writes, and
regular expressions. Before the window exists, PySide6, PyYAML and Dateline's modules
compile ~100 of them (~20 ms of the ~250 ms to the first frame, measured in
benchmarks/profile_startup.py); the preview's Markdown and the site desk compile more
before the preview is up.

:class:`RegexCache` keeps the result of ``re``'s compiler (the engine's code for each
pattern) and hands it to the regular-expression engine directly at the next start, which
is what ``re.compile`` itself does after compiling. It relies on how CPython's ``re`` is
built (``re._compiler.compile`` hands its result to ``_sre.compile``), so it is guarded:
it switches itself off when that structure is not there, and its file is stamped with the
Python version and the engine's magic number, so a cache from another Python is never used.

:class:`DataclassCache` keeps the functions ``@dataclass`` writes for each class
(``__init__``, ``__repr__``, ``__eq__``...): ``dataclasses`` builds each one as source text
and compiles it whenever the class is defined, ~75 functions (~7 ms) for the dataclasses the
window's modules define, ~25 more (~14 ms) for those the preview and the desk define
after the first frame. It answers those compiles with code compiled at the last start, for
the very same text, by the same bytecode version.

Each cache is one ``marshal`` file in Dateline's cache folder; a missing, damaged or foreign
file means compiling as before, and a file that cannot be written costs nothing but the
gain. Like ``__pycache__``, the folder must be the user's own: its contents run as code.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from editor.core.paths import cache_dir

__all__ = ["DataclassCache", "RegexCache", "cache_file", "read_cache", "write_cache"]

#: Compiling what the cache lacked must have cost this much for :meth:`RegexCache.finish` to
#: write the file again: a few patterns differ at every start (Babel builds two from a set,
#: whose order changes from process to process), and they are not worth a write each time.
WRITE_AFTER_SECONDS = 0.002


def cache_file(kind: str) -> Path:
    """The file that keeps ``kind`` for this Python (one per bytecode version)."""
    return cache_dir() / f"{kind}-{sys.implementation.cache_tag}.marshal"


def read_cache(path: Path, stamp: bytes = MAGIC_NUMBER) -> dict[Any, Any]:
    """The entries of the cache at ``path``; empty when it is missing, damaged, or was
    written by another Python (its first bytes are not ``stamp``)."""
    try:
        data = path.read_bytes()
        if not data.startswith(stamp):
            return {}
        entries = marshal.loads(data[len(stamp):])
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_cache(path: Path, entries: dict[Any, Any], stamp: bytes = MAGIC_NUMBER) -> bool:
    """Replace the cache at ``path`` with ``entries`` in one step (a start reading it
    meanwhile sees the old file or the new one). Returns whether it was written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(stamp + marshal.dumps(entries))
        os.replace(temporary, path)
    except (OSError, ValueError):
        temporary.unlink(missing_ok=True)
        return False
    return True


class _Recorder:
    """Stands in for the ``_sre`` module inside ``re._compiler``: passes every call on and
    notes, per thread, the arguments of the last ``compile`` (the compiler's result)."""

    def __init__(self, sre: Any) -> None:
        self._sre = sre
        self.local = threading.local()

    def compile(self, *args: Any) -> Any:  # noqa: A003 - the name re._compiler calls
        self.local.last = args
        return self._sre.compile(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sre, name)


class RegexCache:
    """Compiled regular expressions kept between starts (see the module's description).

    :meth:`start` before the imports whose patterns should be kept, :meth:`finish` once
    start-up is over: it puts ``re`` back as it was and writes the patterns used since
    :meth:`start` (only when compiling those the cache lacked took some time).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = cache_file("regex") if path is None else path
        compiler: Any = getattr(re, "_compiler", None)
        sre: Any = getattr(compiler, "_sre", None)
        #: Whether this Python's ``re`` is built the way the cache relies on.
        self.supported = (callable(getattr(compiler, "compile", None))
                          and callable(getattr(sre, "compile", None))
                          and isinstance(getattr(sre, "MAGIC", None), int))
        self._compiler: Any = compiler
        self._sre: Any = sre
        #: The first bytes of the file: this Python and its regular-expression engine.
        self.stamp = (MAGIC_NUMBER + sys.version.encode() + b"\0"
                       + (str(sre.MAGIC).encode() if self.supported else b"") + b"\0")
        self._cached: dict[tuple[bool, str | bytes, int], tuple[Any, ...]] = {}
        self._used: dict[tuple[bool, str | bytes, int], tuple[Any, ...]] = {}
        self._lock = threading.Lock()
        self._real_compile: Any = None
        self._recorder: _Recorder | None = None
        #: Patterns taken from the cache and compiled, since :meth:`start`.
        self.hits = 0
        self.misses = 0
        #: The time the misses took to compile.
        self.miss_seconds = 0.0
        #: Called (once) when :meth:`finish` is: other caches kept until start-up is over.
        self.finishing: list[Callable[[], object]] = []

    @property
    def active(self) -> bool:
        """Whether ``re`` is answered from this cache now."""
        return self._real_compile is not None

    def start(self) -> bool:
        """Answer ``re``'s compiles from the cache from now on; False when unsupported."""
        if not self.supported or self.active:
            return False
        self._cached = read_cache(self.path, self.stamp)
        self._recorder = _Recorder(self._sre)
        self._real_compile = self._compiler.compile
        self._compiler._sre = self._recorder
        self._compiler.compile = self._compile
        return True

    def finish(self) -> bool:
        """Put ``re`` back as it was and keep what was compiled; returns whether the file
        was written (only when the patterns it lacked took :data:`WRITE_AFTER_SECONDS`)."""
        hooks, self.finishing = self.finishing, []
        for hook in hooks:
            hook()
        if not self.active:
            return False
        self._compiler.compile = self._real_compile
        self._compiler._sre = self._sre
        self._real_compile = None
        with self._lock:
            used, misses, spent = dict(self._used), self.misses, self.miss_seconds
            self._cached, self._used = {}, {}
        worth = misses > 0 and spent >= WRITE_AFTER_SECONDS
        return worth and write_cache(self.path, used, self.stamp)

    def _compile(self, pattern: Any, flags: int = 0) -> Any:
        real = self._real_compile
        if real is None or not isinstance(pattern, str | bytes) or flags & re.DEBUG:
            return (real or self._compiler.compile)(pattern, flags)
        key = (isinstance(pattern, bytes), pattern, int(flags))
        args = self._cached.get(key)
        if args is not None and args[0] == pattern:
            try:
                compiled = self._sre.compile(*args)
            except (TypeError, ValueError, RuntimeError):
                compiled = None  # not what this engine takes after all: compile it
            if compiled is not None:
                with self._lock:
                    self.hits += 1
                    self._used[key] = args
                return compiled
        recorder = self._recorder
        assert recorder is not None
        recorder.local.last = None
        began = time.perf_counter()
        compiled = real(pattern, flags)
        spent = time.perf_counter() - began
        last = recorder.local.last
        if last is not None and last[0] is pattern:
            source, final_flags, code, groups, groupindex, indexgroup = last
            args = (source, int(final_flags), [int(op) for op in code], int(groups),
                    dict(groupindex), tuple(indexgroup))
            with self._lock:
                self.misses += 1
                self.miss_seconds += spent
                self._used[key] = args
        return compiled


class DataclassCache:
    """The functions ``@dataclass`` writes, kept compiled between starts (see the module's
    description).

    :meth:`start` before the imports whose dataclasses should be kept, :meth:`finish` once
    start-up is over (``dateline``: with the regular expressions, once the window has
    settled): ``dataclasses`` compiles each function's text with the built-in ``exec``, which
    this shadows inside that module alone while it is started (a name in the module's
    globals comes before the built-in), answering a text compiled before from the file.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = cache_file("dataclass") if path is None else path
        #: Whether ``dataclasses`` compiles with the built-in ``exec`` (CPython 3.7 on).
        self.supported = "exec" not in vars(dataclasses)
        self._cached: dict[str, CodeType] = {}
        self._used: dict[str, CodeType] = {}
        self._active = False
        #: Functions taken from the cache and compiled, since :meth:`start`.
        self.hits = 0
        self.misses = 0

    def start(self) -> bool:
        """Answer ``dataclasses``' compiles from the cache from now on; False when unsupported."""
        if not self.supported or self._active:
            return False
        self._cached = read_cache(self.path)
        dataclasses.exec = self._exec  # type: ignore[attr-defined]
        self._active = True
        return True

    def finish(self) -> bool:
        """Give ``dataclasses`` the built-in ``exec`` back and keep what was compiled; returns
        whether the file was written (only when something had to be compiled)."""
        if not self._active:
            return False
        del dataclasses.exec  # type: ignore[attr-defined]
        self._active = False
        used, misses = self._used, self.misses
        self._cached, self._used = {}, {}
        return misses > 0 and write_cache(self.path, used)

    def _exec(self, source: Any, globals_: Any = None, locals_: Any = None, /) -> None:
        if not isinstance(source, str):
            builtins.exec(source, globals_, locals_)
            return
        code = self._cached.get(source)
        if isinstance(code, CodeType):
            self.hits += 1
        else:
            # What exec(source) compiles in dataclasses, which has no __future__ imports.
            code = compile(source, "<string>", "exec", flags=0, dont_inherit=True)
            self.misses += 1
        self._used[source] = code
        builtins.exec(code, globals_, locals_)

"""PySide6's enums made by the standard library's fast path while the window's modules are
imported.

PySide6 turns each Qt enum into a Python ``enum`` class the first time its class or
namespace is touched, through ``enum``'s functional API (``IntEnum("Key", [(name, value),
...], boundary=KEEP)``). In Python 3.11 that path sets every member up through the
metaclass's per-member machinery: ~220 enums and ~3,300 members before Dateline's window
exists, ~35 ms (the ``Qt`` namespace alone: 95 enums, ~15 ms). The standard library makes
its own enums (``re.RegexFlag``, ``http.HTTPStatus``...) with ``enum._simple_enum``, which
builds the same class without that machinery (its test suite checks the two agree);
:func:`install` (``dateline`` calls it before importing PySide6) hands PySide6's calls to
it, ~3x faster: ~15 ms before the window, ~15 ms more as QtWebEngine and the desk start.

Only calls shaped like PySide6's are taken (one of the four base classes, a list of
``(name, int)`` pairs with no name twice, ``boundary=KEEP``, no module, qualname or mixin);
anything else, and any Python whose ``enum`` is not the one this was checked against, goes
the usual way. ``tests/conftest.py`` imports PySide6 under it too, so every test runs with
the enums the window gets (tests/services/test_pyside_enums.py compares all of them with
the usual ones, member by member).
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["available", "fast_enums", "install", "made_fast", "uninstall"]

#: The Python versions whose ``enum`` this was checked against.
CHECKED_PYTHONS = ((3, 11),)
_BASES = (enum.Enum, enum.IntEnum, enum.Flag, enum.IntFlag)
builtins_type = type  # (the functional API's own parameter is named ``type``)
#: How many enums the last :func:`fast_enums` block made by the fast path.
made_fast = [0]


def available() -> bool:
    """Whether this Python's ``enum`` has the pieces :func:`fast_enums` uses."""
    return (sys.version_info[:2] in CHECKED_PYTHONS
            and callable(getattr(enum, "_simple_enum", None))
            and callable(getattr(enum.EnumType, "_create_", None)))


def _pyside_shaped(cls: Any, names: Any, module: Any, qualname: Any, type_: Any,
                   boundary: Any) -> bool:
    return (cls in _BASES and type_ is None and module is None and qualname is None
            and boundary is enum.KEEP and isinstance(names, list)
            and all(type(item) is tuple and len(item) == 2 and type(item[0]) is str
                    and type(item[1]) is int for item in names)
            and len({name for name, _ in names}) == len(names))


_usual: Any = None


def _create(cls: Any, class_name: str, names: Any, *, module: Any = None, qualname: Any = None,
            type: Any = None, start: int = 1, boundary: Any = None) -> Any:  # noqa: A002
    """``EnumType._create_`` (the functional API), by the fast path when PySide6 calls."""
    if _pyside_shaped(cls, names, module, qualname, type, boundary):
        made_fast[0] += 1
        plain = builtins_type(class_name, (), dict(names))
        return enum._simple_enum(cls, boundary=boundary)(plain)  # type: ignore[attr-defined]
    return _usual(cls, class_name, names, module=module, qualname=qualname, type=type,
                  start=start, boundary=boundary)


def install() -> bool:
    """Make PySide6's enums by the fast path from now on; False when not available."""
    global _usual
    if not available() or _usual is not None:
        return False
    _usual = enum.EnumType._create_  # type: ignore[attr-defined]
    enum.EnumType._create_ = _create  # type: ignore[attr-defined]
    return True


def uninstall() -> None:
    """Make every enum the usual way again."""
    global _usual
    if _usual is not None:
        enum.EnumType._create_ = _usual  # type: ignore[attr-defined]
        _usual = None


@contextmanager
def fast_enums() -> Iterator[None]:
    """While the block runs, make enums shaped like PySide6's with ``enum._simple_enum``."""
    made_fast[0] = 0
    installed = install()
    try:
        yield
    finally:
        if installed:
            uninstall()

"""PySide6's enums made by the standard library's fast path (editor.services.pyside_enums)
are the same as the usual ones, member by member, for every enum of QtCore, QtGui and
QtWidgets; ``dateline`` makes them so while it imports the window's modules, and anything
not shaped like PySide6's call goes the usual way."""

from __future__ import annotations

import enum
import json
import os
import subprocess
import sys
import textwrap

import pytest

from editor.services import pyside_enums
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not pyside_enums.available(),
                                reason="another Python's enum: the usual path only")

# In a fresh interpreter: every enum PySide6 makes the usual way, rebuilt by the fast path
# from the very same call, and the two compared.
COMPARE = textwrap.dedent("""
    import enum, json, sys
    from editor.services import pyside_enums

    def facts(e):
        members = list(e)
        got = {
            "mro": [c.__name__ for c in e.__mro__[1:]],
            "members": [(k, v.name, v.value) for k, v in e.__members__.items()],
            "iter": [(m.name, m.value) for m in members],
            "names": list(e._member_names_),
            "values": sorted(e._value2member_map_),
            "len": len(e),
            "lookup": [(e(m.value).name, e[m.name].name, getattr(e, m.name).name)
                       for m in members],
            "text": [(repr(m), str(m), format(m), hash(m) == hash(m.value)) for m in members],
            "attrs": [getattr(e, k) is v for k, v in e.__members__.items()],
        }
        if issubclass(e, enum.Flag):
            got["masks"] = [e._flag_mask_, e._all_bits_, e._singles_mask_,
                            str(e._boundary_)]
            if members:
                first, last = members[0], members[-1]
                both, inverted = first | last, ~first
                got["flags"] = [repr(both), both.value, repr(inverted), inverted.value,
                                first in both, repr(e(e._all_bits_)),
                                repr(e(0)), (first & last).value]
        return got

    usual = enum.EnumType._create_
    compared, differ = [0], []

    def recording(cls, class_name, names, **kw):
        made = usual(cls, class_name, names, **kw)
        if pyside_enums._pyside_shaped(cls, names, kw.get("module"), kw.get("qualname"),
                                       kw.get("type"), kw.get("boundary")):
            plain = type(class_name, (), dict(names))
            fast = enum._simple_enum(cls, boundary=kw["boundary"])(plain)
            compared[0] += 1  # as made, before PySide6 adds its own methods to the class
            if facts(made) != facts(fast):
                differ.append(class_name)
        return made

    enum.EnumType._create_ = recording
    from PySide6 import QtCore, QtGui, QtWidgets
    for module in (QtCore, QtGui, QtWidgets):
        for name in dir(module):
            getattr(module, name)  # PySide6 makes a class (and its enums) when first touched
    enum.EnumType._create_ = usual
    print(json.dumps({"compared": compared[0], "differ": differ}))
""")



def test_every_pyside_enum_made_fast_is_the_same_as_the_usual_one() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", COMPARE], env=env, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["compared"] > 500  # QtCore, QtGui, QtWidgets: ~1,000 enums
    assert got["differ"] == []


def test_calls_not_shaped_like_pysides_go_the_usual_way() -> None:
    pyside_enums.uninstall()  # (tests/conftest.py has it on for the whole run)
    try:
        with pyside_enums.fast_enums():
            plain = enum.Enum("Plain", [("A", 1), ("B", 2)])  # no boundary: Python code's
            named = enum.IntEnum("Named", "ONE TWO")
            keep = enum.IntFlag("Keep", [("A", 1), ("B", 2)], boundary=enum.KEEP)
        assert pyside_enums.made_fast[0] == 1  # only the PySide6-shaped one
        assert enum.EnumType._create_ is not pyside_enums._create  # itself again
    finally:
        pyside_enums.install()
    assert [m.value for m in plain] == [1, 2] and named.TWO == 2
    assert (keep.A | keep.B).value == 3 and keep(8).value == 8  # KEEP: unknown bits kept


PROBE = textwrap.dedent("""
    import json
    from editor.cli import _import_gui
    from editor.services import pyside_enums
    _, regexes, _ = _import_gui()
    regexes.finish()
    before = pyside_enums.made_fast[0]
    from PySide6.QtCore import Qt
    from PySide6.QtWebEngineCore import QWebEnginePage  # the preview, after the first frame
    print(json.dumps({"fast": before, "later": pyside_enums.made_fast[0] - before,
                      "align": repr(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)}))
""")


def test_dateline_makes_pysides_enums_by_the_fast_path_from_its_imports_on(tmp_path: object) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), DATELINE_CACHE_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["fast"] > 150  # the Qt namespace and the classes the window's modules name
    assert got["later"] > 5  # and those made after the imports (QtWebEngine's)
    assert got["align"] == "<AlignmentFlag.AlignLeft|AlignTop: 33>"

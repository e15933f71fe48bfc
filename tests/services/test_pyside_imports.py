"""PySide6's per-import source scan is skipped on the GUI path, and Qt still works after.

Each check runs in a fresh interpreter: the hook is process-wide and the point is what
happens to modules imported after it is replaced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

# A module as Dateline writes them: Qt enums, a signal, a property, camelCase methods.
QT_MODULE = textwrap.dedent("""
    from PySide6.QtCore import QObject, Qt, Signal

    class Thing(QObject):
        changed = Signal(str)

    def use() -> dict:
        thing = Thing()
        got = []
        thing.changed.connect(got.append)
        thing.changed.emit("hi")
        thing.setObjectName("named")
        return {"signal": got, "name": thing.objectName(),
                "enum": int(Qt.AlignmentFlag.AlignRight.value),
                "snake_case_absent": not hasattr(thing, "object_name")}
""")

PROBE = textwrap.dedent("""
    import inspect, json, sys
    read = []
    original = inspect.getsource
    def counting(obj):
        read.append(getattr(obj, "__name__", "?"))
        return original(obj)
    inspect.getsource = counting
    from editor.services import pyside_imports
    applied = pyside_imports.skip_source_scan() if sys.argv[1] == "skip" else False
    del read[:]  # PySide6's own import is before any skip
    import qt_user
    print(json.dumps({"applied": applied, "skipped": pyside_imports.source_scan_skipped(),
                      "read": read, "use": qt_user.use()}))
""")


def _probe(tmp_path: Path, mode: str) -> dict:
    (tmp_path / "qt_user.py").write_text(QT_MODULE, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(tmp_path)]),
               QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", PROBE, mode], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_after_the_skip_no_imported_module_is_read_and_qt_works(tmp_path: Path) -> None:
    got = _probe(tmp_path, "skip")
    assert got["applied"] and got["skipped"]
    assert got["read"] == []
    assert got["use"] == {"signal": ["hi"], "name": "named",
                          "enum": 2, "snake_case_absent": True}


def test_without_the_skip_pyside_reads_each_new_module(tmp_path: Path) -> None:
    """What the skip saves: PySide6 reads the source of every module imported after it."""
    got = _probe(tmp_path, "keep")
    assert not got["skipped"]
    assert "qt_user" in got["read"]
    assert got["use"]["signal"] == ["hi"]


def test_the_gui_command_skips_the_scan_before_the_window_code_is_imported() -> None:
    probe = textwrap.dedent("""
        import sys, types
        fake = types.ModuleType("editor.app")
        def run_gui(args, regexes=None):
            from editor.services.pyside_imports import source_scan_skipped
            print("skipped" if source_scan_skipped() else "scanned")
            return 0
        fake.run_gui = run_gui
        sys.modules["editor.app"] = fake
        from editor.cli import main
        sys.exit(main([sys.argv[1]]))
    """)
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe, str(REPO / "README.md")], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "skipped"


# -- the support package's compiled code, kept between starts ----------------------------

SUPPORT_PROBE = textwrap.dedent("""
    import builtins, json
    from editor.services import pyside_imports
    from PySide6.QtCore import QObject, Signal
    class Thing(QObject):
        changed = Signal(str)
    got = []
    thing = Thing()
    thing.changed.connect(got.append)
    thing.changed.emit("hi")
    print(json.dumps({**pyside_imports.last_support_code, "signal": got,
                      "compile_restored": type(builtins.compile).__name__
                      == "builtin_function_or_method",
                      "cache": str(pyside_imports.support_code_cache())}))
""")


def _start(cache: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               DATELINE_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", SUPPORT_PROBE], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_the_second_start_takes_the_support_package_from_the_cache(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert first["compiled"] >= 10 and first["cached"] == 0  # PySide6 6.11: 13 modules
    assert Path(first["cache"]).is_file() and Path(first["cache"]).parent == tmp_path
    second = _start(tmp_path)
    assert second["cached"] == first["compiled"] and second["compiled"] == 0
    assert second["signal"] == ["hi"] and second["compile_restored"]


def test_the_bootstrap_embedded_beside_the_package_is_kept_too(tmp_path: Path) -> None:
    import marshal
    from importlib.util import MAGIC_NUMBER

    cache = Path(_start(tmp_path)["cache"])
    entries = marshal.loads(cache.read_bytes()[len(MAGIC_NUMBER):])
    assert "signature_bootstrap.py" in entries
    assert sum(name.startswith("shibokensupport/") for name in entries) >= 10


def test_a_damaged_cache_costs_a_compile_and_is_written_again(tmp_path: Path) -> None:
    cache = Path(_start(tmp_path)["cache"])
    cache.write_bytes(b"not a cache at all")
    again = _start(tmp_path)
    assert again["cached"] == 0 and again["compiled"] >= 10 and again["signal"] == ["hi"]
    assert _start(tmp_path)["cached"] == again["compiled"]


def test_code_cached_from_other_source_is_not_used(tmp_path: Path) -> None:
    """After a PySide6 upgrade its support sources change: the old code must not run."""
    import marshal
    from importlib.util import MAGIC_NUMBER

    cache = Path(_start(tmp_path)["cache"])
    entries = marshal.loads(cache.read_bytes()[len(MAGIC_NUMBER):])
    name = "shibokensupport/signature/loader.py"
    entries[name] = (b"# the previous version's source\n", compile("raise SystemExit(3)", name, "exec"))
    cache.write_bytes(MAGIC_NUMBER + marshal.dumps(entries))
    got = _start(tmp_path)
    assert got["compiled"] == 1 and got["cached"] == len(entries) - 1
    assert got["signal"] == ["hi"]


def test_a_cache_from_another_python_is_ignored(tmp_path: Path) -> None:
    cache = Path(_start(tmp_path)["cache"])
    data = cache.read_bytes()
    cache.write_bytes(b"\x00\x00\r\n" + data[4:])  # another bytecode magic number
    assert _start(tmp_path)["cached"] == 0

"""A fresh machine gets every program and system library the app and the tests use from
``packaging/linux/system-deps.sh`` (``--test`` for what only the tests use): each program
the code runs is mapped to its Debian package here and must be in the script's list, and
the Qt parts Dateline loads must find every library they link against."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.conftest import SYSTEM_PROGRAMS as PROGRAMS

SCRIPT = REPO / "packaging" / "linux" / "system-deps.sh"

ESSENTIAL = {"bash", "sh", "ldd"}  # in every Debian system (bash, dash, libc-bin)


def _packages() -> tuple[set[str], set[str]]:
    """The script's (always, --test only) package lists."""
    text = SCRIPT.read_text(encoding="utf-8")
    always = set(re.search(r'^pkgs="(.*?)"', text, re.S | re.M).group(1).split())  # type: ignore[union-attr]
    test = set(re.search(r'--test\) pkgs="\$pkgs (.*?)"', text).group(1).split())  # type: ignore[union-attr]
    return always, test


def _programs_run() -> dict[str, list[str]]:
    """Programs named as a literal in ``subprocess.*`` calls and ``shutil.which``, with where."""
    found: dict[str, list[str]] = {}
    files = [*REPO.glob("editor/**/*.py"),
             *(p for p in REPO.glob("tests/**/*.py") if "golden" not in p.parts)]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    and func.value.id in {"subprocess", "shutil"}):
                continue
            name = func.attr
            first = node.args[0]
            if isinstance(first, ast.List) and first.elts:
                first = first.elts[0]
            if (name in {"run", "Popen", "check_output", "check_call", "call", "which"}
                    and isinstance(first, ast.Constant) and isinstance(first.value, str)
                    and re.fullmatch(r"[A-Za-z][\w.+-]*", first.value)):
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                found.setdefault(first.value, []).append(where)
    return found


def test_every_program_the_code_runs_is_installed_by_system_deps() -> None:
    always, test_only = _packages()
    found = _programs_run()
    assert "git" in found and "Xvfb" in found  # the scan sees the calls
    for program, where in found.items():
        if program in ESSENTIAL:
            continue
        assert program in PROGRAMS, (f"{program} (run at {where[0]}) has no Debian package "
                                     "here nor in packaging/linux/system-deps.sh")
        package, for_tests = PROGRAMS[program]
        assert package in (always | test_only if for_tests else always), (
            f"{program}: {package} is not in system-deps.sh{' --test' if for_tests else ''}")


def test_the_tests_never_need_jekyll() -> None:
    assert not {"jekyll", "bundle", "ruby"} & set(_programs_run())


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                    reason="ldd is Linux's")
def test_the_qt_parts_dateline_loads_find_their_system_libraries() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    parts = [qt / "lib" / "libQt6WebEngineCore.so.6", qt / "lib" / "libQt6WebEngineWidgets.so.6",
             qt / "libexec" / "QtWebEngineProcess", qt / "plugins" / "platforms" / "libqxcb.so",
             qt / "plugins" / "platforms" / "libqoffscreen.so"]
    missing = []
    for part in parts:
        out = subprocess.run(["ldd", str(part)], capture_output=True, text=True, check=False).stdout
        missing += [f"{part.name}: {line.split()[0]}" for line in out.splitlines()
                    if "not found" in line]
    assert not missing, "add their Debian packages to system-deps.sh: " + ", ".join(missing)

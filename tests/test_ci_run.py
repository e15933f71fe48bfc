""".ci/run's verdict: the real script, run in a copy of the repository whose tools (the
system-deps script, python3, the virtualenv's pip, ruff, mypy and pytest) are small
stand-ins that exit with the code a test chooses."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

# What `python3 -m venv .venv` leaves behind here: tools that answer as told by the environment.
VENV_TOOL = """#!/bin/sh
case "$(basename "$0") $*" in
  "pip "*) exit "${CI_PIP_RC:-0}" ;;
  "python -m pytest"*)
    printf '%s\\n' '..F.' '' "${CI_PYTEST_CLOSING:-1 failed, 3 passed in 0.50s}"
    exit "${CI_PYTEST_RC:-0}" ;;
esac
exit 0
"""
PYTHON3 = """#!/bin/sh
# python3 -m venv .venv
mkdir -p .venv/bin
for tool in pip ruff mypy python; do cp "$CI_VENV_TOOL" ".venv/bin/$tool"; done
"""


def _executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def ci(tmp_path: Path) -> Path:
    checkout = tmp_path / "repo"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy(REPO / ".ci" / "run", checkout / ".ci" / "run")
    _executable(checkout / "packaging" / "linux" / "system-deps.sh", 'exit "${CI_DEPS_RC:-0}"\n')
    _executable(tmp_path / "bin" / "python3", PYTHON3)
    _executable(tmp_path / "venv-tool", VENV_TOOL)
    return checkout


def _run(ci: Path, **env: str) -> subprocess.CompletedProcess[str]:
    bin_dir = ci.parent / "bin"
    environ = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
               "CI_VENV_TOOL": str(ci.parent / "venv-tool"), **env}
    environ.pop("DATELINE_BUILD", None)
    return subprocess.run(["bash", str(ci / ".ci" / "run")], env=environ, capture_output=True,
                          text=True, timeout=60, check=False)


def test_passing_tests_pass_and_the_closing_line_is_printed_last(ci: Path) -> None:
    result = _run(ci, CI_PYTEST_CLOSING="4 passed in 0.50s")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().splitlines()[-1] == "CI: passed; pytest: 4 passed in 0.50s"


def test_failing_tests_fail_ci_naming_pytests_closing_line(ci: Path) -> None:
    result = _run(ci, CI_PYTEST_RC="1")
    assert result.returncode == 1
    assert "CI: FAILED: exit 1; pytest: 1 failed, 3 passed in 0.50s" in result.stderr


def test_no_tests_collected_fails_ci(ci: Path) -> None:
    result = _run(ci, CI_PYTEST_RC="5", CI_PYTEST_CLOSING="no tests ran in 0.01s")
    assert result.returncode == 5
    assert "collected no tests" in result.stderr


@pytest.mark.parametrize("failing", ["CI_DEPS_RC", "CI_PIP_RC"])
def test_a_failed_install_fails_ci_even_with_a_virtualenv_left_from_a_previous_run(
        ci: Path, failing: str) -> None:
    subprocess.run(["python3", "-m", "venv", ".venv"], cwd=ci, check=True,
                   env={**os.environ, "PATH": f"{ci.parent / 'bin'}{os.pathsep}{os.environ['PATH']}",
                        "CI_VENV_TOOL": str(ci.parent / "venv-tool")})
    result = _run(ci, **{failing: "100"})
    assert result.returncode == 100
    assert "passed" not in result.stdout

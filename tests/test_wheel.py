"""The wheel: built by `python -m build`, installed into a fresh venv, `dateline` runs.

Slow (a build and a venv): runs only with DATELINE_SLOW=1. The work is done by
packaging/check_wheel.sh, which developers can also run by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.skipif(os.environ.get("DATELINE_SLOW") != "1",
                       reason="slow: set DATELINE_SLOW=1 to build and install the wheel"),
    pytest.mark.skipif(sys.platform == "win32", reason="the check script is bash"),
]


def test_wheel_installs_and_dateline_runs_from_it() -> None:
    result = subprocess.run(["bash", str(REPO / "packaging" / "check_wheel.sh")],
                            capture_output=True, text=True, timeout=1200, check=False,
                            env={**os.environ, "PYTHON": sys.executable})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    from editor import __version__

    assert f"dateline {__version__}" in result.stdout
    assert "dateline check: exit" in result.stdout
    assert "check_wheel: all ok" in result.stdout

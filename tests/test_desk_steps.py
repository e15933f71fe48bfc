"""The site desk's modules are imported a step at a time at start-up (editor.app.DESK_MODULES):
the list must hold all of the desk's code, or the rest is imported in one go again."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

PROBE = textwrap.dedent("""
    import importlib, sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from editor.app import DESK_MODULES, add_desk, add_journal, build_window
    window = build_window([sys.argv[1]], threaded_preview=False, desk_later=True)
    add_journal(window)
    for name in DESK_MODULES:
        importlib.import_module(name)
    before = set(sys.modules)
    add_desk(window)
    print(sorted(name for name in set(sys.modules) - before if name.startswith("editor")))
""")


def test_the_desk_modules_list_holds_all_the_desk_imports(tmp_path: Path) -> None:
    site = REPO / "sample_posts"  # a site: its newest post, the site panel, the checklist
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               DATELINE_CONFIG_DIR=str(tmp_path), DATELINE_DATA_DIR=str(tmp_path),
               DATELINE_CACHE_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", PROBE, str(site)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout

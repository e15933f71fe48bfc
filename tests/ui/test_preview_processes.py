"""The preview's Chromium processes: the sandboxed zygote and its renderer, no second zygote."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import start_preview

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and zygotes")


def _engine_processes() -> list[tuple[int, int, list[str]]]:
    """(pid, parent pid, command line) of QtWebEngine's processes under this one."""
    parents: dict[int, int] = {}
    commands: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except (OSError, IndexError, ValueError):
            continue
        parents[int(entry.name)] = parent
        commands[int(entry.name)] = command

    def ours(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return [(pid, parents[pid], cmd) for pid, cmd in commands.items()
            if cmd and cmd[0].endswith("QtWebEngineProcess") and ours(pid)]


def test_the_preview_runs_one_zygote_the_sandboxed_one(make_window: Any, qtbot: Any,
                                                       tmp_path: Path) -> None:
    post = tmp_path / "2025-08-30-budget.md"
    post.write_text('---\ntitle: "Budget"\n---\n\nThe council voted late on Tuesday.\n',
                    encoding="utf-8")
    window = make_window(post)
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here; the text fallback has no processes")
    assert "--no-unsandboxed-zygote" in os.environ["QTWEBENGINE_CHROMIUM_FLAGS"].split()
    processes = _engine_processes()
    zygotes = [cmd for _, parent, cmd in processes
               if parent == os.getpid() and "--type=zygote" in cmd]
    # Chromium's unsandboxed zygote (--no-zygote-sandbox) held ~10 MB for helpers the
    # preview never starts; the renderers come from the sandboxed one.
    assert len(zygotes) == 1, zygotes
    assert "--no-zygote-sandbox" not in zygotes[0]
    zygote = next(pid for pid, parent, cmd in processes
                  if parent == os.getpid() and "--type=zygote" in cmd)
    assert any(parent == zygote for _, parent, _ in processes), "no renderer forked"

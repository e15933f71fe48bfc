"""On a 1366×768 laptop: the checklist is a one-line strip while everything passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import SAMPLE_POSTS

POST = SAMPLE_POSTS / "_posts" / "2025-03-18-riverside-library-reopens.md"


def test_checklist_is_a_strip_when_all_pass_and_opens_on_problems(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(POST, show=False)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.desk is not None
    panel = window.desk.checklist
    qtbot.waitUntil(lambda: panel.summary.text() == "All checks pass.", timeout=10000)
    pane = panel.parentWidget()
    qtbot.waitUntil(lambda: pane.height() <= 60, timeout=5000)  # a strip, not a 150 px box
    window.editor.appendPlainText("\nTK: check the opening hours.\n")
    qtbot.waitUntil(lambda: panel.list.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: pane.height() >= 100, timeout=5000)

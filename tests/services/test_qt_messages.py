"""The Qt message filter run_gui installs: the GPU probe's known lines are dropped, every
other message goes through (to the handler before it, else to stderr as Qt prints it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

from PySide6.QtCore import QtMsgType, qInstallMessageHandler, qWarning

from editor.services.qt_messages import NO_OPENGL_NOTICES, MessageFilter
from tests.conftest import REPO


def test_known_notices_are_dropped_and_other_messages_reach_the_handler_before() -> None:
    seen: list[tuple[QtMsgType, str]] = []

    def before(kind: QtMsgType, _context: Any, text: str) -> None:
        seen.append((kind, text))

    previous = qInstallMessageHandler(before)
    messages = MessageFilter()
    try:
        messages.install()
        for notice in sorted(NO_OPENGL_NOTICES):
            qWarning(notice)
        qWarning("QWidget::setLayout: a layout is already set")
        qWarning("Failed to create RHI for backend: OpenGL and more")  # not the whole text
    finally:
        messages.uninstall()
        qInstallMessageHandler(previous)
    assert seen == [(QtMsgType.QtWarningMsg, "QWidget::setLayout: a layout is already set"),
                    (QtMsgType.QtWarningMsg, "Failed to create RHI for backend: OpenGL and more")]


def test_without_a_handler_before_other_messages_are_printed_on_stderr() -> None:
    script = textwrap.dedent("""
        from PySide6.QtCore import qWarning
        from editor.services.qt_messages import MessageFilter
        MessageFilter().install()
        qWarning("Failed to create RHI for backend: OpenGL")
        qWarning("GPUInfo not initialized on GpuInfoUpdate")
        qWarning("an unrelated warning")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, timeout=60, check=True,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",
                                 "QT_MESSAGE_PATTERN": "%{type}: %{message}"})
    assert result.stderr.splitlines() == ["warning: an unrelated warning"]

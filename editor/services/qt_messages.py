"""Qt's messages on stderr, less what QtWebEngine's GPU probe says when the window draws
without OpenGL on purpose (:func:`editor.app.use_software_rendering`).

With X11's OpenGL integration off, QtWebEngine still probes the GPU at its start (it makes
a QRhi for the OpenGL backend to name the GPU's vendor); every probe fails by design and Qt
says so six times. No setting stops the probe: QtWebEngine runs it whatever Chromium's
switches (``--disable-gpu``, ``--disable-gpu-compositing``) say, and ``QSG_RHI_BACKEND=null``
trades these lines for "Unable to detect GPU vendor for device: Null". So exactly these
known lines are dropped here and every other message goes through as Qt prints it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler

__all__ = ["NO_OPENGL_NOTICES", "MessageFilter"]

#: What Qt and QtWebEngine print when X11's OpenGL integration is off (whole messages).
NO_OPENGL_NOTICES = frozenset({
    "QXcbIntegration: Cannot create platform OpenGL context, neither GLX nor EGL are enabled",
    "QXcbIntegration: Cannot create platform offscreen surface, neither GLX nor EGL are enabled",
    "QRhiGles2: Failed to create temporary context",
    "QRhiGles2: Failed to create context",
    "Failed to create RHI for backend: OpenGL",
    "GPUInfo not initialized on GpuInfoUpdate",
})

Handler = Callable[[QtMsgType, QMessageLogContext, str], None]


class MessageFilter:
    """Qt's message handler while installed: drops the messages in ``dropped`` (whole text,
    warnings only) and passes every other one to the handler before it (else prints it on
    stderr as Qt's own handler does, ``QT_MESSAGE_PATTERN`` included)."""

    def __init__(self, dropped: frozenset[str] = NO_OPENGL_NOTICES) -> None:
        self.dropped = dropped
        self._previous: Handler | None = None
        self._installed = False

    def install(self) -> None:
        """Become Qt's message handler (before the QApplication, to see its messages too)."""
        if not self._installed:
            self._previous = qInstallMessageHandler(self.handle)
            self._installed = True

    def uninstall(self) -> None:
        """Give Qt back the handler it had before."""
        if self._installed:
            qInstallMessageHandler(self._previous)
            self._installed = False

    def handle(self, kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        """Qt's message handler: drop a known notice, pass on the rest."""
        if kind == QtMsgType.QtWarningMsg and text in self.dropped:
            return
        if self._previous is not None:
            self._previous(kind, context, text)
            return
        print(qFormatLogMessage(kind, context, text), file=sys.stderr, flush=True)

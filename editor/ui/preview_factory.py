"""Picks the preview backend: the WebEngine pane, else the QTextBrowser one. (Kept apart
from ``preview_pane`` so the base class never imports its WebEngine subclass.)"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QWidget

from editor.ui.preview_pane import PreviewPane, TextBrowserPane


def create_preview(parent: QWidget | None = None, backend: str | None = None) -> PreviewPane:
    """The WebEngine preview, or the QTextBrowser one when WebEngine cannot start
    (or DATELINE_PREVIEW=textbrowser)."""
    choice = backend or os.environ.get("DATELINE_PREVIEW", "auto")
    if choice != "textbrowser":
        try:
            from editor.ui.preview_web import WebPreviewPane

            return WebPreviewPane(parent)
        except Exception:  # noqa: BLE001 - any failure to start WebEngine means: fall back
            if choice == "webengine":
                raise
    return TextBrowserPane(parent)

"""The preview pane interface, its QTextBrowser backend, and the backend chooser."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget


class _FirstPaint(QObject):
    """Calls back once ``window`` has painted for the first time (or after ``limit_ms``)."""

    def __init__(self, window: QWidget, callback: Callable[[], None], limit_ms: int) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(limit_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            watched.removeEventFilter(self)
            # The next event-loop turn: after the backing store has been flushed to the screen.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def after_first_paint(window: QWidget, callback: Callable[[], None], limit_ms: int = 1500) -> None:
    """Run ``callback`` once ``window`` is on the screen, so that slow start-up work (creating
    QtWebEngine takes 0.2-0.5 s) does not hold back the first frame. A window that is not
    painted within ``limit_ms`` (minimised, hidden) gets the callback then anyway."""
    _FirstPaint(window, callback, limit_ms)


def preview_csp(remote_images: bool) -> str:
    """The preview page's Content-Security-Policy: no script at all, images only from files
    unless remote images are on, fonts only from files, no frames, objects or connections."""
    remote = " http: https:" if remote_images else ""
    return (f"default-src 'none'; img-src file: data:{remote}; media-src file: data:; "
            "style-src 'unsafe-inline' file:; font-src file: data:; script-src 'none'; "
            "frame-src 'none'; object-src 'none'; form-action 'none'; base-uri 'none'")


def page_template(dark: bool, remote_images: bool) -> str:
    """The house preview page (template + CSS from editor/resources/preview) with its
    Content-Security-Policy."""
    from importlib import resources  # not needed before the first frame

    folder = resources.files("editor") / "resources" / "preview"
    template = (folder / "template.html").read_text(encoding="utf-8")
    css = (folder / "preview.css").read_text(encoding="utf-8")
    return (template.replace("{{CSP}}", preview_csp(remote_images)).replace("{{CSS}}", css)
            .replace("{{THEME}}", "dark" if dark else "light"))


def site_page(page_html: str, remote_images: bool) -> str:
    """A page in the site's own look (from the renderer) with the preview's policy."""
    from editor.services.preview_render import CSP_TOKEN

    csp = preview_csp(remote_images).replace("'", "&#x27;")
    return page_html.replace(CSP_TOKEN, csp)


class PreviewPane(QWidget):
    """What the window needs from a preview: show a rendered post, follow the editor.

    The base class does nothing, which is what the placeholder shown at start-up needs."""

    #: Emitted when the shown body was replaced (tests and benchmarks wait on it).
    body_updated = Signal()
    #: Emitted when the page has loaded and the content that waited for it is on its way
    #: (Chromium lays it out and paints it in its own process).
    page_loaded = Signal()
    backend_name = "none"

    def show_content(self, header_html: str, body_html: str) -> None:
        """Replace the title/image/excerpt header and the body; keep the scroll position."""

    def load_reading_page(self) -> None:
        """The first render will be shown in the reading view: load its page now, while
        the post renders (by default the page waits for the first render, which says
        whether it is the reading view's or the site's own)."""

    def show_page(self, page_html: str) -> None:
        """Show the post inside this page in the site's own look ("" = the reading view);
        the page is reloaded only when it changed (front matter or the site's files)."""

    def set_site_root(self, root: Path | None) -> None:
        """Resolve relative image paths against this folder."""

    def set_remote_images(self, enabled: bool) -> None:
        """Allow or block http/https images."""

    def set_dark(self, dark: bool) -> None:
        """Use dark or light page colours."""

    def scroll_to_fraction(self, fraction: float) -> None:
        """Scroll so the same share of the page is above the view as in the editor."""


class PlaceholderPane(PreviewPane):
    """Stands in until the real backend has started (after the window's first frame): an
    empty page in the page's own colour, so the swap to the real preview does not flash."""

    backend_name = "placeholder"

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Paint the placeholder text."""
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        QPainter(self).fillRect(event.rect(), QColor("#1e1f22" if dark else "#ffffff"))


_REMOTE_SRC_RE = re.compile(r"""(<(?:img|source)\b[^>]*?\bsrc\s*=\s*["'])(?=https?:|//)""", re.I)
_STRIP_RE = re.compile(r"<(script|style|iframe|object|embed)\b.*?</\1\s*>"
                       r"|<(?:iframe|embed)\b[^>]*>",
                       re.I | re.S)


class TextBrowserPane(PreviewPane):
    """A QTextBrowser preview for when QtWebEngine cannot start (simpler HTML support)."""

    backend_name = "textbrowser"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Preview")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self._root: Path | None = None
        self._remote = False

    def show_content(self, header_html: str, body_html: str) -> None:
        """Show the rendered header and body."""
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        body = _STRIP_RE.sub("", body_html)
        # QTextBrowser never fetches from the network; drop remote sources so it does not try.
        body = _REMOTE_SRC_RE.sub(lambda m: m.group(1) + "#remote:", body)
        self.browser.setHtml(f"<div>{header_html}</div><div>{body}</div>")
        bar.setValue(position)
        self.body_updated.emit()

    def set_site_root(self, root: Path | None) -> None:
        """Resolve the site's images against ``root``."""
        self._root = root
        self.browser.setSearchPaths([str(root)] if root else [])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(root) + "/") if root else QUrl())

    def set_remote_images(self, enabled: bool) -> None:
        """Allow or block images from the internet."""
        self._remote = enabled

    def set_dark(self, dark: bool) -> None:
        """Follow the dark or light theme."""
        pass  # follows the application palette

    def scroll_to_fraction(self, fraction: float) -> None:
        """Scroll to the same fraction of the page as the editor."""
        bar = self.browser.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

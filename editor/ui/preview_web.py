"""The QtWebEngine preview backend (the only module that imports QtWebEngine).

The page is loaded once; each render replaces only the header and body through
``runJavaScript`` in the application's isolated world, so there is no reload, no
flicker and the scroll position stays. Page JavaScript is disabled (the post's
own scripts and inline handlers never run), the page's Content-Security-Policy
allows no script, frame or connection, a request interceptor blocks every
http/https request unless remote images are on, and clicked links open in the
system browser instead of navigating.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from editor.ui.preview_pane import PreviewPane, page_template

_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
_REMOTE_SCHEMES = {b"http", b"https", b"ws", b"wss", b"ftp"}

_PUSH_JS = """(function (h, b) {
  document.getElementById('dl-header').innerHTML = h;
  document.getElementById('dl-body').innerHTML = b;
  return true;
})(%s, %s);"""


class RemoteBlocker(QWebEngineUrlRequestInterceptor):
    """Refuses network requests from the preview unless remote images are allowed."""

    def __init__(self) -> None:
        super().__init__()
        self.allow_remote = False
        self.blocked = 0

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt override
        scheme = bytes(info.requestUrl().scheme().encode())
        if scheme not in _REMOTE_SCHEMES:
            return
        allowed = self.allow_remote and info.resourceType() in (
            QWebEngineUrlRequestInfo.ResourceType.ResourceTypeImage,)
        if not allowed:
            self.blocked += 1
            info.block(True)


class _Page(QWebEnginePage):
    """Lets only our own template load; a clicked link opens in the system browser."""

    def __init__(self, profile: QWebEngineProfile, parent: QWidget) -> None:
        super().__init__(profile, parent)
        self.loading_template = False

    def acceptNavigationRequest(self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType,  # noqa: N802
                                is_main_frame: bool) -> bool:
        if self.loading_template and is_main_frame:
            return True
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            url = QUrl(url)
            if url.scheme() in ("http", "https", "mailto"):
                QDesktopServices.openUrl(url)
        return False

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> None:  # noqa: N802
        return None


class WebPreviewPane(PreviewPane):
    """A QWebEngineView showing the post page."""

    backend_name = "webengine"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Off the record: no disk cache or cookies. Owned by the application, not the pane,
        # because Qt wants the page deleted before its profile and children go in creation order.
        self.profile = QWebEngineProfile(QApplication.instance())
        self.destroyed.connect(self.profile.deleteLater)
        self.blocker = RemoteBlocker()
        self.profile.setUrlRequestInterceptor(self.blocker)
        self.page = _Page(self.profile, self)
        self.view = QWebEngineView(self)
        self.view.setPage(self.page)
        self.view.setAccessibleName("Preview")
        # A native child window: otherwise QtWebEngine's RHI compositing takes over the whole
        # top-level window and every repaint of the editor re-composites the window, which
        # stalls typing by 50-150 ms without a GPU (measured in benchmarks/bench_window.py).
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.view.setContextMenuPolicy(self.view.contextMenuPolicy())
        s = self.page.settings()
        attr = QWebEngineSettings.WebAttribute
        for name, on in ((attr.JavascriptEnabled, False), (attr.JavascriptCanOpenWindows, False),
                         (attr.PluginsEnabled, False),
                         (attr.LocalContentCanAccessRemoteUrls, False),
                         (attr.LocalContentCanAccessFileUrls, True), (attr.AutoLoadImages, True),
                         (attr.ErrorPageEnabled, False), (attr.DnsPrefetchEnabled, False),
                         (attr.FocusOnNavigationEnabled, False),
                         (attr.AutoLoadIconsForPage, False)):
            s.setAttribute(name, on)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._root: Path | None = None
        self._remote = False
        self._dark = False
        self._ready = False
        self._in_flight = False
        self._content: tuple[str, str] | None = None
        self._dirty = False
        self.page.loadFinished.connect(self._on_page_load_finished)
        self._load_template()

    def _load_template(self) -> None:
        self._ready = False
        self._in_flight = False
        self.page.setBackgroundColor(QColor("#1e1f22" if self._dark else "#ffffff"))
        base = QUrl.fromLocalFile(str(self._root) + "/") if self._root else QUrl("file:///")
        self.page.loading_template = True
        self.page.setHtml(page_template(self._dark, self._remote), base)

    def _on_page_load_finished(self, _ok: bool) -> None:
        self.page.loading_template = False
        self._ready = True
        self._dirty = self._content is not None
        self._push()

    def show_content(self, header_html: str, body_html: str) -> None:
        self._content = (header_html, body_html)
        self._dirty = True
        self._push()

    def _push(self) -> None:
        if not self._ready or self._in_flight or not self._dirty or self._content is None:
            return
        header, body = self._content
        self._dirty = False
        self._in_flight = True
        script = _PUSH_JS % (json.dumps(header), json.dumps(body))
        self.page.runJavaScript(script, _WORLD, self._on_push_done)

    def _on_push_done(self, _result: object) -> None:
        self._in_flight = False
        if self._dirty:
            self._push()
        else:
            self.body_updated.emit()

    def set_site_root(self, root: Path | None) -> None:
        if root != self._root:
            self._root = root
            self._load_template()

    def set_remote_images(self, enabled: bool) -> None:
        self.blocker.allow_remote = enabled
        if enabled != self._remote:
            self._remote = enabled
            s = self.page.settings()
            s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, enabled)
            self._load_template()

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark:
            self._dark = dark
            self.page.setBackgroundColor(QColor("#1e1f22" if dark else "#ffffff"))
            if self._ready:
                self.page.runJavaScript(
                    "document.documentElement.className = "
                    f"{json.dumps('dark' if dark else 'light')};",
                    _WORLD)

    def scroll_to_fraction(self, fraction: float) -> None:
        if self._ready:
            self.page.runJavaScript(
                "(function(f){var e=document.scrollingElement;"
                f"e.scrollTop=f*(e.scrollHeight-e.clientHeight);}})({fraction:f});", _WORLD)

    def evaluate(self, script: str, callback: object) -> None:
        """Run ``script`` in our isolated world (tests inspect the page with it)."""
        self.page.runJavaScript(script, _WORLD, callback)

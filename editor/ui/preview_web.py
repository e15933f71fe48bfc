"""The QtWebEngine preview backend (the only module that imports QtWebEngine).

The page is loaded once; each render replaces only the header and body through
``runJavaScript`` in the application's isolated world, so there is no reload, no
flicker and the scroll position stays. A render already known when the page (re)loads
goes in with it (a page script in the same isolated world, run as the page is parsed),
so the page's first frame shows the post, not an empty page. Page JavaScript is
disabled (the post's own scripts and inline handlers never run), the page's Content-Security-Policy
allows no script, frame or connection, a request interceptor blocks every
http/https request unless remote images are on, and clicked links open in the
system browser instead of navigating. New HTML is parsed in an inert ``<template>`` and
``<link>`` resource hints (preconnect, prefetch …) are dropped before it enters the page:
Chromium opens those connections below the interceptor and the policy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
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

from editor.services.preview_render import RESOURCE_HINTS
from editor.ui.preview_pane import PreviewPane, page_template, site_page

#: Chromium switches for the preview's engine, added to QTWEBENGINE_CHROMIUM_FLAGS before the
#: first profile starts QtWebEngine (which reads them once). Each keeps the preview isolated:
#: - ``--no-unsandboxed-zygote``: Chromium keeps two zygotes, the sandboxed one that forks
#:   renderers and an unsandboxed one for helpers that run without a sandbox anyway; the
#:   preview starts no such helper (QtWebEngine runs the network service and the GPU
#:   thread inside our process), so the second zygote only held ~10 MB of PSS. Renderers
#:   still come from the sandboxed zygote; a helper that needs no sandbox would be
#:   started by fork and exec instead (Chromium's note on the switch: the binary should
#:   not change under a running browser, true of an installed app).
CHROMIUM_SWITCHES = ("--no-unsandboxed-zygote",)

_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
#: The page script that fills a page being loaded with the content known at that moment.
_FIRST_SCRIPT = "dateline-first-content"
#: What the page shows, block by block: (header, blocks).
_Shown = tuple[str, tuple[str, ...]]
_REMOTE_SCHEMES = {b"http", b"https", b"ws", b"wss", b"ftp"}

#: Parses HTML in an inert <template> (nothing in it loads or connects), drops the
#: <link> resource hints Chromium would connect for below the interceptor, returns the nodes.
_INERT_JS = """function dlInert(html) {
  var t = document.createElement('template'), hints = HINTS;
  t.innerHTML = html;
  t.content.querySelectorAll('link[rel]').forEach(function (l) {
    var rel = l.getAttribute('rel').toLowerCase().split(/\\s+/);
    if (rel.some(function (r) { return hints.indexOf(r) >= 0; })) { l.remove(); }
  });
  return t.content;
}""".replace("HINTS", json.dumps(sorted(RESOURCE_HINTS)))

_PUSH_JS = "(function (h, b) {\n" + _INERT_JS + """
  document.getElementById('dl-header').replaceChildren(dlInert(h));
  document.getElementById('dl-body').replaceChildren(dlInert(b));
  return true;
})(%s, %s);"""

#: Each top-level block of the body starts with this comment, so that an edit replaces
#: only the blocks it changed (a 1 MB post: a few kB through runJavaScript, not 1.2 MB).
_MARK = "<!--dl-b-->"
#: Replace ``count`` blocks from block ``first`` with ``html``; false (nothing touched) when
#: the page does not hold the ``total`` blocks expected (then the body is sent whole).
_PATCH_JS = "(function (h, total, first, count, html) {\n" + _INERT_JS + """
  if (h !== null) { document.getElementById('dl-header').replaceChildren(dlInert(h)); }
  var body = document.getElementById('dl-body'), marks = [], nodes = body.childNodes;
  for (var i = 0; i < nodes.length; i++) {
    if (nodes[i].nodeType === 8 && nodes[i].data === 'dl-b') { marks.push(nodes[i]); }
  }
  if (marks.length !== total) { return false; }
  var end = first + count < total ? marks[first + count] : null;
  var node = first < total ? marks[first] : null;
  while (node !== null && node !== end) {
    var next = node.nextSibling; body.removeChild(node); node = next;
  }
  body.insertBefore(dlInert(html), end);
  return true;
})(%s, %d, %d, %d, %s);"""


def add_chromium_switches() -> None:
    """Put :data:`CHROMIUM_SWITCHES` in QTWEBENGINE_CHROMIUM_FLAGS, keeping the flags already
    there (call before the first QWebEngineProfile; later calls have no effect on Chromium)."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    missing = [switch for switch in CHROMIUM_SWITCHES if switch not in flags]
    if missing:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(flags + missing)


class RemoteBlocker(QWebEngineUrlRequestInterceptor):
    """Refuses network requests from the preview unless remote images are allowed."""

    def __init__(self) -> None:
        super().__init__()
        self.allow_remote = False
        self.blocked = 0
        #: Every http/https/ws/ftp request the page tried (allowed or not).
        self.remote_requests = 0

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt override
        """Block every request but the site's own files (and remote images when allowed)."""
        scheme = bytes(info.requestUrl().scheme().encode())
        if scheme not in _REMOTE_SCHEMES:
            return
        self.remote_requests += 1
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

    # The stub omits that createWindow may return None (no new window).
    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> None:  # type: ignore[override]  # noqa: N802
        return None


class WebPreviewPane(PreviewPane):
    """A QWebEngineView showing the post page."""

    backend_name = "webengine"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        add_chromium_switches()  # QtWebEngine starts with the first profile
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
        # Only this pane: were its siblings made native too (Qt's default), the menu bar
        # would get a window of its own, and each menu it opens would print "QWidgetWindow
        # (QMenuBarClassWindow) must be a top level window" (a popup's transient parent).
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
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
        #: The page in the site's look being shown ("" = the house reading view).
        self._site_html = ""
        self._ready = False
        self._in_flight = False
        self._content: tuple[str, str] | None = None
        self._dirty = False
        # What the page shows, when it shows it block by block (see _PATCH_JS).
        self._shown: _Shown | None = None
        self._sending: _Shown | None = None
        #: The content the page being loaded shows from its first frame (see
        #: _install_first_content): (its token, content, what the page then shows).
        self._first: tuple[int, tuple[str, str], _Shown | None] | None = None
        self._first_token = 0
        self._serial = 0
        self._load_pending = False
        #: Nothing to show yet: the page is loaded when the first render arrives, as the
        #: house page or the site's own (one load at start, whichever view it is).
        self._waiting = False
        #: The first render goes to the reading view (its page need not wait for it).
        self._reading_first = False
        self.page.loadFinished.connect(self._on_page_load_finished)
        self._load_template()

    def _load_template(self) -> None:
        """(Re)load the page on the next event-loop turn: the settings made right after the
        pane is created (site folder, theme, remote images) then cost one load, not several."""
        self._ready = False
        self._in_flight = False
        self._shown = None
        self._serial += 1
        if not self._load_pending:
            self._load_pending = True
            QTimer.singleShot(0, self, self._load_template_now)

    def _load_template_now(self) -> None:
        if not self._load_pending:
            return  # loaded already (load_reading_page)
        self._load_pending = False
        if self._content is None and not self._site_html and not self._reading_first:
            self._waiting = True
            return
        self._waiting = False
        site = bool(self._site_html) and self._root is not None
        self.page.setBackgroundColor(QColor("#1e1f22" if self._dark and not site else "#ffffff"))
        base = QUrl.fromLocalFile(str(self._root) + "/") if self._root else QUrl("file:///")
        self.page.loading_template = True
        html = (site_page(self._site_html, self._remote) if site
                else page_template(self._dark, self._remote))
        self._install_first_content()
        self.page.setHtml(html, base)

    def _install_first_content(self) -> None:
        """Have the page that is about to load show the content already known from its first
        frame: the same script a push runs, run in our world by Chromium as soon as the page
        is parsed (before it is painted), instead of a frame of the empty page and a trip
        through runJavaScript after the load. :meth:`_on_page_load_finished` checks that it ran."""
        scripts = self.page.scripts()
        for old in scripts.find(_FIRST_SCRIPT):
            scripts.remove(old)
        self._first = None
        if self._content is None:
            return
        script, shows = self._script_for(self._content)
        self._first_token += 1
        first = QWebEngineScript()
        first.setName(_FIRST_SCRIPT)
        first.setWorldId(_WORLD)
        first.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
        first.setRunsOnSubFrames(False)
        # The marker is set only when the content went in (a failing script stops before it).
        first.setSourceCode(f"{script}\nwindow.dlFirst = {self._first_token};")
        scripts.insert(first)
        self._first = (self._first_token, self._content, shows)

    def load_reading_page(self) -> None:
        """Load the reading view's page now, the settings made so far being all there are,
        rather than on the next event-loop turn once the first render has arrived: the
        page loads while the post renders, and the render only fills it."""
        self._reading_first = True
        if self._load_pending:
            self._load_template_now()

    def _on_page_load_finished(self, _ok: bool) -> None:
        self.page.loading_template = False
        self._ready = True
        first, self._first = self._first, None
        scripts = self.page.scripts()
        for script in scripts.find(_FIRST_SCRIPT):
            scripts.remove(script)  # a later load gets the content of its own moment
        if first is None:
            self._dirty = self._content is not None
            self._push()
        else:  # ask the page whether the content went in, as a push would answer
            token, content, self._sending = first
            self._dirty = self._content is not content
            self._in_flight = True
            serial = self._serial
            self.page.runJavaScript(f"window.dlFirst === {token}", _WORLD,
                                    lambda result: self._on_push_done(result is True, serial))
        self.page_loaded.emit()

    def show_content(self, header_html: str, body_html: str) -> None:
        """Show the rendered header and body (in place, keeping the scroll position)."""
        self._content = (header_html, body_html)
        self._dirty = True
        if self._waiting:
            self._load_template()
        elif self.page.loading_template and not self._ready:
            # The page being loaded may not have been parsed yet: it may still take the
            # content in (else the push after the load brings it).
            self._install_first_content()
        self._push()

    def _push(self) -> None:
        if not self._ready or self._in_flight or not self._dirty or self._content is None:
            return
        self._dirty = False
        self._in_flight = True
        script, self._sending = self._script_for(self._content)
        self._shown = None  # until the page confirms
        serial = self._serial
        self.page.runJavaScript(script, _WORLD,
                                lambda result: self._on_push_done(result, serial))

    def _script_for(self, content: tuple[str, str]) -> tuple[str, _Shown | None]:
        """The script that puts ``content`` in the page, and what the page then shows
        (None when the body does not come block by block)."""
        header, body = content
        if self._site_html:
            header = ""  # the site's layout shows the title, byline and image itself
        blocks: tuple[str, ...] | None = getattr(body, "blocks", None)
        if blocks is None:
            return _PUSH_JS % (json.dumps(header), json.dumps(body)), None
        if self._shown is None:
            marked = _MARK + _MARK.join(blocks)
            return _PUSH_JS % (json.dumps(header), json.dumps(marked)), (header, blocks)
        return self._patch_script(header, blocks, *self._shown), (header, blocks)

    @staticmethod
    def _patch_script(header: str, blocks: tuple[str, ...], old_header: str,
                      old: tuple[str, ...]) -> str:
        """The script that turns the page showing ``old`` into one showing ``blocks``."""
        limit = min(len(old), len(blocks))
        first = 0
        while first < limit and old[first] == blocks[first]:
            first += 1
        same_end = 0
        while (same_end < limit - first
               and old[len(old) - 1 - same_end] == blocks[len(blocks) - 1 - same_end]):
            same_end += 1
        changed = blocks[first:len(blocks) - same_end]
        html = _MARK + _MARK.join(changed) if changed else ""
        return _PATCH_JS % (json.dumps(header) if header != old_header else "null", len(old),
                            first, len(old) - first - same_end, json.dumps(html))

    def _on_push_done(self, result: object, serial: int) -> None:
        if serial != self._serial:
            return  # sent to a page that has been replaced since
        self._in_flight = False
        if result is False:  # the page did not hold what we thought: send the body whole
            self._shown = None
            self._dirty = True
        elif self._sending is not None:
            self._shown = self._sending
        if self._dirty:
            self._push()
        else:
            self.body_updated.emit()

    def show_page(self, page_html: str) -> None:
        """Show a whole page (the site's own look)."""
        if page_html != self._site_html:
            self._site_html = page_html
            self._load_template()

    def set_site_root(self, root: Path | None) -> None:
        """Resolve the site's images against ``root``."""
        if root != self._root:
            self._root = root
            self._load_template()

    def set_remote_images(self, enabled: bool) -> None:
        """Allow or block images from the internet."""
        self.blocker.allow_remote = enabled
        if enabled != self._remote:
            self._remote = enabled
            s = self.page.settings()
            s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, enabled)
            self._load_template()

    def set_dark(self, dark: bool) -> None:
        """Follow the dark or light theme."""
        if dark != self._dark:
            self._dark = dark
            self.page.setBackgroundColor(QColor("#1e1f22" if dark and not self._site_html
                                                else "#ffffff"))
            if self._ready:
                self.page.runJavaScript(
                    "document.documentElement.className = "
                    f"{json.dumps('dark' if dark else 'light')};",
                    _WORLD)

    def scroll_to_fraction(self, fraction: float) -> None:
        """Scroll to the same fraction of the page as the editor."""
        if self._ready:
            self.page.runJavaScript(
                "(function(f){var e=document.scrollingElement;"
                f"e.scrollTop=f*(e.scrollHeight-e.clientHeight);}})({fraction:f});", _WORLD)

    def evaluate(self, script: str, callback: Callable[[Any], object]) -> None:
        """Run ``script`` in our isolated world (tests inspect the page with it)."""
        self.page.runJavaScript(script, _WORLD, callback)

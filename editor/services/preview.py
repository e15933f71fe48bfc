"""The preview scheduler: debounced, coalesced rendering of the post on a worker thread."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

__all__ = ["BlockHtml", "PreviewScheduler", "RenderJob", "RenderResult", "delay_for",
           "render_job", "split_blocks"]


@dataclass(frozen=True)
class RenderJob:
    """One thing to render: the body, the front matter, the site it belongs to."""

    generation: int
    body: str
    page: dict[str, Any] = field(default_factory=dict)
    site_root: Path | None = None
    site_baseurl: str = ""
    requested_at: float = 0.0


@dataclass(frozen=True)
class RenderResult:
    """A rendered post: header (title, image, excerpt) and body HTML."""

    generation: int
    header_html: str
    body_html: str
    seconds: float
    requested_at: float = 0.0
    error: str = ""


def delay_for(length: int) -> int:
    """Typing pause (ms) before rendering: short for a short post, longer for a long one."""
    return int(min(600, 40 + length / 4000))


# -- rendering (runs on the worker thread) ----------------------------------------------

_ABS_SRC_RE = re.compile(r"""(<(?:img|source|video|audio)\b[^>]*?\bsrc\s*=\s*["'])/(?!/)""", re.I)


class _Renderers:
    """The engine's incremental renderer per site, created on first use (lazy imports)."""

    def __init__(self) -> None:
        self._by_root: dict[Path | None, Any] = {}

    def render(self, job: RenderJob) -> str:
        renderer = self._by_root.get(job.site_root)
        if renderer is None:
            renderer = self._by_root[job.site_root] = _make_renderer(job.site_root)
        return renderer(job.body, job.page)


def _make_renderer(root: Path | None) -> Any:
    try:
        from editor.core.render import SiteContext

        site = SiteContext.from_dir(root) if root is not None else None
    except Exception:  # noqa: BLE001 - the render engine is being written in parallel
        site = None
    try:
        from editor.core.render import Renderer

        engine = Renderer(site)
        return lambda body, page: engine.render(body, page)
    except Exception:  # noqa: BLE001
        pass
    try:
        from editor.core.render import render_body

        return lambda body, page: render_body(body, page, site)
    except Exception:  # noqa: BLE001
        import markdown

        return lambda body, page: markdown.markdown(body, extensions=["extra"])


def _site_url(root: Path | None) -> str:
    return root.resolve().as_uri() + "/" if root is not None else ""


def resolve_site_paths(body_html: str, root: Path | None, baseurl: str = "") -> str:
    """Point site-absolute image paths (`/assets/x.jpg`, with the site's baseurl) at the
    site folder, as Jekyll's server would serve them."""
    if root is None:
        return body_html
    base = _site_url(root)
    out = _ABS_SRC_RE.sub(lambda m: m.group(1) + base, body_html)
    if baseurl:
        out = out.replace(base + baseurl.strip("/") + "/", base)
    return out


def header_html(page: dict[str, Any], root: Path | None, baseurl: str = "") -> str:
    """The title, image and excerpt a post page shows above the body."""
    parts: list[str] = []
    title = page.get("title")
    if title not in (None, ""):
        parts.append(f'<h1 class="post-title">{html.escape(str(title))}</h1>')
    image = page.get("image")
    if isinstance(image, dict):
        image = image.get("path") or image.get("feature") or image.get("url")
    if isinstance(image, str) and image.strip():
        src = image.strip()
        if not re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) and root is not None:
            src = src.lstrip("/")
            if baseurl and src.startswith(baseurl.strip("/") + "/"):
                src = src[len(baseurl.strip("/")) + 1:]
        parts.append(f'<img class="post-image" alt="" src="{html.escape(src, quote=True)}">')
    excerpt = page.get("excerpt")
    if isinstance(excerpt, str) and excerpt.strip():
        parts.append(f'<p class="post-excerpt">{html.escape(excerpt.strip())}</p>')
    return "\n".join(parts)


class BlockHtml(str):
    """Body HTML that also knows its top-level blocks (``"".join(blocks) == self``), so the
    preview can replace only the blocks an edit changed instead of the whole page."""

    blocks: tuple[str, ...]


_TAG_RE = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[!?][^>]*>"
                     r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^>]*)?>", re.S)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAW = frozenset(("script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                  "noframes", "noscript", "plaintext"))


def split_blocks(html_text: str) -> tuple[str, ...] | None:
    """``html_text`` cut after each top-level element (text between elements goes with
    the next one); None when the tags do not nest cleanly (then the page is replaced whole).
    Runs on the render thread or process, never on the UI thread."""
    cuts: list[int] = []
    depth = 0
    pos = 0
    search = _TAG_RE.search
    while True:
        m = search(html_text, pos)
        if m is None:
            break
        pos = m.end()
        name = m.group(2)
        if name is None:  # comment, doctype, CDATA, processing instruction
            if depth == 0:
                cuts.append(pos)
            continue
        name = name.lower()
        if m.group(1):  # a closing tag
            depth -= 1
            if depth < 0:
                return None
        elif name in _RAW:
            close = re.compile(rf"</{name}\s*>", re.I).search(html_text, pos)
            if close is None:
                return None
            pos = close.end()
        elif name not in _VOID and not m.group(0).endswith("/>"):
            depth += 1
            continue
        if depth == 0:
            cuts.append(pos)
    if depth != 0:
        return None
    blocks: list[str] = []
    start = 0
    for cut in cuts:
        blocks.append(html_text[start:cut])
        start = cut
    if start < len(html_text):
        if blocks:
            blocks[-1] += html_text[start:]
        else:
            blocks.append(html_text[start:])
    return tuple(blocks)


def _with_blocks(body: str) -> str:
    blocks = split_blocks(body)
    if blocks is None:
        return body
    out = BlockHtml(body)
    out.blocks = blocks
    return out


def render_job(job: RenderJob, renderers: _Renderers | None = None) -> RenderResult:
    """Render one job (any thread); errors become a message in the result, never a raise."""
    start = time.perf_counter()
    try:
        body = (renderers or _Renderers()).render(job)
        body = _with_blocks(resolve_site_paths(body, job.site_root, job.site_baseurl))
        error = ""
    except Exception as exc:  # noqa: BLE001 - a preview must never take the window down
        body = f"<pre class=\"render-error\">{html.escape(str(exc) or type(exc).__name__)}</pre>"
        error = str(exc)
    header = header_html(job.page, job.site_root, job.site_baseurl)
    return RenderResult(job.generation, header, body, time.perf_counter() - start,
                        job.requested_at, error)


#: Bodies longer than this render in a helper process: Python-Markdown holds the GIL for
#: long stretches on a big text, which would stall typing on the UI thread.
PROCESS_THRESHOLD = 250_000
_PROCESS_RENDERERS: _Renderers | None = None


def _render_in_process(job: RenderJob) -> RenderResult:
    """Runs in the helper process; keeps its renderers (and their caches) between jobs."""
    global _PROCESS_RENDERERS
    if _PROCESS_RENDERERS is None:
        _PROCESS_RENDERERS = _Renderers()
    return render_job(job, _PROCESS_RENDERERS)


class _Worker(QObject):
    finished = Signal(object)  # RenderResult

    def __init__(self) -> None:
        super().__init__()
        self._renderers = _Renderers()
        self._pool: Any = None

    @Slot(object)
    def render(self, job: RenderJob) -> None:
        if len(job.body) > PROCESS_THRESHOLD:
            try:
                self.finished.emit(self._process_pool().submit(_render_in_process, job).result())
                return
            except Exception:  # noqa: BLE001 - no helper process: render here instead
                self._pool = None
        self.finished.emit(render_job(job, self._renderers))

    def _process_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def close(self) -> None:
        """Stop the helper process, if one was started."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


# -- the scheduler (UI thread) -----------------------------------------------------------


class PreviewScheduler(QObject):
    """Coalesces render requests: waits for a typing pause that scales with the
    post's size, keeps one job in flight, and renders only the newest text.

    With ``threaded=False`` jobs run synchronously (tests, scripts).
    """

    rendered = Signal(object)  # RenderResult
    _submit = Signal(object)  # RenderJob, to the worker thread

    def __init__(self, threaded: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._pending: RenderJob | None = None
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._threaded = threaded
        self._sync_renderers = _Renderers()

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        self._thread = QThread()
        self._thread.setObjectName("dateline-preview")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.render)
        self._worker.finished.connect(self._on_worker_finished)
        self._thread.start()

    def request(self, body: str, page: dict[str, Any], site_root: Path | None,
                baseurl: str = "", immediate: bool = False) -> int:
        """Ask for a render of this text; returns its generation number."""
        self._generation += 1
        self._pending = RenderJob(self._generation, body, page, site_root, baseurl,
                                  time.perf_counter())
        if immediate:
            self._timer.stop()
            self._dispatch()
        else:
            self._timer.start(delay_for(len(body)))
        return self._generation

    @property
    def busy(self) -> bool:
        """Whether a render is waiting or running."""
        return self._in_flight or self._pending is not None

    def _on_timer_timeout(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        if self._in_flight or self._pending is None:
            return
        job, self._pending = self._pending, None
        if not self._threaded:
            self._in_flight = True
            self._on_worker_finished(render_job(job, self._sync_renderers))
            return
        self._ensure_thread()
        self._in_flight = True
        self._submit.emit(job)

    def _on_worker_finished(self, result: RenderResult) -> None:
        self._in_flight = False
        self.rendered.emit(result)
        if self._pending is not None and not self._timer.isActive():
            self._dispatch()

    def shutdown(self) -> None:
        """Stop the worker thread (call before the application quits)."""
        self._timer.stop()
        self._pending = None
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(5000)
            self._thread = None
        if self._worker is not None:
            self._worker.close()
            self._worker = None

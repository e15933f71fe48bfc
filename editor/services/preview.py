"""The preview scheduler: debounced, coalesced rendering of the post on a worker thread."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from editor.core.fields import Field

if TYPE_CHECKING:  # at run time these come from __getattr__ below
    from editor.services.preview_render import (
        CSP_TOKEN,
        BlockHtml,
        RenderJob,
        RenderResult,
        _Renderers,
        header_html,
        render_job,
        resolve_site_paths,
        split_blocks,
    )

__all__ = ["CSP_TOKEN", "BlockHtml", "PreviewScheduler", "RenderJob", "RenderResult", "delay_for",
           "header_html", "render_job", "resolve_site_paths", "split_blocks"]

#: What this module offers from editor.services.preview_render (the renderer, imported on
#: the first render: at start-up that comes after the first frame, see PreviewScheduler.hold).
_FROM_RENDER = frozenset(__all__) - {"PreviewScheduler", "delay_for"}


def __getattr__(name: str) -> Any:
    if name in _FROM_RENDER:
        from editor.services import preview_render

        return getattr(preview_render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def delay_for(length: int) -> int:
    """Typing pause (ms) before rendering: short for a short post, a little longer for a long
    one. The render is incremental (a one-key edit of a 1 MB post: ~80 ms, off the UI thread)
    and only the newest text is rendered, so the pause stays under 100 ms: a keystroke
    reaches the preview within ~200 ms even at 1 MB."""
    return int(min(95, 40 + length / 20_000))


#: Bodies longer than this render in a helper process: Python-Markdown holds the GIL for
#: long stretches on a big text, which would stall typing on the UI thread.
PROCESS_THRESHOLD = 250_000


class _Worker(QObject):
    finished = Signal(object)  # RenderResult

    def __init__(self) -> None:
        super().__init__()
        from editor.services.preview_render import _Renderers

        self._renderers = _Renderers()
        self._pool: Any = None

    @Slot(object)
    def render(self, job: RenderJob) -> None:
        from editor.services.preview_render import _render_in_process, render_job

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
        #: The newest request not rendered yet: RenderJob's fields (the job itself is made
        #: when it is sent, so the renderer's module is not needed before then).
        self._pending: tuple[Any, ...] | None = None
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._threaded = threaded
        self._sync_renderers: _Renderers | None = None
        #: "site" (the site's own layouts and CSS when it has them) or "reading".
        self.view = "reading"
        self._held = False

    def hold(self) -> None:
        """Keep render requests waiting (only the newest is kept) until :meth:`release`.

        At start-up the first render waits for the first frame: the worker thread renders
        in Python, and the GIL it takes delayed the window's map by ~20 ms (measured).
        """
        self._held = True

    def release(self) -> None:
        """Render what waited during :meth:`hold` (if anything) and stop holding."""
        if self._held:
            self._held = False
            self._dispatch()

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
                baseurl: str = "", immediate: bool = False,
                post_path: Path | None = None,
                header_fields: tuple[Field, ...] | None = None) -> int:
        """Ask for a render of this text (``header_fields``: the site schema's fields the
        header shows, None for the built-in ones); returns its generation number."""
        self._generation += 1
        self._pending = (self._generation, body, page, site_root, baseurl,
                         time.perf_counter(), self.view, post_path, header_fields)
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
        if self._held or self._in_flight or self._pending is None:
            return
        from editor.services.preview_render import RenderJob, _Renderers, render_job

        job, self._pending = RenderJob(*self._pending), None
        if not self._threaded:
            self._in_flight = True
            if self._sync_renderers is None:
                self._sync_renderers = _Renderers()
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

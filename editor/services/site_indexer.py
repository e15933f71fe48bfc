"""Indexes the open site off the UI thread and keeps the index fresh as files change on disk."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from editor.core.site import IndexChanges, PostEntry, SiteIndex

#: How long file-system events are gathered before one refresh runs (ms).
DEBOUNCE_MS = 300
#: Fallback polling for changes the watcher misses (edits inside watched folders, network drives).
POLL_MS = 5000


class SiteIndexer(QObject):
    """Owns the :class:`SiteIndex` of the open site and refreshes it in a worker thread.

    Signals (queued to the UI thread): ``started``, ``progress(done, total)``,
    ``indexed(list[PostEntry])`` after each refresh that changed something (and
    after the first one), ``failed(str)``. Refreshes are coalesced: one runs at a
    time and a request made meanwhile runs once afterwards.
    """

    started = Signal()
    progress = Signal(int, int)
    indexed = Signal(object)  # list[PostEntry], newest first
    failed = Signal(str)
    _finished = Signal(object, object, object)  # (index, changes | None, error | None)

    def __init__(self, parent: QObject | None = None, watch: bool = True,
                 poll_ms: int = POLL_MS, use_cache: bool = True) -> None:
        super().__init__(parent)
        self._index: SiteIndex | None = None
        self._use_cache = use_cache
        self._thread: threading.Thread | None = None
        self._pending = False
        self._first = True
        self._cancel = threading.Event()
        self._finished.connect(self._on_worker_finished)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.refresh)
        self._watcher: QFileSystemWatcher | None = None
        if watch:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.directoryChanged.connect(self._on_watcher_changed)
            self._watcher.fileChanged.connect(self._on_watcher_changed)

    @property
    def index(self) -> SiteIndex | None:
        """The current index (None until a site is opened); safe to query from the UI thread."""
        return self._index

    @property
    def busy(self) -> bool:
        """Whether a refresh is running."""
        return self._thread is not None

    def open_site(self, root: Path) -> None:
        """Start indexing the site at ``root`` (the previous site is dropped)."""
        self.close_site()
        self._index = SiteIndex(Path(root), use_cache=self._use_cache)
        self._first = True
        self._watch(self._index.root)
        if self._watcher is not None:
            self._poll.start()
        self.refresh()

    def close_site(self) -> None:
        """Stop watching and forget the site; a running refresh is abandoned."""
        self._cancel.set()
        self._poll.stop()
        self._debounce.stop()
        if self._watcher is not None:
            for paths in (self._watcher.files(), self._watcher.directories()):
                if paths:
                    self._watcher.removePaths(paths)
        self._index = None
        self._pending = False

    def wait(self, timeout: float | None = None) -> None:
        """Block until a running refresh ends (for shutdown and scripts)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    @Slot()
    def refresh(self) -> None:
        """Re-stat the site in the background (coalesced with a refresh already running)."""
        if self._index is None:
            return
        if self._thread is not None:
            self._pending = True
            return
        index = self._index
        self._cancel = cancel = threading.Event()
        self.started.emit()

        def work() -> None:
            try:
                changes = index.refresh(progress=self.progress.emit, cancelled=cancel.is_set)
            except Exception as exc:  # noqa: BLE001 - reported to the writer, never lost
                self._finished.emit(index, None, f"the site could not be indexed: {exc}")
                return
            self._finished.emit(index, changes, None)

        self._thread = threading.Thread(target=work, name="site-indexer", daemon=True)
        self._thread.start()

    @Slot(Path)
    def note_saved(self, path: Path) -> None:
        """The editor saved ``path``: refresh soon (no need to wait for the poll)."""
        self._debounce.start()

    def _watch(self, root: Path) -> None:
        if self._watcher is None:
            return
        paths = [root, root / "_config.yml", root / "_posts", root / "_drafts", root / "_data",
                 root / "_layouts", root / "_includes"]
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        existing = [str(p) for p in paths if p.exists() and str(p) not in watched]
        if existing:
            self._watcher.addPaths(existing)

    @Slot(str)
    def _on_watcher_changed(self, _path: str) -> None:
        self._debounce.start()

    @Slot(object, object, object)
    def _on_worker_finished(self, index: SiteIndex, changes: IndexChanges | None,
                            error: str | None) -> None:
        if self._thread is not None:
            self._thread.join()
        self._thread = None
        if index is not self._index:
            return  # a site closed or replaced meanwhile
        if error is not None:
            self.failed.emit(error)
        elif changes or self._first:
            self._first = False
            if self._watcher is not None:
                self._watch(index.root)  # folders created since (e.g. _drafts)
            entries: list[PostEntry] = index.entries()
            self.indexed.emit(entries)
        if self._pending:
            self._pending = False
            self.refresh()

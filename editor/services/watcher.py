"""Noticing when another program changes or deletes the open post, and what to do about it."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.core.files import ABSENT, Fingerprint, changed_since, current_fingerprint
from editor.services.document import DocumentController, DocumentError

__all__ = ["ExternalChange", "ExternalChangeMonitor", "FileWatcher", "Resolution"]

#: Editors save in several steps (write a temp file, rename, touch); wait for
#: the dust to settle before looking (ms).
DEFAULT_SETTLE_MS = 150


class ExternalChange(Enum):
    """What happened to the file on disk."""

    CHANGED = "changed"
    DELETED = "deleted"


class Resolution(Enum):
    """The writer's answer when the file changed under unsaved edits."""

    RELOAD = "reload"
    KEEP_MINE = "keep"


class FileWatcher(QObject):
    """Watches one file and reports when its content differs from a known fingerprint.

    ``QFileSystemWatcher`` stops watching a file that is replaced by rename
    (what editors, git and our own atomic save do), so the folder is watched
    too and the file re-added whenever it reappears. Each disk state is
    reported once; our own saves are not reported once :meth:`set_fingerprint`
    has been told the new fingerprint.
    """

    changed = Signal(object)  # Path: the content is no longer what we read or saved
    deleted = Signal(object)  # Path: the file is gone

    def __init__(self, settle_ms: int = DEFAULT_SETTLE_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qt = QFileSystemWatcher(self)
        self._qt.fileChanged.connect(self._on_qt_changed)
        self._qt.directoryChanged.connect(self._on_qt_changed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self.check_now)
        self._path: Path | None = None
        self._fingerprint: Fingerprint | None = None
        self._reported: Fingerprint | None = None

    @property
    def path(self) -> Path | None:
        """The watched file."""
        return self._path

    def watch(self, path: Path | None, fingerprint: Fingerprint | None) -> None:
        """Watch ``path`` (None: nothing), expecting it to look like ``fingerprint``."""
        self.unwatch()
        if path is None:
            return
        self._path = Path(path)
        self._fingerprint = fingerprint
        self._reported = None
        self._readd()

    def set_fingerprint(self, fingerprint: Fingerprint | None) -> None:
        """What the file is expected to look like now (after a save or reload)."""
        self._fingerprint = fingerprint
        self._reported = None
        self._readd()

    def unwatch(self) -> None:
        """Stop watching."""
        self._settle.stop()
        watched = self._qt.files() + self._qt.directories()
        if watched:
            self._qt.removePaths(watched)
        self._path = None

    def _readd(self) -> None:
        if self._path is None:
            return
        folder = str(self._path.parent)
        if folder not in self._qt.directories() and self._path.parent.is_dir():
            self._qt.addPath(folder)
        if str(self._path) not in self._qt.files() and self._path.exists():
            self._qt.addPath(str(self._path))

    def _on_qt_changed(self, _name: str) -> None:
        self._settle.start()

    def check_now(self) -> None:
        """Look at the file now and report a change not yet reported."""
        self._settle.stop()
        path = self._path
        if path is None or self._fingerprint is None:
            return
        self._readd()
        if not changed_since(path, self._fingerprint):
            self._reported = None
            return
        now = current_fingerprint(path)
        if now == self._reported or (self._reported is not None
                                     and now.sha256 == self._reported.sha256):
            return
        self._reported = now
        if now == ABSENT:
            self.deleted.emit(path)
        else:
            self.changed.emit(path)


class ExternalChangeMonitor(QObject):
    """Applies the rules for a post changed on disk by another program (PRODUCT.md G7):

    * no unsaved edits: reload it, and say so (:attr:`notice`);
    * unsaved edits: ask (``ask`` returns :class:`Resolution`: reload, or keep
      mine); never overwrite silently;
    * deleted: say so (:attr:`file_deleted`), keep the text, mark it modified.

    ``ask(name, mine, theirs)`` is given the file name and both versions as
    text; the window provides it (a question with a "show differences" view).
    """

    notice = Signal(str)  # plain words for the status bar
    file_deleted = Signal(str)  # plain words: the file was deleted
    failed = Signal(str)  # plain words: reloading failed

    def __init__(self, document: DocumentController,
                 ask: Callable[[str, str, str], Resolution],
                 watcher: FileWatcher | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._ask = ask
        self.watcher = watcher if watcher is not None else FileWatcher(parent=self)
        self._asking = False
        self.watcher.changed.connect(self._on_watcher_changed)
        self.watcher.deleted.connect(self._on_watcher_deleted)
        document.loaded.connect(self._on_document_loaded)
        document.saved.connect(self._on_document_saved)
        self._follow_document()

    def _follow_document(self) -> None:
        path = self.document.path
        if path != self.watcher.path:
            self.watcher.watch(path, self.document.fingerprint)
        else:
            self.watcher.set_fingerprint(self.document.fingerprint)

    def _on_document_loaded(self, _post: object) -> None:
        self._follow_document()

    def _on_document_saved(self, _path: Path) -> None:
        self._follow_document()

    def _on_watcher_changed(self, path: Path) -> None:
        if self._asking or path != self.document.path:
            return
        name = path.name
        if not self.document.is_modified:
            if self._reload():
                self.notice.emit(f"{name} was changed by another program; "
                                 "Dateline now shows the new version.")
            return
        try:
            theirs_bytes = path.read_bytes()
        except OSError:
            return  # gone again already: the deletion will be reported
        from editor.core.post import read_post

        mine = self.document.post.to_text()
        theirs = read_post(theirs_bytes).to_text()
        self._asking = True
        try:
            answer = self._ask(name, mine, theirs)
        finally:
            self._asking = False
        if answer is Resolution.RELOAD:
            if self._reload():
                self.notice.emit(f"Reloaded {name}; your unsaved changes were dropped.")
        else:
            self.document.rebase_on_disk()
            self.watcher.set_fingerprint(self.document.fingerprint)
            self.notice.emit(f"Kept your version of {name}; saving will replace "
                             "the other program's changes.")

    def _on_watcher_deleted(self, path: Path) -> None:
        if path != self.document.path:
            return
        self.document.rebase_on_disk()
        self.watcher.set_fingerprint(self.document.fingerprint)
        self.file_deleted.emit(
            f"{path.name} was deleted or moved by another program. Your text is still "
            "here, unsaved: save it to put the file back, or Save As to keep it elsewhere.")

    def _reload(self) -> bool:
        try:
            self.document.revert()
        except DocumentError as exc:
            self.failed.emit(str(exc))
            return False
        return True

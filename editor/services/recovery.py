"""Journalling unsaved posts while the writer types, and restoring them after a crash."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core.files import Fingerprint
from editor.core.journal import Journal, JournalEntry, JournalError, key_for_path, untitled_key
from editor.core.post import Post, read_post
from editor.services.document import DocumentController

__all__ = ["JournalService", "recovered_post"]

#: Quiet time after the last edit before the journal is written (ms).
DEFAULT_DELAY_MS = 1000
#: Longest an edit waits while the writer types without pausing (ms).
DEFAULT_MAX_WAIT_MS = 5000


def recovered_post(entry: JournalEntry) -> tuple[Post, Fingerprint | None]:
    """The journalled post, based on what is on disk now, so that it shows as modified.

    Returns the post and the fingerprint to check before saving: the one the
    unsaved text was based on, so a file changed since then is never
    overwritten silently. Never raises for an unreadable original.
    """
    try:
        disk = entry.path.read_bytes() if entry.path is not None else b""
    except OSError:
        disk = b""
    post = read_post(entry.data)
    post.path = entry.path
    post.rebase(disk)
    return post, entry.fingerprint


class _Tracked(QObject):
    """One document's journal key and the timers that decide when to write it."""

    def __init__(self, service: JournalService, document: DocumentController) -> None:
        super().__init__(service)
        self.service = service
        self.document = document
        self.key = self._key_now()
        self.delay = QTimer(self)
        self.delay.setSingleShot(True)
        self.delay.setInterval(service.delay_ms)
        self.delay.timeout.connect(self.write)
        self.max_wait = QTimer(self)
        self.max_wait.setSingleShot(True)
        self.max_wait.setInterval(service.max_wait_ms)
        self.max_wait.timeout.connect(self.write)
        document.text_changed.connect(self._on_document_text_changed)
        document.modified_changed.connect(self._on_document_modified_changed)
        document.loaded.connect(self._on_document_loaded)
        document.saved.connect(self._on_document_saved)
        document.destroyed.connect(self._on_document_destroyed)

    def _key_now(self) -> str:
        path = self.document.path
        return key_for_path(path) if path is not None else untitled_key()

    def _on_document_text_changed(self) -> None:
        self.schedule()

    def _on_document_modified_changed(self) -> None:
        if self.document.is_modified:
            self.schedule()
        else:
            self.forget()

    def _on_document_loaded(self, _post: Post) -> None:
        # Another post (or a reload) replaces the old one, whose changes the
        # writer saved or chose to drop.
        self.forget()
        self.key = self._key_now()

    def _on_document_saved(self, _path: Path) -> None:
        self.forget()
        self.key = self._key_now()

    def _on_document_destroyed(self) -> None:
        self.stop()
        self.service._untrack(self)

    def schedule(self) -> None:
        """Write after a pause in typing, and at the latest after the maximum wait."""
        self.delay.start()
        if not self.max_wait.isActive():
            self.max_wait.start()

    def stop(self) -> None:
        """Cancel pending writes."""
        self.delay.stop()
        self.max_wait.stop()

    def forget(self) -> None:
        """The post has no unsaved changes any more: drop its entry."""
        self.stop()
        self.service.discard_key(self.key)

    def write(self) -> None:
        """Journal the document now if it has unsaved changes (the disk work runs off the
        UI thread; the bytes are taken here, so later typing cannot mix in)."""
        self.stop()
        document = self.document
        if not document.is_modified:
            self.service.discard_key(self.key)
            return
        self.service.write_in_background(self.key, document.current_bytes(), document.path,
                                         document.fingerprint)


class JournalService(QObject):
    """Keeps the recovery journal in step with open documents.

    A document's unsaved bytes are written ``delay_ms`` after the last edit
    (at most ``max_wait_ms`` after the first unjournalled one), its entry is
    dropped when it is saved, reverted, closed or its changes undone, and
    :meth:`shutdown` on a clean exit removes this instance's journal.
    """

    written = Signal(object)  # JournalEntry
    failed = Signal(str)  # plain words: the journal could not be written

    def __init__(self, journal: Journal | None = None, delay_ms: int = DEFAULT_DELAY_MS,
                 max_wait_ms: int = DEFAULT_MAX_WAIT_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal if journal is not None else Journal()
        self.delay_ms = delay_ms
        self.max_wait_ms = max_wait_ms
        self._tracked: list[_Tracked] = []
        # One writer thread: writes and discards happen in the order they were asked
        # for, and an fsync of a long post never stalls typing.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dateline-journal")
        self._pending: list[Future[None]] = []

    def write_in_background(self, key: str, data: bytes, path: Path | None,
                            fingerprint: Fingerprint | None) -> None:
        """Journal ``data`` on the writer thread; :attr:`written` or :attr:`failed` follows."""
        self._pending = [f for f in self._pending if not f.done()]
        self._pending.append(self._writer.submit(self._write_now, key, data, path, fingerprint))

    def _write_now(self, key: str, data: bytes, path: Path | None,
                   fingerprint: Fingerprint | None) -> None:
        try:
            entry = self.journal.write(key, data, path, fingerprint)
        except JournalError as exc:
            self.failed.emit(str(exc))
            return
        self.written.emit(entry)

    def wait_for_writes(self) -> None:
        """Block until every journal write asked for so far is on disk."""
        for future in self._pending:
            future.result()
        self._pending.clear()

    def discard_key(self, key: str) -> None:
        """Drop the entry of ``key`` (after any write of it still under way)."""
        self.wait_for_writes()
        self.journal.discard(key)

    def start(self) -> list[JournalEntry]:
        """Take this instance's lock and return what crashed instances left behind.

        A journal that cannot be created is reported through :attr:`failed`;
        the editor works on without it.
        """
        try:
            self.journal.start()
        except JournalError as exc:
            self.failed.emit(str(exc))
            return []
        return self.journal.recoverable()

    def track(self, document: DocumentController) -> None:
        """Journal ``document`` from now on."""
        self._tracked.append(_Tracked(self, document))

    def _untrack(self, tracked: _Tracked) -> None:
        if tracked in self._tracked:
            self._tracked.remove(tracked)

    def flush(self) -> None:
        """Write every pending entry now."""
        for tracked in list(self._tracked):
            if tracked.delay.isActive() or tracked.max_wait.isActive():
                tracked.write()
        self.wait_for_writes()

    def restore(self, document: DocumentController, entry: JournalEntry) -> None:
        """Open a recovered entry in ``document`` as unsaved changes, journal it under
        this instance, then drop the crashed instance's copy."""
        post, fingerprint = recovered_post(entry)
        document.install_recovered(post, fingerprint)
        for tracked in self._tracked:
            if tracked.document is document:
                tracked.write()
        self.discard(entry)

    def discard(self, entry: JournalEntry) -> None:
        """Drop a recovered entry the writer does not want (or has restored)."""
        try:
            self.journal.discard_entry(entry)
        except JournalError as exc:
            self.failed.emit(str(exc))

    def shutdown(self) -> None:
        """A clean exit (every window closed, the writer asked about unsaved changes):
        stop the timers and remove this instance's journal."""
        for tracked in list(self._tracked):
            tracked.stop()
        self.wait_for_writes()
        self._writer.shutdown(wait=True)
        self.journal.close()

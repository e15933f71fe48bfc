"""Runs the shared repository's work (status, Get latest, Send) off the UI thread, with
progress, cancel and a one-shot password; ``synchronous=True`` runs it inline (tests)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from editor.core.git.repo import Repo
from editor.core.git.runner import (
    CancelToken,
    Credential,
    GitAuthError,
    GitError,
    GitNotFoundError,
)
from editor.core.git.safety import repair
from editor.core.git.send import Identity, send
from editor.core.git.status import RepoStatus, repo_status
from editor.core.git.sync import Conflict, conflict_of, get_latest, resolve

GET_LATEST, SEND, REVIEW, STATUS = "get_latest", "send", "review", "status"


def _status_after_repair(repo: Repo, _cancel: CancelToken) -> RepoStatus:
    """The status, after finishing what a Get latest or Send that died left behind."""
    repair(repo)
    return repo_status(repo)


class GitSync(QObject):
    """The open site's repository (None when the site has no git: then nothing shows).

    Signals, all delivered on the UI thread: ``status_changed(RepoStatus | None)``,
    ``busy_changed(bool)``, ``progress(str)`` (git's own progress lines),
    ``finished(op, result)`` (a ``SyncResult`` or ``SendResult``), ``failed(op, message)``,
    ``password_needed(op, host_url, rejected)`` (call :meth:`retry_with_password` or drop),
    ``conflicts_found(list[Conflict])``.
    """

    status_changed = Signal(object)
    busy_changed = Signal(bool)
    progress = Signal(str)
    finished = Signal(str, object)
    failed = Signal(str, str)
    password_needed = Signal(str, str, bool)
    conflicts_found = Signal(object)
    _done = Signal(object, str, object, object)  # repo, op, result, error

    def __init__(self, parent: QObject | None = None, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._repo: Repo | None = None
        self._status: RepoStatus | None = None
        self._thread: threading.Thread | None = None  # Get latest or Send
        self._status_thread: threading.Thread | None = None
        self._cancel: CancelToken | None = None
        self._status_pending = False
        self._warned = False  # told the writer git is missing
        self._last: tuple[str, Callable[[Repo, CancelToken], Any]] | None = None
        self._done.connect(self._on_done)

    # -- the site ------------------------------------------------------------------------

    @property
    def repository(self) -> Repo | None:
        """The open site's repository."""
        return self._repo

    @property
    def status(self) -> RepoStatus | None:
        """The last status read (None: no repository, or not read yet)."""
        return self._status

    @property
    def busy(self) -> bool:
        """Whether Get latest or Send is running."""
        return self._cancel is not None

    def open_site(self, root: Path | None) -> None:
        """Follow the repository holding ``root`` (None or no git: nothing to show)."""
        try:
            repo = Repo.find(root) if root is not None else None
        except GitNotFoundError as exc:
            if self._repo is not None or not self._warned:
                self.failed.emit(STATUS, f"{exc}: Get latest and Send need it")
            self._warned = True
            repo = None
        if repo is not None and self._repo is not None and repo.top == self._repo.top:
            self.refresh_status()
            return
        self._repo = repo
        self._status = None
        self.status_changed.emit(None)
        if repo is not None:
            self.refresh_status()

    @Slot()
    def refresh_status(self) -> None:
        """Read every file's state again (coalesced with a read already running)."""
        if self._repo is None:
            return
        if self._status_thread is not None or self._thread is not None:
            self._status_pending = True  # read again once the running work ends
            return
        self._start(STATUS, _status_after_repair, remember=False)

    # -- the writer's commands -----------------------------------------------------------

    def get_latest(self, identity: Identity | None = None) -> bool:
        """Start Get latest; False when there is no repository or work is running."""
        env = {}
        if identity is not None and identity.name and identity.email:
            env = {f"GIT_COMMITTER_{k}": v for k, v in
                   (("NAME", identity.name), ("EMAIL", identity.email))}
        return self._command(GET_LATEST, lambda repo, cancel: get_latest(
            repo, cancel=cancel, progress=self.progress.emit, identity=env))

    def send(self, paths: list[Path], review: bool = False,
             author: Identity | None = None) -> bool:
        """Start Send (or Send for review) of ``paths``; False when it cannot start."""
        return self._command(REVIEW if review else SEND, lambda repo, cancel: send(
            repo, list(paths), review=review, author=author, cancel=cancel,
            progress=self.progress.emit))

    def cancel(self) -> None:
        """Stop the running command (git and everything it started are killed)."""
        if self._cancel is not None:
            self._cancel.cancel()

    def retry_with_password(self, username: str, password: str) -> bool:
        """Run the command that needed a password again with it (kept for that run only)."""
        if self._repo is None or self._last is None or self._thread is not None:
            return False
        op, work = self._last
        self._repo.git.credential = Credential(username, password)
        return self._start(op, work)

    def conflict(self, path: Path) -> Conflict | None:
        """The open conflict of one file (None when it has none)."""
        if self._repo is None:
            return None
        try:
            return conflict_of(self._repo, self._repo.relpath(path))
        except ValueError:
            return None

    def conflicts(self) -> list[Conflict]:
        """Every open conflict."""
        if self._repo is None or self._status is None:
            return []
        out = []
        for rel, state in sorted(self._status.files.items()):
            if state.state.value == "in conflict":
                found = conflict_of(self._repo, rel)
                if found is not None:
                    out.append(found)
        return out

    def resolve(self, relpath: str, choices: dict[str, str]) -> None:
        """Write the writer's choices for one conflicted file, then read the status again."""
        if self._repo is None:
            return
        resolve(self._repo, relpath, choices)
        self.refresh_status()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the running work ends (shutdown, scripts)."""
        for thread in (self._thread, self._status_thread):
            if thread is not None:
                thread.join(timeout)

    # -- running -------------------------------------------------------------------------

    def _command(self, op: str, work: Callable[[Repo, CancelToken], Any]) -> bool:
        if self._repo is None or self._thread is not None:
            return False
        self._repo.git.credential = None
        return self._start(op, work)

    def _start(self, op: str, work: Callable[[Repo, CancelToken], Any],
               remember: bool = True) -> bool:
        repo = self._repo
        assert repo is not None
        if remember:
            self._last = (op, work)
            self._cancel = CancelToken()
            self.busy_changed.emit(True)
        cancel = self._cancel if remember and self._cancel is not None else CancelToken()

        def run() -> None:
            try:
                result, error = work(repo, cancel), None
            except Exception as exc:  # noqa: BLE001 - every failure reaches the writer
                result, error = None, exc
            # RuntimeError: the window closed meanwhile: nobody is left to tell.
            with contextlib.suppress(RuntimeError):
                self._done.emit(repo, op, result, error)

        thread = threading.current_thread() if self.synchronous else threading.Thread(
            target=run, name=f"git-{op}", daemon=True)
        if remember:
            self._thread = thread
        else:
            self._status_thread = thread
        if self.synchronous:
            run()
        else:
            thread.start()
        return True

    @Slot(object, str, object, object)
    def _on_done(self, repo: Repo, op: str, result: Any, error: Exception | None) -> None:
        attr = "_status_thread" if op == STATUS else "_thread"
        thread = getattr(self, attr)
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        setattr(self, attr, None)
        if repo is not self._repo:
            return
        if op == STATUS and self._thread is not None:
            pass  # a command is running: its end reads the status again
        elif op == STATUS:
            if error is None:
                self._status = result
                self.status_changed.emit(result)
            else:
                self.failed.emit(op, str(error))
        else:
            repo.git.credential = None  # never kept past the command it was typed for
            self._cancel = None
            self.busy_changed.emit(False)
            if isinstance(error, GitAuthError):
                self.password_needed.emit(op, error.url, error.rejected)
            elif isinstance(error, GitError):
                self._last = None
                self.failed.emit(op, str(error)[:1].upper() + str(error)[1:])
            elif error is not None:
                self._last = None
                self.failed.emit(op, f"Something went wrong: {error}")
            else:
                self._last = None
                self.finished.emit(op, result)
                conflicts = list(getattr(result, "conflicts", []) or [])
                if conflicts:
                    self.conflicts_found.emit(conflicts)
            self._status_pending = True
        if self._status_pending:
            self._status_pending = False
            self.refresh_status()

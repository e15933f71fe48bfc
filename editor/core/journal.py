"""The recovery journal: unsaved posts kept in the app-data folder until saved or discarded.

Layout (under ``paths.data_dir()/recovery``)::

    <session>/lock        held (flock / msvcrt lock) while the instance runs; holds its pid
    <session>/<id>.entry  one per open post with unsaved changes

A *session* is one running Dateline. An entry is a JSON header line followed
by the post's bytes exactly as a save would write them, so nothing is lost to
re-encoding. Entries are written atomically (temp file, fsync, ``os.replace``)
and never anywhere near the writer's own file. On the next start, entries of
sessions whose lock nobody holds (a crash, a kill, a power cut) are offered
back; a session that is still running keeps its entries to itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from editor.core import paths
from editor.core.digests import sha256_hex
from editor.core.files import Fingerprint, SaveError, atomic_write

__all__ = ["Journal", "JournalEntry", "JournalError", "untitled_key", "key_for_path"]

_ENTRY_SUFFIX = ".entry"
_LOCK_NAME = "lock"
_FORMAT = 1


class JournalError(Exception):
    """The journal could not be written; the message says why in plain words."""


def untitled_key() -> str:
    """A fresh stable id for a post that has no file yet."""
    return f"untitled-{uuid.uuid4().hex}"


def key_for_path(path: Path) -> str:
    """The stable id of the post at ``path`` (its absolute path)."""
    return str(Path(path).absolute())


@dataclass(frozen=True)
class JournalEntry:
    """One journalled post: where it came from and the unsaved bytes."""

    key: str
    #: The writer's file the text belongs to (None for a post never saved).
    path: Path | None
    #: The fingerprint of that file when the unsaved text was based on it.
    fingerprint: Fingerprint | None
    #: When the entry was written (seconds since the epoch).
    saved_at: float
    #: The post's bytes as a save would write them.
    data: bytes
    #: The session (running instance) that wrote it.
    session: str
    #: The entry's own file in the journal.
    file: Path

    @property
    def text(self) -> str:
        """The post as text, for previews (decoded leniently; never raises)."""
        for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                           (b"\xfe\xff", "utf-16-be")):
            if self.data.startswith(bom):
                return self.data[len(bom):].decode(codec, errors="replace")
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError:
            return self.data.decode("latin-1")

    @property
    def display_name(self) -> str:
        """The file name, or 'Untitled'."""
        return self.path.name if self.path is not None else "Untitled"


class _SessionLock:
    """An advisory lock held for as long as an instance runs.

    The operating system releases it when the process dies however it dies,
    so a stale lock cannot make a crashed session look alive.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[bytes] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        fh = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lock is held
        if not _try_lock(fh):
            fh.close()
            return False
        self._fh = fh
        return True

    def write_owner(self, info: dict[str, Any]) -> None:
        """Record who holds the lock (for people reading the folder)."""
        if self._fh is None:
            return
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(json.dumps(info).encode())
        self._fh.flush()

    def release(self) -> None:
        """Let go of the lock."""
        if self._fh is not None:
            with contextlib.suppress(OSError):
                _unlock(self._fh)
            self._fh.close()
            self._fh = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fh is not None


def _try_lock(fh: IO[bytes]) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _is_live(session_dir: Path) -> bool:
    """Whether a running instance holds ``session_dir``'s lock."""
    lock = session_dir / _LOCK_NAME
    if not lock.exists():
        return False
    probe = _SessionLock(lock)
    try:
        if probe.acquire():
            probe.release()
            return False
    except OSError:
        # Cannot even open the lock file: do not risk offering a live journal.
        return True
    return True


def _entry_file_name(key: str) -> str:
    return sha256_hex(key.encode("utf-8", "surrogatepass"))[:24] + _ENTRY_SUFFIX


def _encode_entry(key: str, path: Path | None, fingerprint: Fingerprint | None,
                  saved_at: float, data: bytes) -> bytes:
    header = {
        "format": _FORMAT,
        "key": key,
        "path": str(path) if path is not None else None,
        "fingerprint": (None if fingerprint is None else
                        {"size": fingerprint.size, "mtime_ns": fingerprint.mtime_ns,
                         "sha256": fingerprint.sha256}),
        "saved_at": saved_at,
        "length": len(data),
        "sha256": sha256_hex(data),
    }
    return json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n" + data


def _decode_entry(file: Path, session: str) -> JournalEntry | None:
    """Read one entry file; None when it is not a complete, intact entry."""
    try:
        raw = file.read_bytes()
    except OSError:
        return None
    head, sep, data = raw.partition(b"\n")
    if not sep:
        return None
    try:
        header = json.loads(head.decode("ascii"))
        if header.get("format") != _FORMAT or len(data) != header["length"]:
            return None
        if sha256_hex(data) != header["sha256"]:
            return None
        fp = header["fingerprint"]
        return JournalEntry(
            key=str(header["key"]),
            path=Path(header["path"]) if header["path"] is not None else None,
            fingerprint=(Fingerprint(int(fp["size"]), int(fp["mtime_ns"]), str(fp["sha256"]))
                         if fp is not None else None),
            saved_at=float(header["saved_at"]),
            data=data,
            session=session,
            file=file,
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


class Journal:
    """The recovery store of one running instance, and the way to the ones that crashed.

    Call :meth:`start` once the instance runs (takes the session lock),
    :meth:`write` / :meth:`discard` as posts change and get saved, and
    :meth:`close` on a clean exit (removes the session's entries).
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else paths.data_dir() / "recovery"
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self._lock: _SessionLock | None = None

    @property
    def session_dir(self) -> Path:
        """This instance's folder in the journal."""
        return self.root / self.session

    def _entry_path(self, key: str) -> Path:
        return self.session_dir / _entry_file_name(key)

    # -- this instance -----------------------------------------------------------

    def start(self) -> None:
        """Create this instance's session folder and hold its lock (idempotent)."""
        if self._lock is not None and self._lock.held:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.session_dir.mkdir(mode=0o700, exist_ok=True)
            lock = _SessionLock(self.session_dir / _LOCK_NAME)
            if not lock.acquire():  # pragma: no cover - a fresh uuid cannot be taken
                raise JournalError("the recovery journal is in use by another Dateline")
            lock.write_owner({"pid": os.getpid(), "host": socket.gethostname(),
                              "started": time.time()})
        except OSError as exc:
            raise JournalError(f"cannot create the recovery journal in {self.root}: "
                               f"{exc.strerror or exc}") from exc
        self._lock = lock

    @property
    def started(self) -> bool:
        """Whether :meth:`start` succeeded and :meth:`close` has not been called."""
        return self._lock is not None and self._lock.held

    def write(self, key: str, data: bytes, path: Path | None = None,
              fingerprint: Fingerprint | None = None) -> JournalEntry:
        """Journal the unsaved ``data`` of the post ``key`` (replacing its previous entry)."""
        self.start()
        saved_at = time.time()
        file = self._entry_path(key)
        try:
            atomic_write(file, _encode_entry(key, path, fingerprint, saved_at, data))
        except SaveError as exc:
            raise JournalError(f"cannot write the recovery journal: {exc}") from exc
        return JournalEntry(key, path, fingerprint, saved_at, data, self.session, file)

    def discard(self, key: str) -> None:
        """Forget the post ``key`` (it was saved, closed or its changes dropped)."""
        with contextlib.suppress(FileNotFoundError):
            self._entry_path(key).unlink()

    def entries(self) -> list[JournalEntry]:
        """This instance's current entries."""
        return list(self._read_session(self.session_dir))

    def release(self) -> None:
        """Let go of the lock but keep the entries: the next start offers them back
        (an exit with unsaved work that nobody was asked about)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close(self) -> None:
        """A clean exit: drop this instance's entries and release the lock."""
        self.release()
        shutil.rmtree(self.session_dir, ignore_errors=True)

    # -- other instances ---------------------------------------------------------

    def recoverable(self) -> list[JournalEntry]:
        """Entries left by instances that are no longer running, newest first.

        Live instances (including this one) keep theirs; folders of dead
        sessions with nothing left in them are tidied away.
        """
        found: list[JournalEntry] = []
        for session_dir in self._session_dirs():
            if session_dir.name == self.session or _is_live(session_dir):
                continue
            entries = list(self._read_session(session_dir))
            if entries:
                found.extend(entries)
            else:
                shutil.rmtree(session_dir, ignore_errors=True)
        return sorted(found, key=lambda e: e.saved_at, reverse=True)

    def discard_entry(self, entry: JournalEntry) -> None:
        """Delete a recovered entry (after it was restored or the writer dropped it)."""
        if entry.session != self.session and _is_live(self.root / entry.session):
            raise JournalError("that post belongs to a Dateline that is still running")
        with contextlib.suppress(FileNotFoundError):
            entry.file.unlink()
        folder = entry.file.parent
        if folder.name != self.session and not any(folder.glob("*" + _ENTRY_SUFFIX)):
            shutil.rmtree(folder, ignore_errors=True)

    def _session_dirs(self) -> Iterator[Path]:
        try:
            children = list(self.root.iterdir())
        except OSError:
            return
        yield from sorted(p for p in children if p.is_dir())

    def _read_session(self, session_dir: Path) -> Iterator[JournalEntry]:
        try:
            files = sorted(session_dir.glob("*" + _ENTRY_SUFFIX))
        except OSError:
            return
        for file in files:
            entry = _decode_entry(file, session_dir.name)
            if entry is not None:
                yield entry

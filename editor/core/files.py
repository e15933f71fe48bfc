"""Safe file writing: fingerprints that detect changes behind our back, and atomic saves."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


class SaveError(Exception):
    """A save that did not happen; the message says why in plain words. The original is intact."""


class ChangedOnDiskError(SaveError):
    """The file changed on disk since it was read; saving would overwrite someone's work."""


@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like when we read it: enough to notice any later change."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, st: os.stat_result | None = None) -> Fingerprint:
        """The fingerprint of ``data`` (with the stat of the file it came from, if any)."""
        return cls(len(data), st.st_mtime_ns if st else 0, hashlib.sha256(data).hexdigest())


#: Marker for "the file did not exist when the document was opened / last saved".
ABSENT = Fingerprint(-1, 0, "")


def read_with_fingerprint(path: Path) -> tuple[bytes, Fingerprint]:
    """Read a file and fingerprint exactly the bytes read."""
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        data = fh.read()
    return data, Fingerprint.of_bytes(data, st)


def current_fingerprint(path: Path) -> Fingerprint:
    """The file's fingerprint now (:data:`ABSENT` when it does not exist)."""
    try:
        return read_with_fingerprint(path)[1]
    except FileNotFoundError:
        return ABSENT


def changed_since(path: Path, fingerprint: Fingerprint) -> bool:
    """Whether the file's content differs from ``fingerprint`` (a cheap stat check first)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return fingerprint != ABSENT
    if fingerprint == ABSENT:
        return True
    if st.st_size == fingerprint.size and st.st_mtime_ns == fingerprint.mtime_ns:
        return False
    return current_fingerprint(path).sha256 != fingerprint.sha256


_PLAIN = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "the folder no longer exists",
    errno.EISDIR: "a folder is in the way of the file",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.ENAMETOOLONG: "the file name is too long",
}


def describe_os_error(exc: OSError) -> str:
    """An OSError in plain words."""
    return _PLAIN.get(exc.errno or 0, exc.strerror or str(exc))


def atomic_write(
    path: Path,
    data: bytes,
    expected: Fingerprint | None = None,
    force: bool = False,
) -> Fingerprint:
    """Write ``data`` to ``path`` atomically and return the new fingerprint.

    A temp file beside the target is written, fsynced, given the target's
    permission bits and renamed over it, so a crash leaves either the old or
    the new file. When ``expected`` is given and the file on disk no longer
    matches it, :class:`ChangedOnDiskError` is raised unless ``force``.
    """
    path = Path(path)
    if expected is not None and not force:
        try:
            changed = changed_since(path, expected)
        except OSError as exc:  # e.g. a folder now stands where the file was
            raise SaveError(f"cannot save {path.name}: {describe_os_error(exc)}") from exc
        if changed:
            raise ChangedOnDiskError(f"{path.name} was changed on disk since it was opened")
    if path.is_dir():
        raise SaveError(f"cannot save {path.name}: {describe_os_error(OSError(errno.EISDIR, ''))}")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        # Renaming over a read-only file would succeed; the writer (or the site's
        # owner) made it read-only on purpose, so respect it as a write would.
        if not mode & 0o222 or not os.access(path, os.W_OK):
            raise SaveError(f"cannot save {path.name}: the file is read-only")
    except FileNotFoundError:
        mode = default_mode()
    except OSError as exc:
        raise SaveError(f"cannot save {path.name}: {describe_os_error(exc)}") from exc
    try:
        tmp_name = _write_temp(path, data, mode)
        try:
            os.replace(tmp_name, path)
        except OSError:
            _remove_quietly(tmp_name)
            raise
        fsync_dir(path.parent)
        st = path.stat()
    except OSError as exc:
        raise SaveError(f"cannot save {path.name}: {describe_os_error(exc)}") from exc
    return Fingerprint.of_bytes(data, st)


def default_mode() -> int:
    """Permission bits a new file gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _write_temp(target: Path, data: bytes, mode: int) -> str:
    """Write ``data`` to a fsynced temp file beside ``target``; return its name.

    The temp file is removed again when anything fails.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, mode)
    except BaseException:
        _remove_quietly(tmp_name)
        raise
    return tmp_name


def create_new(path: Path, data: bytes) -> Fingerprint:
    """Create ``path`` with ``data`` atomically, never replacing an existing file.

    Raises :class:`FileExistsError` when the name is taken, :class:`SaveError`
    (plain words) when the disk refuses.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_name = _write_temp(path, data, default_mode())
        try:
            os.link(tmp_name, path)  # atomic, and fails when the name is taken
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system: check, then rename
            if path.exists():
                raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
            os.replace(tmp_name, path)
        finally:
            _remove_quietly(tmp_name)
        fsync_dir(path.parent)
        st = path.stat()
    except FileExistsError:
        raise
    except OSError as exc:
        raise SaveError(f"cannot write {path.name}: {describe_os_error(exc)}") from exc
    return Fingerprint.of_bytes(data, st)


def fsync_dir(folder: Path) -> None:
    """Make the rename durable (not possible on every platform or file system)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

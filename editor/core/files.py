"""Safe file writing: fingerprints that detect changes behind our back, and atomic saves.

A save writes a fsynced temp file beside the post and renames it over the
post, so a crash leaves the old or the new text, never a mix. Around that:

* a symlinked post is written through to the file the link points at; the
  link stays a link;
* the replacement carries the original's owner, group, permission bits and
  extended attributes (ACLs are the ``system.posix_acl_access`` attribute).
  When it cannot (the OS refuses to give the new file the owner, or an
  attribute), or the post has other hard links that a rename would split, the
  new bytes are written *in place* into the same inode instead: owner, group,
  attributes and links stay as they are. Space is reserved before the first
  byte changes, the complete new text sits in the fsynced temp file until the
  in-place write is fsynced, and the old bytes are put back if the write fails;
* temp files a killed save left behind (``.NAME.PID-XXXXXXXX.tmp``, or the
  older ``.NAME.XXXXXXXX.tmp``) are removed on the next save into that folder
  once stale: not modified for :data:`STALE_AFTER_S` seconds, or written by a
  process that no longer exists on this machine and older than
  :data:`ORPHAN_AFTER_S` seconds. Nothing else is ever removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from editor.core.digests import sha256_hex


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
        return cls(len(data), st.st_mtime_ns if st else 0, sha256_hex(data))


#: Marker for "the file did not exist when the document was opened / last saved".
ABSENT = Fingerprint(-1, 0, "")


#: The largest file read as a post (or config, or journal entry). Real posts are
#: kilobytes; anything this big is not text a writer edits, and reading it whole
#: would exhaust memory.
MAX_READ_BYTES = 64 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_a_file_reason(mode: int) -> str | None:
    """Why a file of this ``st_mode`` cannot be a post (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return f"it is {kind}, not a regular file"
    return "it is not a regular file"


def read_regular(path: Path | str) -> tuple[bytes, os.stat_result]:
    """Read a regular file whole; return its bytes and the stat of what was read.

    A FIFO, device or socket is refused before anything blocks on it, and a
    file over :data:`MAX_READ_BYTES` before it is read: both raise an
    :class:`OSError` whose ``strerror`` says why in plain words.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO does not wait for a writer
    with open(fd, "rb", closefd=True) as fh:
        st = os.fstat(fd)
        reason = not_a_file_reason(st.st_mode)
        if reason is not None:
            code = errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL
            raise OSError(code, reason, str(path))
        if st.st_size > MAX_READ_BYTES:
            raise OSError(errno.EFBIG, _too_big(), str(path))
        data = fh.read(MAX_READ_BYTES + 1)
        if len(data) > MAX_READ_BYTES:  # it grew while we read it
            raise OSError(errno.EFBIG, _too_big(), str(path))
    return data, st


def read_with_fingerprint(path: Path) -> tuple[bytes, Fingerprint]:
    """Read a regular file (see :func:`read_regular`) and fingerprint exactly the bytes read."""
    data, st = read_regular(path)
    return data, Fingerprint.of_bytes(data, st)


def regular_file_problem(path: Path | str) -> str | None:
    """Why ``path`` cannot be read as a post, checked without opening it (None when it can)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return describe_os_error(exc)
    reason = not_a_file_reason(st.st_mode)
    if reason is not None:
        return reason
    if st.st_size > MAX_READ_BYTES:
        return _too_big()
    return None


def _too_big() -> str:
    return f"it is larger than {MAX_READ_BYTES // (1024 * 1024)} MB, too large to be a post"


def read_file(path: Path) -> bytes:
    """The bytes of a regular file, with the refusals of :func:`read_with_fingerprint`."""
    return read_with_fingerprint(path)[0]


def current_fingerprint(path: Path) -> Fingerprint:
    """The file's fingerprint now (:data:`ABSENT` when it does not exist)."""
    try:
        return read_with_fingerprint(path)[1]
    except FileNotFoundError:
        return ABSENT


def changed_since(path: Path, fingerprint: Fingerprint) -> bool:
    """Whether the file's content differs from ``fingerprint``.

    The content is compared, not only size and mtime: a program can write the
    same number of bytes within the file system's timestamp granularity, or
    set the mtime back.
    """
    now = current_fingerprint(path)
    if fingerprint == ABSENT or now == ABSENT:
        return now != fingerprint
    return now.sha256 != fingerprint.sha256


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
    """Write ``data`` to ``path`` safely and return the new fingerprint.

    See the module docstring: a symlink is written through, the file keeps
    its owner, group, mode, attributes and hard links, and a crash leaves the
    old or the new text. When ``expected`` is given and the file's content no
    longer matches it, :class:`ChangedOnDiskError` is raised unless ``force``.
    """
    name = Path(path).name
    target = resolve_link(Path(path))
    if expected is not None and not force:
        try:
            changed = changed_since(target, expected)
        except OSError as exc:  # e.g. a folder now stands where the file was
            raise SaveError(f"cannot save {name}: {describe_os_error(exc)}") from exc
        if changed:
            raise ChangedOnDiskError(f"{name} was changed on disk since it was opened")
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SaveError(f"cannot save {name}: {describe_os_error(exc)}") from exc
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise SaveError(f"cannot save {name}: {describe_os_error(OSError(errno.EISDIR, ''))}")
        reason = not_a_file_reason(st.st_mode)
        if reason is not None:
            raise SaveError(f"cannot save {name}: {reason}")
        # Renaming over a read-only file would succeed; the writer (or the site's
        # owner) made it read-only on purpose, so respect it as a write would.
        if not st.st_mode & 0o222:
            raise SaveError(f"cannot save {name}: the file is read-only")
        if not os.access(target, os.W_OK):
            raise SaveError(f"cannot save {name}: permission denied (it belongs to "
                            f"{_owner_text(st)}, mode {stat.S_IMODE(st.st_mode):04o})")
    mode = stat.S_IMODE(st.st_mode) if st is not None else default_mode()
    try:
        tmp_name = _write_temp(target, data, mode)
        try:
            if st is not None and _CAN_WRITE_IN_PLACE \
                    and (st.st_nlink > 1 or not _carry_identity(tmp_name, target, st)):
                _write_in_place(target, data)
                _remove_quietly(tmp_name)
            else:
                os.replace(tmp_name, target)
        except OSError:
            _remove_quietly(tmp_name)
            raise
        fsync_dir(target.parent)
        new_st = os.stat(target)
    except OSError as exc:
        raise SaveError(f"cannot save {name}: {describe_os_error(exc)}") from exc
    clean_stale_temps(target.parent)
    return Fingerprint.of_bytes(data, new_st)


def _owner_text(st: os.stat_result) -> str:
    """``user:group`` of a file, by name when the system knows the names."""
    try:
        import grp
        import pwd

        user = pwd.getpwuid(st.st_uid).pw_name
        group = grp.getgrgid(st.st_gid).gr_name
    except (ImportError, KeyError):
        return f"{st.st_uid}:{st.st_gid}"
    return f"{user}:{group}"


def resolve_link(path: Path) -> Path:
    """The file a save of ``path`` must write: the final target when ``path`` is a symlink.

    The link itself is left alone, so the post stays where the link says.
    """
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _xattrs(path: str | Path) -> dict[str, bytes]:
    if not hasattr(os, "listxattr"):
        return {}
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return {}
        raise
    return {n: os.getxattr(path, n, follow_symlinks=False) for n in names}


def _carry_identity(tmp_name: str, target: Path, st: os.stat_result) -> bool:
    """Give the temp file the target's owner, group and extended attributes (ACLs included).

    Returns False when the OS does not allow it (e.g. a colleague may not
    give a file to its owner): the caller then writes in place instead.
    """
    try:
        tmp_st = os.stat(tmp_name)
        if (tmp_st.st_uid, tmp_st.st_gid) != (st.st_uid, st.st_gid):
            os.chown(tmp_name, st.st_uid, st.st_gid)
        wanted = _xattrs(target)
        present = _xattrs(tmp_name)  # e.g. an ACL inherited from the folder's default ACL
        for attr in present.keys() - wanted.keys():
            os.removexattr(tmp_name, attr)
        for attr, value in wanted.items():
            if present.get(attr) != value:
                os.setxattr(tmp_name, attr, value)
        # chown may clear set-id bits; an ACL was set to match the mode already.
        os.chmod(tmp_name, stat.S_IMODE(st.st_mode))
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP,
                         errno.EINVAL):
            return False
        raise
    return True


#: Positional writes exist (POSIX): without them every save is a rename.
_CAN_WRITE_IN_PLACE = hasattr(os, "pwrite") and hasattr(os, "pread")


def _write_in_place(target: Path, data: bytes) -> None:
    """Overwrite ``target``'s bytes in its own inode (owner, attributes and links stay).

    Space is reserved before the first byte changes (a full disk fails
    cleanly); if writing fails after that, the old bytes are written back.
    """
    fd = os.open(target, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        old = b""
        size = os.fstat(fd).st_size
        while len(old) < size:
            chunk = os.pread(fd, size - len(old), len(old))
            if not chunk:
                break
            old += chunk
        if len(data) > size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(data))
            except OSError as exc:
                if exc.errno not in (errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL):
                    os.ftruncate(fd, size)
                    raise
        try:
            _pwrite_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                _pwrite_all(fd, old)
                os.ftruncate(fd, len(old))
                os.fsync(fd)
            raise
    finally:
        os.close(fd)


def _pwrite_all(fd: int, data: bytes) -> None:
    done = 0
    while done < len(data):
        done += os.pwrite(fd, data[done:], done)


#: A temp file untouched this long is certainly not being written by a save.
STALE_AFTER_S = 15 * 60
#: A temp file whose writer process is gone is removed once it is this old
#: (the margin keeps a save on another machine sharing the folder safe).
ORPHAN_AFTER_S = 60

#: Our temp names: ``.NAME.PID-XXXXXXXX.tmp`` (and ``.NAME.XXXXXXXX.tmp`` from
#: older versions). ``XXXXXXXX`` is :func:`tempfile.mkstemp`'s random part.
_TEMP_RE = re.compile(r"\.(?P<name>.+)\.(?:(?P<pid>[0-9]{1,10})-)?[a-z0-9_]{8}\.tmp")


def _process_exists(pid: int) -> bool:
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it exists, owned by someone else
        return True
    return True


def clean_stale_temps(folder: Path, now: float | None = None) -> list[str]:
    """Remove temp files killed saves left in ``folder``; return the names removed.

    Only regular files matching our own temp pattern are considered, and only
    stale ones (see the module docstring). Errors are ignored: cleaning up is
    a courtesy, never a reason for a save to fail.
    """
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_RE.fullmatch(entry.name)
        if m is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        age = now - st.st_mtime
        pid = m["pid"]
        orphan = pid is not None and age > ORPHAN_AFTER_S and not _process_exists(int(pid))
        if age > STALE_AFTER_S or orphan:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed


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
    import tempfile  # only writing needs it (render and check never write a post)

    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{_short_name(target.name)}.{os.getpid()}-", suffix=".tmp", dir=target.parent)
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


def _short_name(name: str, budget: int = 200) -> str:
    """``name`` cut (on a character boundary) so the temp name stays within NAME_MAX."""
    while len(os.fsencode(name)) > budget:
        name = name[:-1]
    return name


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

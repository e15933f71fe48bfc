"""A save keeps what the file system says about the post: links, owner, attributes, ACLs.

Real files, real symlinks and hard links, real chown and xattrs (the suite runs
as root in CI; tests that need root or xattrs say so when they cannot run).
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor.core.files import ChangedOnDiskError, read_with_fingerprint
from editor.core.post import load_post, save_post

ORIGINAL = b'---\ntitle: "Bridge closes"\n---\n\nThe bridge closes on Monday.\n'
EDITED = b'---\ntitle: "Bridge opens"\n---\n\nThe bridge closes on Monday.\n'

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")


def _save_title(path: Path) -> None:
    post = load_post(path)
    post.set("title", "Bridge opens")
    save_post(post, path, read_with_fingerprint(path)[1])


@pytest.fixture
def shared_site() -> Iterator[Path]:
    """A folder other users can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="dateline-shared-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    folder = tmp_path / "_posts"
    folder.mkdir()
    path = folder / "2025-03-04-bridge.md"
    path.write_bytes(ORIGINAL)
    return path


def _xattrs_work(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_bytes(b"")
    try:
        os.setxattr(probe, "user.dateline-probe", b"1")
    except OSError:
        return False
    finally:
        probe.unlink()
    return True


def test_a_symlinked_post_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "drafts-store" / "bridge.md"
    real.parent.mkdir()
    real.write_bytes(ORIGINAL)
    posts = tmp_path / "_posts"
    posts.mkdir()
    link = posts / "2025-03-04-bridge.md"
    link.symlink_to(os.path.relpath(real, posts))
    _save_title(link)
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(real, posts)
    assert real.read_bytes() == EDITED
    assert sorted(p.name for p in posts.iterdir()) == [link.name]  # no temp left beside the link


def test_hard_links_stay_linked(post_file: Path) -> None:
    other = post_file.parent.parent / "archive-bridge.md"
    os.link(post_file, other)
    inode = post_file.stat().st_ino
    _save_title(post_file)
    assert other.read_bytes() == EDITED
    assert post_file.stat().st_ino == inode and post_file.stat().st_nlink == 2
    assert [p.name for p in post_file.parent.iterdir()] == [post_file.name]


@needs_root
def test_root_save_keeps_owner_group_and_mode(post_file: Path) -> None:
    nobody = pwd.getpwnam("nobody")
    nogroup = grp.getgrgid(nobody.pw_gid)
    os.chown(post_file, nobody.pw_uid, nogroup.gr_gid)
    post_file.chmod(0o640)
    inode = post_file.stat().st_ino
    _save_title(post_file)
    st = post_file.stat()
    assert post_file.read_bytes() == EDITED
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (nobody.pw_uid, nogroup.gr_gid,
                                                                 0o640)
    assert st.st_ino != inode  # still the atomic rename path, not the in-place fallback


def _acl(uid: int) -> bytes:
    """A POSIX access ACL in the kernel's xattr format: user::rw- user:UID:rw- group::r--
    mask::rw- other::---."""
    entries = [(0x01, 6, 0xFFFFFFFF), (0x02, 6, uid), (0x04, 4, 0xFFFFFFFF),
               (0x10, 6, 0xFFFFFFFF), (0x20, 0, 0xFFFFFFFF)]
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


@pytest.fixture
def xattr_post(post_file: Path) -> Iterator[Path]:
    """A post on a file system with user extended attributes: pytest's folder when it has
    them (tmpfs before Linux 6.6 does not), else a folder beside the repository."""
    if _xattrs_work(post_file.parent):
        yield post_file
        return
    folder = Path(tempfile.mkdtemp(prefix=".xattr-test-", dir=Path(__file__).resolve().parents[2]))
    try:
        if not _xattrs_work(folder):
            pytest.skip(f"neither {post_file.parent} nor {folder} supports user xattrs")
        path = folder / post_file.name
        path.write_bytes(ORIGINAL)
        yield path
    finally:
        shutil.rmtree(folder)


def test_extended_attributes_and_acls_are_kept(xattr_post: Path) -> None:
    post_file = xattr_post
    os.setxattr(post_file, "user.newsroom.desk", b"metro")
    acl = _acl(pwd.getpwnam("nobody").pw_uid)
    try:
        os.setxattr(post_file, "system.posix_acl_access", acl)
    except OSError as exc:
        pytest.skip(f"no POSIX ACLs here: {exc}")
    before = os.getxattr(post_file, "system.posix_acl_access")
    _save_title(post_file)
    assert post_file.read_bytes() == EDITED
    assert os.getxattr(post_file, "user.newsroom.desk") == b"metro"
    assert os.getxattr(post_file, "system.posix_acl_access") == before


def _as_colleague(path: Path, group: int) -> str:
    """Save ``path`` as user nobody in ``group`` (a forked process); return its error, if any."""
    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the colleague: an ordinary user in the desk's group
        try:
            os.close(read_end)
            os.setgroups([group])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            _save_title(path)
        except BaseException as exc:
            os.write(write_end, str(exc).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(pid, 0)
    return message


@needs_root
def test_a_colleagues_save_keeps_owner_and_shared_group(shared_site: Path) -> None:
    """A non-root colleague cannot give a new file to its owner: the save writes in place."""
    desk = grp.getgrnam("users")
    folder = shared_site / "_posts"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "2025-03-04-bridge.md"
    path.write_bytes(ORIGINAL)
    os.chown(path, 0, desk.gr_gid)
    path.chmod(0o664)
    assert _as_colleague(path, desk.gr_gid) == ""
    st = path.stat()
    assert path.read_bytes() == EDITED
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (0, desk.gr_gid, 0o664)
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


@needs_root
def test_a_save_the_os_will_not_allow_is_refused_saying_why(shared_site: Path) -> None:
    folder = shared_site / "_posts"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "2025-03-04-bridge.md"
    path.write_bytes(ORIGINAL)
    path.chmod(0o644)  # root's file; the folder lets anyone create files, the file does not
    message = _as_colleague(path, grp.getgrnam("users").gr_gid)
    assert message == ("cannot save 2025-03-04-bridge.md: permission denied "
                       "(it belongs to root:root, mode 0644)")
    assert path.read_bytes() == ORIGINAL and path.stat().st_uid == 0
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


def test_a_change_with_the_same_size_and_mtime_is_noticed(post_file: Path) -> None:
    _, fingerprint = read_with_fingerprint(post_file)
    st = post_file.stat()
    post = load_post(post_file)
    post.set("title", "Bridge opens")
    theirs = ORIGINAL.replace(b"Monday", b"Sunday")
    assert len(theirs) == len(ORIGINAL)
    post_file.write_bytes(theirs)
    os.utime(post_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(ChangedOnDiskError):
        save_post(post, post_file, fingerprint)
    assert post_file.read_bytes() == theirs


def _killed_save_leftover(folder: Path) -> Path:
    """Run a real save in another process and kill -9 it after its temp file is written."""
    script = (
        "import os, signal, sys; from pathlib import Path; from editor.core import files\n"
        "files._write_temp(Path(sys.argv[1]), b'half a save', 0o644)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run([sys.executable, "-c", script, str(folder / "2025-03-04-bridge.md")],
                          env=env, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    (left,) = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    return left


def test_temp_files_of_killed_saves_are_cleaned_up_safely(post_file: Path) -> None:
    folder = post_file.parent
    orphan = _killed_save_leftover(folder)
    minute_ago = time.time() - 5 * 60
    os.utime(orphan, (minute_ago, minute_ago))
    old_style = folder / ".2025-01-01-old.md.k3j9x_2a.tmp"  # an older version's name, long ago
    old_style.write_bytes(b"x")
    hour_ago = time.time() - 3 * 3600
    os.utime(old_style, (hour_ago, hour_ago))
    fresh = folder / ".2025-01-02-new.md.q8w7e6r5.tmp"  # maybe a save in progress elsewhere
    fresh.write_bytes(b"x")
    live = folder / f".2025-01-03-live.md.{os.getpid()}-abcd1234.tmp"  # a live writer's temp
    live.write_bytes(b"x")
    os.utime(live, (minute_ago, minute_ago))
    keep = [folder / "notes.tmp", folder / ".2025-01-04-x.md.tmp", folder / "draft.md.abcd1234.tmp"]
    for path in keep:
        path.write_bytes(b"mine")
        os.utime(path, (hour_ago, hour_ago))
    link = folder / ".2025-01-05-y.md.zzzzzzzz.tmp"
    link.symlink_to(post_file)
    os.utime(link, (hour_ago, hour_ago), follow_symlinks=False)
    _save_title(post_file)
    left = {p.name for p in folder.iterdir()}
    assert orphan.name not in left and old_style.name not in left
    assert {fresh.name, live.name, link.name, post_file.name} | {p.name for p in keep} == left
    assert post_file.read_bytes() == EDITED


def test_an_in_place_write_that_fails_halfway_puts_the_old_bytes_back(
    post_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hard links are kept by writing in place; a disk that fills up in the middle of that
    write leaves the old text under every name, and no temp file."""
    import errno

    from editor.core import files
    from editor.core.files import SaveError

    other = post_file.parent.parent / "archive-bridge.md"
    os.link(post_file, other)
    real_pwrite = os.pwrite
    calls = {"n": 0}

    def failing_pwrite(fd: int, data: bytes, offset: int) -> int:
        calls["n"] += 1
        if calls["n"] == 1:  # the new text: half of it lands, then the disk is full
            real_pwrite(fd, data[: len(data) // 2], offset)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_pwrite(fd, data, offset)

    monkeypatch.setattr(files.os, "pwrite", failing_pwrite)
    post = load_post(post_file)
    post.set_body("\n" + "A much longer body than before. " * 20 + "\n")
    with pytest.raises(SaveError, match="the disk is full"):
        save_post(post, post_file, read_with_fingerprint(post_file)[1])
    monkeypatch.undo()
    assert post_file.read_bytes() == ORIGINAL and other.read_bytes() == ORIGINAL
    assert os.path.samefile(post_file, other)
    assert [p.name for p in post_file.parent.iterdir()] == [post_file.name]

"""Failing disks: a save that cannot happen leaves the original intact and says why plainly."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from editor.core import files
from editor.core.files import SaveError, read_with_fingerprint
from editor.core.post import load_post, save_post

ORIGINAL = b'---\ntitle: "Bridge closes"\n---\n\nThe bridge closes on Monday.\n'
EDITED_BODY = "\nThe bridge closes on Tuesday.\n"


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    folder = tmp_path / "_posts"
    folder.mkdir()
    path = folder / "2025-03-04-bridge.md"
    path.write_bytes(ORIGINAL)
    return path


def _edited(path: Path) -> Any:
    post = load_post(path)
    post.set_body(EDITED_BODY)
    return post


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _raise(code: int) -> Any:
    def fail(*_args: Any, **_kw: Any) -> Any:
        raise OSError(code, os.strerror(code))
    return fail


class _FailingFile:
    """A file object whose write fails like a full disk."""

    def __init__(self, real: Any, code: int) -> None:
        self._real = real
        self._code = code

    def write(self, _data: bytes) -> int:
        raise OSError(self._code, os.strerror(self._code))

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "the disk is full"),
                                             (errno.EACCES, "permission denied"),
                                             (errno.EDQUOT, "quota")])
def test_write_failure_keeps_original(monkeypatch: pytest.MonkeyPatch, post_file: Path,
                                      code: int, words: str) -> None:
    post = _edited(post_file)
    real_fdopen = os.fdopen
    monkeypatch.setattr(files.os, "fdopen",
                        lambda fd, *a, **k: _FailingFile(real_fdopen(fd, *a, **k), code))
    with pytest.raises(SaveError, match=words):
        save_post(post, post_file, read_with_fingerprint(post_file)[1])
    assert post_file.read_bytes() == ORIGINAL
    assert _leftovers(post_file.parent) == []
    assert post.body == EDITED_BODY  # the text is still there to save elsewhere
    assert post.is_modified


@pytest.mark.parametrize(("target", "code", "words"), [
    ("fsync", errno.ENOSPC, "the disk is full"),
    ("fsync", errno.EIO, "error"),
    ("replace", errno.EACCES, "permission denied"),
    ("replace", errno.EROFS, "read-only"),
    ("chmod", errno.EPERM, "not permitted"),
])
def test_failure_after_writing_keeps_original(monkeypatch: pytest.MonkeyPatch, post_file: Path,
                                              target: str, code: int, words: str) -> None:
    post = _edited(post_file)
    monkeypatch.setattr(files.os, target, _raise(code))
    with pytest.raises(SaveError, match=words):
        save_post(post, post_file, read_with_fingerprint(post_file)[1])
    monkeypatch.undo()
    assert post_file.read_bytes() == ORIGINAL
    assert _leftovers(post_file.parent) == []
    assert post.is_modified


def test_read_only_disk_simulated(monkeypatch: pytest.MonkeyPatch, post_file: Path) -> None:
    post = _edited(post_file)
    monkeypatch.setattr(tempfile, "mkstemp", _raise(errno.EROFS))  # what files calls
    with pytest.raises(SaveError, match="read-only"):
        save_post(post, post_file)
    assert post_file.read_bytes() == ORIGINAL


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root ignores file permissions")
def test_read_only_folder(post_file: Path) -> None:
    post = _edited(post_file)
    folder = post_file.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="permission denied"):
            save_post(post, post_file)
    finally:
        folder.chmod(0o755)
    assert post_file.read_bytes() == ORIGINAL


def test_read_only_file_in_writable_folder_is_not_replaced(post_file: Path) -> None:
    """A rename would happily replace a read-only file; the writer made it read-only on purpose."""
    post = _edited(post_file)
    post_file.chmod(0o444)
    try:
        with pytest.raises(SaveError, match="read-only"):
            save_post(post, post_file)
        assert post_file.read_bytes() == ORIGINAL
    finally:
        post_file.chmod(0o644)


def test_target_replaced_by_a_folder(post_file: Path) -> None:
    post = _edited(post_file)
    fingerprint = read_with_fingerprint(post_file)[1]
    post_file.unlink()
    post_file.mkdir()
    (post_file / "keep.txt").write_text("someone's folder")
    with pytest.raises(SaveError):
        save_post(post, post_file, fingerprint)
    assert (post_file / "keep.txt").read_text() == "someone's folder"
    with pytest.raises(SaveError, match="folder is in the way"):
        save_post(post, post_file, fingerprint, force=True)
    assert post_file.is_dir()


def test_folder_gone(post_file: Path) -> None:
    post = _edited(post_file)
    shutil.rmtree(post_file.parent)
    with pytest.raises(SaveError, match="folder no longer exists"):
        save_post(post, post_file, force=True)
    assert not post_file.parent.exists()  # nothing re-created behind the writer's back


def test_messages_name_the_file(monkeypatch: pytest.MonkeyPatch, post_file: Path) -> None:
    post = _edited(post_file)
    monkeypatch.setattr(files.os, "replace", _raise(errno.ENOSPC))
    with pytest.raises(SaveError) as caught:
        save_post(post, post_file)
    message = str(caught.value)
    assert post_file.name in message and "Errno" not in message

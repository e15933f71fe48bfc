"""Atomic saves and the fingerprint that refuses to overwrite a file changed on disk."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from editor.core.files import ChangedOnDiskError, SaveError, atomic_write, read_with_fingerprint
from editor.core.post import load_post, save_post


def test_atomic_write_keeps_permissions_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["post.md"]


def test_a_file_changed_on_disk_is_not_overwritten_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_bytes(b"---\ntitle: a\n---\n")
    _, fingerprint = read_with_fingerprint(target)
    post = load_post(target)
    post.set("title", "mine")
    target.write_bytes(b"---\ntitle: theirs\n---\n")
    with pytest.raises(ChangedOnDiskError):
        save_post(post, expected=fingerprint)
    assert target.read_bytes() == b"---\ntitle: theirs\n---\n"
    save_post(post, expected=fingerprint, force=True)
    assert target.read_bytes() == b"---\ntitle: mine\n---\n"


def test_save_into_a_missing_folder_fails_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="folder no longer exists"):
        atomic_write(tmp_path / "gone" / "post.md", b"x")

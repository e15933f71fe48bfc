"""Tests for noticing external changes to the open post, and the rules applied to them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from editor.core.files import read_with_fingerprint
from editor.services.document import DocumentController
from editor.services.watcher import ExternalChangeMonitor, FileWatcher, Resolution

POST = b'---\ntitle: "Storm hits coast"\n---\n\nThe wind rose at dawn.\n'
THEIRS = b'---\ntitle: "Storm hits coast"\n---\n\nThe wind rose at dawn. (Corrected.)\n'


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    path = tmp_path / "2025-01-01-storm.md"
    path.write_bytes(POST)
    return path


def _replace_atomically(path: Path, data: bytes) -> None:
    """What editors and git do: write elsewhere, rename over."""
    tmp = path.with_name(".tmp-" + path.name)
    tmp.write_bytes(data)
    os.replace(tmp, path)


# -- FileWatcher --------------------------------------------------------------------------


def test_in_place_write_is_reported(qtbot: QtBot, post_file: Path) -> None:
    watcher = FileWatcher(settle_ms=20)
    watcher.watch(post_file, read_with_fingerprint(post_file)[1])
    with qtbot.waitSignal(watcher.changed, timeout=10000) as blocker:
        post_file.write_bytes(THEIRS)
    assert blocker.args == [post_file]


def test_atomic_replace_is_reported_again_and_again(qtbot: QtBot, post_file: Path) -> None:
    watcher = FileWatcher(settle_ms=20)
    watcher.watch(post_file, read_with_fingerprint(post_file)[1])
    with qtbot.waitSignal(watcher.changed, timeout=10000):
        _replace_atomically(post_file, THEIRS)
    # The watch survived the rename: a second replace is noticed too.
    with qtbot.waitSignal(watcher.changed, timeout=10000):
        _replace_atomically(post_file, THEIRS + b"Again.\n")


def test_deletion_is_reported(qtbot: QtBot, post_file: Path) -> None:
    watcher = FileWatcher(settle_ms=20)
    watcher.watch(post_file, read_with_fingerprint(post_file)[1])
    with qtbot.waitSignal(watcher.deleted, timeout=10000) as blocker:
        post_file.unlink()
    assert blocker.args == [post_file]


def test_our_own_save_is_not_reported(qtbot: QtBot, post_file: Path) -> None:
    from editor.core.files import atomic_write

    watcher = FileWatcher(settle_ms=20)
    fingerprint = read_with_fingerprint(post_file)[1]
    watcher.watch(post_file, fingerprint)
    with qtbot.assertNotEmitted(watcher.changed, wait=300):
        new = atomic_write(post_file, THEIRS, fingerprint)
        watcher.set_fingerprint(new)


def test_touch_without_content_change_is_not_reported(qtbot: QtBot, post_file: Path) -> None:
    watcher = FileWatcher(settle_ms=20)
    watcher.watch(post_file, read_with_fingerprint(post_file)[1])
    with qtbot.assertNotEmitted(watcher.changed, wait=300):
        os.utime(post_file, ns=(1, 1))


def test_same_change_reported_once(qtbot: QtBot, post_file: Path) -> None:
    watcher = FileWatcher(settle_ms=20)
    watcher.watch(post_file, read_with_fingerprint(post_file)[1])
    with qtbot.waitSignal(watcher.changed, timeout=10000):
        post_file.write_bytes(THEIRS)
    with qtbot.assertNotEmitted(watcher.changed, wait=200):
        watcher.check_now()


# -- ExternalChangeMonitor ----------------------------------------------------------------


class Asker:
    """Stands in for the window's question; records what it was shown."""

    def __init__(self, answer: Resolution) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str, str]] = []

    def __call__(self, name: str, mine: str, theirs: str) -> Resolution:
        self.calls.append((name, mine, theirs))
        return self.answer


def _monitor(post_file: Path, answer: Resolution = Resolution.KEEP_MINE
             ) -> tuple[DocumentController, ExternalChangeMonitor, Asker]:
    document = DocumentController()
    document.open(post_file)
    asker = Asker(answer)
    monitor = ExternalChangeMonitor(document, asker, FileWatcher(settle_ms=20))
    return document, monitor, asker


def test_clean_buffer_reloads_and_tells_the_writer(qtbot: QtBot, post_file: Path) -> None:
    document, monitor, asker = _monitor(post_file)
    with qtbot.waitSignal(monitor.notice, timeout=10000) as notice:
        _replace_atomically(post_file, THEIRS)
    assert "changed by another program" in notice.args[0]
    assert "(Corrected.)" in document.post.body
    assert not document.is_modified
    assert asker.calls == []


def test_dirty_buffer_asks_and_keeps_mine(qtbot: QtBot, post_file: Path) -> None:
    document, monitor, asker = _monitor(post_file, Resolution.KEEP_MINE)
    document.set_body("\nMy rewrite.\n")
    with qtbot.waitSignal(monitor.notice, timeout=10000):
        _replace_atomically(post_file, THEIRS)
    ((name, mine, theirs),) = asker.calls
    assert name == post_file.name
    assert "My rewrite." in mine and "(Corrected.)" in theirs
    assert document.post.body == "\nMy rewrite.\n"
    assert document.is_modified
    assert post_file.read_bytes() == THEIRS  # nothing overwritten silently
    document.save()  # the writer chose to keep theirs: saving replaces it without asking
    assert b"My rewrite." in post_file.read_bytes()


def test_dirty_buffer_asks_and_reloads(qtbot: QtBot, post_file: Path) -> None:
    document, monitor, asker = _monitor(post_file, Resolution.RELOAD)
    document.set_body("\nMy rewrite.\n")
    with qtbot.waitSignal(monitor.notice, timeout=10000):
        post_file.write_bytes(THEIRS)
    assert len(asker.calls) == 1
    assert "(Corrected.)" in document.post.body
    assert not document.is_modified


def test_change_under_unsaved_edits_blocks_a_plain_save(qtbot: QtBot, post_file: Path) -> None:
    """The fingerprint check before saving catches a change the watcher has not yet seen."""
    from editor.core.files import ChangedOnDiskError

    document = DocumentController()
    document.open(post_file)
    document.set_body("\nMy rewrite.\n")
    post_file.write_bytes(THEIRS)
    with pytest.raises(ChangedOnDiskError):
        document.save()
    assert post_file.read_bytes() == THEIRS


def test_deleted_file_keeps_text_and_marks_modified(qtbot: QtBot, post_file: Path) -> None:
    document, monitor, asker = _monitor(post_file)
    assert not document.is_modified
    with qtbot.waitSignal(monitor.file_deleted, timeout=10000) as told:
        post_file.unlink()
    assert "deleted" in told.args[0]
    assert document.is_modified
    assert document.post.body == "\nThe wind rose at dawn.\n"
    assert asker.calls == []
    document.save()  # saving puts the file back
    assert post_file.read_bytes() == POST


def test_file_recreated_after_deletion_asks(qtbot: QtBot, post_file: Path) -> None:
    document, monitor, asker = _monitor(post_file)
    with qtbot.waitSignal(monitor.file_deleted, timeout=10000):
        post_file.unlink()
    with qtbot.waitSignal(monitor.notice, timeout=10000):
        post_file.write_bytes(THEIRS)
    assert len(asker.calls) == 1  # the text is unsaved now, so the writer is asked


def test_saving_follows_the_new_file(qtbot: QtBot, post_file: Path, tmp_path: Path) -> None:
    document, monitor, asker = _monitor(post_file)
    other = tmp_path / "moved.md"
    document.set_body("\nSaved elsewhere.\n")
    document.save(other)
    assert monitor.watcher.path == other
    with qtbot.waitSignal(monitor.notice, timeout=10000):
        other.write_bytes(THEIRS)
    assert "(Corrected.)" in document.post.body

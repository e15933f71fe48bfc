"""The real window when another program changes or deletes the open post, and when the disk
refuses a save: the writer is told, and no word is lost or silently overwritten."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from editor.core import files
from editor.services.recovery import JournalService
from editor.services.watcher import ExternalChangeMonitor, Resolution
from editor.ui import dialogs
from tests.services.test_watcher import (  # the same post and helpers as the service tests
    POST,
    THEIRS,
    _replace_atomically,
)


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    path = tmp_path / "2025-01-01-storm.md"
    path.write_bytes(POST)
    return path


class Asked(list[tuple[str, str, str]]):
    """The external-change questions asked, and the answer to give."""

    answer = Resolution.KEEP_MINE


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    """Replaces the external-change question; answers 'keep mine' unless told otherwise."""
    calls = Asked()

    def fake(_parent: Any, name: str, mine: str, theirs: str) -> Resolution:
        calls.append((name, mine, theirs))
        return calls.answer

    monkeypatch.setattr(dialogs, "ask_external_change", fake)
    return calls


def _type(window: Any, text: str) -> None:
    window.editor.setFocus()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(window.editor, text)


def _monitor(window: Any) -> ExternalChangeMonitor:
    monitor = window.findChild(ExternalChangeMonitor)
    assert monitor is not None
    return monitor


def test_clean_post_reloads_with_a_status_message(
        qtbot: QtBot, make_window: Callable[..., Any], post_file: Path,
        asked: Asked) -> None:
    window = make_window(post_file)
    with qtbot.waitSignal(_monitor(window).notice, timeout=10000):
        _replace_atomically(post_file, THEIRS)
    assert "(Corrected.)" in window.editor.body()
    assert "changed by another program" in window.statusBar().currentMessage()
    assert not window.isWindowModified()
    assert asked == []


def test_unsaved_edits_ask_and_keep_mine(
        qtbot: QtBot, make_window: Callable[..., Any], post_file: Path,
        asked: Asked) -> None:
    window = make_window(post_file)
    _type(window, " My addition.")
    with qtbot.waitSignal(_monitor(window).notice, timeout=10000):
        post_file.write_bytes(THEIRS)
    ((name, mine, theirs),) = asked
    assert name == post_file.name and "My addition." in mine and "(Corrected.)" in theirs
    assert "My addition." in window.editor.body()
    assert window.isWindowModified()
    assert post_file.read_bytes() == THEIRS


def test_unsaved_edits_ask_and_reload(
        qtbot: QtBot, make_window: Callable[..., Any], post_file: Path,
        asked: Asked) -> None:
    asked.answer = Resolution.RELOAD
    window = make_window(post_file)
    _type(window, " My addition.")
    with qtbot.waitSignal(_monitor(window).notice, timeout=10000):
        _replace_atomically(post_file, THEIRS)
    assert len(asked) == 1
    assert "(Corrected.)" in window.editor.body() and "My addition." not in window.editor.body()
    assert not window.isWindowModified()


def test_save_over_an_unnoticed_change_asks_first(
        qtbot: QtBot, make_window: Callable[..., Any], post_file: Path,
        fake_dialogs: Any, asked: Asked) -> None:
    window = make_window(post_file)
    _type(window, " Mine.")
    window.findChild(ExternalChangeMonitor).watcher.unwatch()  # the watcher missed it
    post_file.write_bytes(THEIRS)
    fake_dialogs.changed_on_disk = dialogs.Choice.CANCEL
    assert window.save() is False
    assert "ask_changed_on_disk" in fake_dialogs.names()
    assert post_file.read_bytes() == THEIRS
    assert "Mine." in window.editor.body()


def test_deleted_post_keeps_text_and_shows_modified(
        qtbot: QtBot, make_window: Callable[..., Any], post_file: Path,
        fake_dialogs: Any, asked: Asked) -> None:
    window = make_window(post_file)
    with qtbot.waitSignal(_monitor(window).file_deleted, timeout=10000):
        post_file.unlink()
    assert "show_info" in fake_dialogs.names()
    (_, args) = next(c for c in fake_dialogs.calls if c[0] == "show_info")
    assert "deleted" in args[2]
    assert "The wind rose at dawn." in window.editor.body()
    assert window.isWindowModified()
    assert window.save() is True  # saving puts it back
    assert post_file.read_bytes() == POST


@pytest.mark.parametrize(("fault", "words"), [
    ("replace-enospc", "the disk is full"),
    ("write-eacces", "permission denied"),
    ("read-only-file", "read-only"),
    ("folder-in-the-way", "folder"),
])
def test_failed_save_keeps_text_file_and_journal(
        qtbot: QtBot, make_window: Callable[..., Any], post_file: Path,
        fake_dialogs: Any, asked: Asked, monkeypatch: pytest.MonkeyPatch,
        fault: str, words: str) -> None:
    window = make_window(post_file)
    journal = window.findChild(JournalService)
    with qtbot.waitSignal(journal.written, timeout=10000):
        _type(window, " Words that must survive.")
    before = post_file.read_bytes() if post_file.is_file() else None
    with monkeypatch.context() as patch:
        if fault == "replace-enospc":
            def no_space(*_a: Any) -> None:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            patch.setattr(files.os, "replace", no_space)
        elif fault == "write-eacces":
            def denied(*_a: Any, **_k: Any) -> Any:
                raise OSError(errno.EACCES, os.strerror(errno.EACCES))
            patch.setattr(tempfile, "mkstemp", denied)  # what files.atomic_write calls
        elif fault == "read-only-file":
            post_file.chmod(0o444)
        else:
            window.findChild(ExternalChangeMonitor).watcher.unwatch()
            post_file.unlink()
            post_file.mkdir()
            fake_dialogs.changed_on_disk = dialogs.Choice.OVERWRITE
        assert window.save() is False
    (_, args) = next(c for c in fake_dialogs.calls if c[0] == "show_error")
    assert words in args[2] and "Errno" not in args[2]
    assert "Words that must survive." in window.editor.body()
    assert window.isWindowModified()
    if before is not None and post_file.is_file():
        assert post_file.read_bytes() == before == POST
    (entry,) = journal.journal.entries()
    assert b"Words that must survive." in entry.data
    if fault == "read-only-file":
        post_file.chmod(0o644)

"""Tests for the journal service: unsaved posts journalled while typing, restored after a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from editor.core.files import read_with_fingerprint
from editor.core.journal import Journal
from editor.services.document import DocumentController
from editor.services.recovery import DEFAULT_DELAY_MS, JournalService, recovered_post

POST = b'---\ntitle: "Storm hits coast"\n---\n\nThe wind rose at dawn.\n'


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    path = tmp_path / "2025-01-01-storm.md"
    path.write_bytes(POST)
    return path


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "recovery")


def _service(journal: Journal, document: DocumentController, **kw: int) -> JournalService:
    service = JournalService(journal, **kw)
    assert service.start() == []
    service.track(document)
    return service


def _crash(journal: Journal) -> None:
    journal.release()


def test_edit_is_journalled_within_two_seconds(qtbot: QtBot, journal: Journal,
                                               post_file: Path) -> None:
    document = DocumentController()
    document.open(post_file)
    service = _service(journal, document)
    # How late this machine runs a timer of the journal's delay, measured alongside: a
    # loaded machine's lateness is not the journal's (the write itself still counts).
    probe: list[float] = []
    started = time.monotonic()
    QTimer.singleShot(DEFAULT_DELAY_MS, lambda: probe.append(time.monotonic()))
    with qtbot.waitSignal(service.written, timeout=20000) as blocker:
        document.set_body("\nThe wind rose at dawn. Then the rain.\n")
    written = time.monotonic()
    qtbot.waitUntil(lambda: bool(probe), timeout=20000)
    lateness = max(0.0, probe[0] - started - DEFAULT_DELAY_MS / 1000)
    assert written - started - lateness < 2.0
    entry = blocker.args[0]
    assert b"Then the rain." in entry.data
    assert entry.path == post_file
    assert entry.fingerprint == read_with_fingerprint(post_file)[1]
    assert [e.data for e in journal.entries()] == [entry.data]
    assert post_file.read_bytes() == POST


def test_typing_without_pause_is_still_journalled(qtbot: QtBot, journal: Journal,
                                                  post_file: Path) -> None:
    document = DocumentController()
    document.open(post_file)
    service = _service(journal, document, delay_ms=400, max_wait_ms=600)
    # Keep restarting the quiet-time timer: only the maximum wait can fire.
    keys = iter(range(1000))

    def type_more() -> None:
        document.set_body(f"\nword {next(keys)}\n")

    from PySide6.QtCore import QTimer

    typer = QTimer()
    typer.setInterval(50)
    typer.timeout.connect(type_more)
    with qtbot.waitSignal(service.written, timeout=10000):
        typer.start()
    typer.stop()


def test_saving_drops_the_entry(qtbot: QtBot, journal: Journal, post_file: Path) -> None:
    document = DocumentController()
    document.open(post_file)
    service = _service(journal, document)
    with qtbot.waitSignal(service.written, timeout=10000):
        document.set_body("\nEdited.\n")
    document.save()
    assert journal.entries() == []


def test_undoing_back_to_the_file_drops_the_entry(qtbot: QtBot, journal: Journal,
                                                  post_file: Path) -> None:
    document = DocumentController()
    document.open(post_file)
    service = _service(journal, document)
    with qtbot.waitSignal(service.written, timeout=10000):
        document.set_body("\nEdited.\n")
    document.set_body("\nThe wind rose at dawn.\n")
    assert not document.is_modified
    assert journal.entries() == []


def test_opening_another_post_drops_the_old_entry(qtbot: QtBot, journal: Journal,
                                                  post_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_bytes(b"---\ntitle: Other\n---\nbody\n")
    document = DocumentController()
    document.open(post_file)
    service = _service(journal, document)
    with qtbot.waitSignal(service.written, timeout=10000):
        document.set_body("\nEdited.\n")
    document.open(other)  # the writer chose to discard the changes
    assert journal.entries() == []


def test_untitled_post_is_journalled_and_keyed_apart(qtbot: QtBot, journal: Journal) -> None:
    document = DocumentController()
    document.new_post({"title": "Draft"})
    service = _service(journal, document)
    with qtbot.waitSignal(service.written, timeout=10000) as blocker:
        document.set_body("\nFirst words.\n")
    entry = blocker.args[0]
    assert entry.key.startswith("untitled-") and entry.path is None


def test_clean_exit_removes_the_journal(qtbot: QtBot, journal: Journal, post_file: Path) -> None:
    document = DocumentController()
    document.open(post_file)
    service = _service(journal, document)
    with qtbot.waitSignal(service.written, timeout=10000):
        document.set_body("\nEdited.\n")
    document.save()
    service.shutdown()
    assert not journal.session_dir.exists()
    assert Journal(journal.root).recoverable() == []


def test_crashed_entry_restores_as_modified(qtbot: QtBot, journal: Journal,
                                            post_file: Path) -> None:
    document = DocumentController()
    document.open(post_file)
    service = _service(journal, document)
    with qtbot.waitSignal(service.written, timeout=10000):
        document.set_body("\nThe words I nearly lost.\n")
    _crash(journal)

    later = Journal(journal.root)
    second = DocumentController()
    service2 = JournalService(later)
    (entry,) = service2.start()
    service2.track(second)
    with qtbot.waitSignal(service2.written, timeout=10000):
        service2.restore(second, entry)
    assert second.is_modified
    assert second.path == post_file
    assert "The words I nearly lost." in second.post.body
    assert post_file.read_bytes() == POST  # nothing written until the writer saves
    # The entry now lives in this instance's journal; the crashed copy is gone.
    assert later.recoverable() == []
    assert [e.data for e in later.entries()] == [entry.data]
    second.save()
    assert b"The words I nearly lost." in post_file.read_bytes()


def test_restored_post_does_not_overwrite_a_file_changed_since(
        qtbot: QtBot, journal: Journal, post_file: Path) -> None:
    from editor.core.files import ChangedOnDiskError

    document = DocumentController()
    document.open(post_file)
    service = _service(journal, document)
    with qtbot.waitSignal(service.written, timeout=10000):
        document.set_body("\nMine.\n")
    _crash(journal)
    post_file.write_bytes(POST + b"A colleague's correction.\n")
    (entry,) = Journal(journal.root).recoverable()
    post, fingerprint = recovered_post(entry)
    second = DocumentController()
    second.install_recovered(post, fingerprint)
    with pytest.raises(ChangedOnDiskError):
        second.save()
    assert post_file.read_bytes().endswith(b"A colleague's correction.\n")


def test_discarding_a_recovered_entry(qtbot: QtBot, journal: Journal) -> None:
    journal.write("untitled-x", b"---\ntitle: x\n---\nlost\n")
    _crash(journal)
    service = JournalService(Journal(journal.root))
    (entry,) = service.start()
    service.discard(entry)
    assert service.journal.recoverable() == []


def test_unwritable_journal_is_reported_not_raised(qtbot: QtBot, tmp_path: Path,
                                                   post_file: Path) -> None:
    blocker = tmp_path / "recovery"
    blocker.write_text("a file where the folder should be")
    service = JournalService(Journal(blocker))
    with qtbot.waitSignal(service.failed, timeout=10000):
        assert service.start() == []
    document = DocumentController()
    document.open(post_file)
    service.track(document)
    with qtbot.waitSignal(service.failed, timeout=10000) as failed:
        document.set_body("\nStill editable.\n")
    assert "recovery journal" in failed.args[0]
    assert document.is_modified

"""The window's document on real file-system objects: a symlinked post, hard links, a FIFO."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from editor.services.document import DocumentController, DocumentError

POST = b'---\ntitle: "Story"\n---\n\nBody.\n'


def test_a_symlinked_post_saves_through_the_link_again_and_again(qtbot: Any,
                                                                 tmp_path: Path) -> None:
    real = tmp_path / "store" / "story.md"
    real.parent.mkdir()
    real.write_bytes(POST)
    link = tmp_path / "2025-08-30-story.md"
    link.symlink_to(real)
    doc = DocumentController()
    doc.open(link)
    for title in ("One", "Two"):  # the second save proves the fingerprint follows the target
        doc.update_fields({"title": title})
        with qtbot.waitSignal(doc.saved):
            doc.save()
        assert link.is_symlink() and real.read_bytes() == POST.replace(b"Story", title.encode())
        assert not doc.is_modified and not doc.changed_on_disk()


def test_a_hard_linked_post_stays_one_file(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "2025-08-30-story.md"
    path.write_bytes(POST)
    other = tmp_path / "archive.md"
    os.link(path, other)
    doc = DocumentController()
    doc.open(path)
    doc.update_fields({"title": "New"})
    with qtbot.waitSignal(doc.saved):
        doc.save()
    assert other.read_bytes() == POST.replace(b"Story", b"New")
    assert os.path.samefile(path, other)


def test_opening_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "2025-08-30-pipe.md"
    os.mkfifo(fifo)
    doc = DocumentController()
    outcome: list[BaseException] = []

    def open_it() -> None:
        try:
            doc.open(fifo)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=open_it, daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # before the fix this waited forever for a writer
        with open(fifo, "wb"):
            pass  # release the reader so the thread ends
        pytest.fail("opening a FIFO blocked")
    (error,) = outcome
    assert isinstance(error, DocumentError) and "named pipe" in str(error)

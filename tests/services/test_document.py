"""The document controller: open, edit, save with the fingerprint check, revert."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from editor.core.files import ChangedOnDiskError
from editor.services.document import DocumentController, DocumentError, import_image, suggested_path
from tests.conftest import corpus_params
from tests.core.test_images import real_jpeg


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    path = tmp_path / "2025-08-30-story.md"
    path.write_bytes(b"---\r\ntitle: \"Story\"\r\nauthor: a\r\n---\r\n\r\nBody.\r\n")
    return path


def test_open_emits_loaded_and_is_not_modified(qtbot: Any, post_file: Path) -> None:
    doc = DocumentController()
    with qtbot.waitSignal(doc.loaded) as blocker:
        doc.open(post_file)
    assert blocker.args[0].get("title") == "Story"
    assert not doc.is_modified
    assert doc.current_bytes() == post_file.read_bytes()


def test_field_edit_is_surgical_and_saves(qtbot: Any, post_file: Path) -> None:
    doc = DocumentController()
    doc.open(post_file)
    with qtbot.waitSignals([doc.text_changed, doc.modified_changed]):
        doc.update_fields({"title": "New"})
    assert doc.is_modified
    with qtbot.waitSignal(doc.saved):
        doc.save()
    assert post_file.read_bytes() == b"---\r\ntitle: \"New\"\r\nauthor: a\r\n---\r\n\r\nBody.\r\n"
    assert not doc.is_modified


def test_typing_back_the_original_clears_modified(post_file: Path) -> None:
    doc = DocumentController()
    doc.open(post_file)
    body = doc.post.body
    doc.set_body(body + "x")
    assert doc.is_modified
    doc.set_body(body)
    assert not doc.is_modified


def test_save_refuses_a_file_changed_on_disk_unless_forced(post_file: Path) -> None:
    doc = DocumentController()
    doc.open(post_file)
    doc.set_body("Mine.\n")
    post_file.write_bytes(b"---\ntitle: theirs\n---\n")
    with pytest.raises(ChangedOnDiskError):
        doc.save()
    assert post_file.read_bytes() == b"---\ntitle: theirs\n---\n"
    doc.save(force=True)
    assert post_file.read_bytes().endswith(b"Mine.\r\n")


def test_revert_reads_the_file_again(post_file: Path) -> None:
    doc = DocumentController()
    doc.open(post_file)
    doc.set_body("changed")
    doc.revert()
    assert not doc.is_modified
    assert doc.post.body == "\nBody.\n"


def test_open_errors_are_plain_words(tmp_path: Path) -> None:
    doc = DocumentController()
    with pytest.raises(DocumentError, match="Cannot open"):
        doc.open(tmp_path / "missing.md")
    with pytest.raises(DocumentError, match="folder"):
        doc.open(tmp_path)


def test_new_post_is_untitled_and_unmodified() -> None:
    doc = DocumentController()
    doc.new_post({"title": "", "date": dt.datetime(2025, 1, 2, 3, 4, 5), "author": "me"})
    assert doc.path is None and not doc.is_modified
    with pytest.raises(DocumentError):
        doc.save()


def test_fixing_a_broken_front_matter_clears_the_problem(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(b"---\ntitle: [x\n---\nBody\n")
    doc = DocumentController()
    doc.open(path)
    assert doc.post.problem is not None
    with qtbot.waitSignal(doc.problem_changed) as blocker:
        doc.set_front_matter_text("title: x\n")
    assert blocker.args == [None]
    doc.save()
    assert path.read_bytes() == b"---\ntitle: x\n---\nBody\n"


def test_suggested_path_in_site_posts_and_drafts(tmp_path: Path) -> None:
    doc = DocumentController()
    doc.new_post({"title": "Mayor signs order", "date": dt.datetime(2025, 8, 30, 23, 0)})
    assert suggested_path(doc.post, tmp_path, None) == tmp_path / "_posts/2025-08-30-mayor-signs-order.md"
    doc.new_post({"title": "Mayor signs order"})
    assert suggested_path(doc.post, tmp_path, None) == tmp_path / "_drafts/mayor-signs-order.md"
    assert suggested_path(doc.post, None, tmp_path, dt.date(2025, 1, 2)) == (
        tmp_path / "2025-01-02-mayor-signs-order.md")


def test_import_image_copies_by_content_hash(tmp_path: Path) -> None:
    src = tmp_path / "Photo.JPG"
    data = real_jpeg()
    src.write_bytes(data)
    site = tmp_path / "site"
    rel = import_image(src, site)
    assert rel == "assets/images/" + __import__("hashlib").md5(data).hexdigest() + ".jpg"
    assert (site / rel).read_bytes() == data


@pytest.mark.parametrize("path", corpus_params()[:40])
def test_corpus_open_save_is_byte_identical(path: Path, tmp_path: Path) -> None:
    target = tmp_path / path.name
    target.write_bytes(path.read_bytes())
    doc = DocumentController()
    doc.open(target)
    doc.save()
    assert target.read_bytes() == path.read_bytes()

"""Writing in the real window: list and quote continuation, pasted pictures, the Edit menu,
find and replace."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from editor.core import images
from tests.core.test_images import jpeg_with_gps
from tests.ui.conftest import FakeDialogs


def _site_post(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\ntimezone: America/Chicago\n")
    post = site / "_posts" / "2025-01-02-x.md"
    post.write_bytes(b"---\ntitle: X\n---\n")
    return post


def _type(qtbot: Any, editor: Any, text: str) -> None:
    """Type ``text`` into the editor; a newline is the Return key."""
    for i, part in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        if part:
            qtbot.keyClicks(editor, part)


def test_return_on_an_empty_quote_line_ends_the_quote(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    editor = window.editor
    editor.setFocus()
    _type(qtbot, editor, "> Quoted words\n\nThe next paragraph")
    assert editor.toPlainText() == "> Quoted words\n\nThe next paragraph"


@pytest.mark.parametrize(("typed", "expected"), [
    ("- one\ntwo\n\nAfter", "- one\n- two\n\nAfter"),
    ("1. one\ntwo\n\nAfter", "1. one\n2. two\n\nAfter"),
    ("9) nine\nten", "9) nine\n10) ten"),
    ("- [x] done\nto do\n\nAfter", "- [x] done\n- [ ] to do\n\nAfter"),
    ("> - quoted item\nnext\n\nstill quoted", "> - quoted item\n> - next\n>\n> still quoted"),
    ("Plain line\nnext", "Plain line\nnext"),
])
def test_lists_continue_and_an_empty_item_ends_them(make_window: Any, qtbot: Any, typed: str,
                                                    expected: str) -> None:
    window = make_window()
    window.editor.setFocus()
    _type(qtbot, window.editor, typed)
    assert window.editor.toPlainText() == expected


def test_pasting_raw_image_data_saves_it_in_the_site_and_inserts_it(
        make_window: Any, qtbot: Any, tmp_path: Path, fake_dialogs: FakeDialogs) -> None:
    post = _site_post(tmp_path)
    site = post.parent.parent
    window = make_window(post)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Before ")
    image = QImage(4, 3, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    mime = QMimeData()
    mime.setImageData(image)  # a screenshot: image data only, no file, no text
    assert mime.formats() and not mime.hasUrls() and not mime.hasText()
    QGuiApplication.clipboard().setMimeData(mime)
    fake_dialogs.text = "An orange square"
    qtbot.keySequence(window.editor, QKeySequence.StandardKey.Paste)
    saved = list((site / "assets" / "images").iterdir())
    assert len(saved) == 1 and saved[0].suffix == ".png"
    data = saved[0].read_bytes()
    assert saved[0].name == hashlib.md5(data).hexdigest() + ".png"
    pasted = QImage()
    assert pasted.loadFromData(data) and pasted.size() == image.size()
    assert pasted.pixelColor(1, 1) == QColor("orange")
    assert window.editor.toPlainText() == (f"Before ![An orange square](/assets/images/"
                                           f"{saved[0].name})")
    assert "ask_text" in fake_dialogs.names()  # the alt text was asked
    assert "ask_strip_location" not in fake_dialogs.names()  # no location data in it


def test_pasted_photo_with_location_asks_and_cancel_adds_nothing(
        make_window: Any, qtbot: Any, tmp_path: Path, fake_dialogs: FakeDialogs) -> None:
    post = _site_post(tmp_path)
    site = post.parent.parent
    window = make_window(post)
    mime = QMimeData()
    mime.setData("image/jpeg", jpeg_with_gps())
    fake_dialogs.text = None  # the writer cancels the alt-text question
    window.editor.insertFromMimeData(mime)
    assert not (site / "assets").exists() and window.editor.toPlainText() == ""
    fake_dialogs.text = "Harbour at dawn"
    window.editor.insertFromMimeData(mime)
    assert "ask_strip_location" in fake_dialogs.names()
    saved = next((site / "assets" / "images").iterdir())
    assert saved.suffix == ".jpg" and not images.has_gps(saved.read_bytes())
    assert window.editor.toPlainText() == f"![Harbour at dawn](/assets/images/{saved.name})"


def test_edit_menu_has_cut_copy_paste_select_all(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    texts = [a.text() for a in edit_menu.actions()]
    for text in ("Cu&t", "&Copy", "&Paste", "Select &All"):
        assert text in texts
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "moved words")
    window.actions["edit.select_all"].trigger()
    window.actions["edit.cut"].trigger()
    assert window.editor.toPlainText() == ""
    assert QGuiApplication.clipboard().text() == "moved words"
    window.actions["edit.paste"].trigger()
    window.actions["edit.paste"].trigger()
    assert window.editor.toPlainText() == "moved wordsmoved words"
    window.form.title_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.title_edit)
    window.actions["edit.paste"].trigger()  # into the focused field, not the body
    assert window.form.title_edit.text() == "moved words"


def test_find_and_replace_has_a_shortcut_a_live_count_and_says_how_many(
        make_window: Any, qtbot: Any) -> None:
    window = make_window()
    assert not window.actions["edit.replace"].shortcut().isEmpty()
    if QKeySequence.keyBindings(QKeySequence.StandardKey.Replace) == []:
        assert window.actions["edit.replace"].shortcut() == QKeySequence("Ctrl+H")
    with qtbot.waitActive(window):
        window.activateWindow()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Cat and cat and CAT.")
    qtbot.keySequence(window.editor, window.actions["edit.replace"].shortcut())
    bar = window.find_bar
    assert bar.isVisible() and bar.replace_edit.isVisible()
    qtbot.keyClicks(bar.find_edit, "cat")
    assert bar.status.text() == "3 matches"
    bar.case_box.setChecked(True)
    assert bar.status.text() == "1 match"
    bar.case_box.setChecked(False)
    bar.replace_edit.setText("dog")
    bar.replace_all_button.click()
    assert window.editor.toPlainText() == "dog and dog and dog."
    assert bar.status.text() == "Replaced 3 matches"

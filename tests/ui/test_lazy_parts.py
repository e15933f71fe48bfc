"""Parts of the window made on first use (not before the first frame) behave as if they had
always been there: the find bar on the first Ctrl+F, the banner and raw editor of a post
whose front matter cannot be read, the thumbnail of a post without an image, the rows of
the Advanced section (folded at first) when it is first unfolded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QPlainTextEdit

from editor.ui.find_bar import FindBar
from editor.ui.form_others import BANNER_DARK
from editor.ui.markdown_editor import LARGE_TEXT, PLACEHOLDER
from editor.ui.preview_pane import after_first_paint

GOOD = "---\ntitle: Good\n---\nThe cat sat. A cat ran. Cats!\n"
BROKEN = "---\ntitle: Broken\ntags: [one, two\n---\nBody stays.\n"


def test_the_find_bar_is_made_on_the_first_ctrl_f_and_finds(make_window: Any, qtbot: Any,
                                                           tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(GOOD, encoding="utf-8")
    window = make_window(post)
    assert window.findChild(FindBar) is None  # not built for the first frame
    window.actions["edit.find_next"].trigger()  # F3 before any find: nothing, no error
    with qtbot.waitActive(window):
        window.activateWindow()
    window.editor.setFocus()
    qtbot.keySequence(window.editor, window.actions["edit.find"].shortcut())
    bar = window.find_bar
    assert window.findChild(FindBar) is bar
    assert bar.isVisible() and not bar.replace_edit.isVisible()
    assert bar.parentWidget() is window.editor.parentWidget()  # under the editor
    assert bar.geometry().top() >= window.editor.geometry().bottom()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.find_edit)
    qtbot.keyClicks(bar.find_edit, "cat")
    assert bar.status.text() == "3 matches"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    assert window.editor.textCursor().selectedText().casefold() == "cat"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert QApplication.focusWidget() is window.editor


def test_a_broken_post_after_a_good_one_shows_its_banner_above_the_raw_text(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    good, broken = tmp_path / "good.md", tmp_path / "broken.md"
    good.write_text(GOOD, encoding="utf-8")
    broken.write_text(BROKEN, encoding="utf-8")
    window = make_window(good)
    form = window.form
    assert form.findChild(QLabel, "problem_banner") is None  # not built for a good post
    form.set_dark(True)  # the theme went dark before the banner existed
    assert window.open_path(broken)
    banner = form.findChild(QLabel, "problem_banner")
    raw = form.findChild(QPlainTextEdit, "raw_front_matter")
    assert banner is form.banner and raw is form.raw_editor
    assert banner.isVisible() and raw.isVisible() and not form.fields_area.isVisible()
    assert "front matter line" in banner.text()
    assert BANNER_DARK[0] in banner.styleSheet()
    assert banner.geometry().bottom() <= raw.geometry().top()
    assert "tags: [one, two" in raw.toPlainText()
    window.go_to_line(3)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is raw)
    assert raw.textCursor().blockNumber() == 1
    assert window.open_path(good)
    assert not banner.isVisible() and not raw.isVisible() and form.fields_area.isVisible()
    assert form.title_edit.text() == "Good"


def test_a_post_without_an_image_says_so_and_one_with_a_missing_image_warns(
        make_window: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(GOOD, encoding="utf-8")
    window = make_window(post)
    form = window.form
    assert form.thumbnail.text() == "no image" and not form.image_missing.isVisible()
    form.image_edit.setText("nowhere.png")
    assert form.thumbnail.text() == "missing" and form.image_missing.isVisible()
    form.image_edit.setText("")
    assert form.thumbnail.text() == "no image" and not form.image_missing.isVisible()


def test_making_the_raw_editor_while_a_good_post_is_shown_does_not_edit_it(
        make_window: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(GOOD, encoding="utf-8")
    window = make_window(post)
    window.form.set_dark(True)
    assert not window.form.raw_editor.isVisible()  # made now, hidden
    assert not window.document.is_modified
    assert window.document.post.get("title") == "Good"
    assert window.form.title_edit.text() == "Good"


# -- a very long body: put in just after the first frame -----------------------------------


def _big_post(tmp_path: Path) -> tuple[Path, str]:
    body = "".join(f"Paragraph {i}: the council met, **again**, on day {i}.\n\n"
                   for i in range(20_000))  # ~1 MB
    assert len(body) > LARGE_TEXT
    path = tmp_path / "big.md"
    path.write_bytes(("---\ntitle: Long night\nauthor: Kim\n---\n" + body).encode("utf-8"))
    return path, body


def test_a_1_mb_post_shows_a_complete_window_first_then_its_exact_text(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path, body = _big_post(tmp_path)
    data = path.read_bytes()
    window = make_window(path, show=False)
    first_frame: dict[str, Any] = {}
    after_first_paint(window, lambda: first_frame.update(
        title=window.form.title_edit.text(), author=window.form.author_edit.text(),
        typed=window.editor.toPlainText(), read_only=window.editor.isReadOnly(),
        placeholder=window.editor.placeholderText(), body=window.editor.body()))
    window.show()
    qtbot.waitUntil(lambda: bool(first_frame), timeout=10_000)
    # The frame shows the post's fields and says the body is opening; nothing is missing
    # from the document meanwhile.
    assert first_frame["title"] == "Long night" and first_frame["author"] == "Kim"
    assert first_frame["typed"] == "" and first_frame["read_only"]
    assert first_frame["placeholder"].startswith("Opening the post (1.")
    assert first_frame["body"] == body
    qtbot.waitUntil(lambda: window.editor.toPlainText() != "", timeout=10_000)
    assert window.editor.body() == body
    assert not window.editor.isReadOnly()
    assert window.editor.placeholderText() == PLACEHOLDER
    assert not window.document.is_modified
    assert window.save()
    assert path.read_bytes() == data


def test_typing_before_a_1_mb_body_is_in_loses_nothing(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path, body = _big_post(tmp_path)
    window = make_window(path, show=False)
    window.show()
    assert window.editor.toPlainText() == ""  # still waiting for the first frame
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Update: ")
    assert window.editor.body() == "Update: " + body
    assert window.document.post.body == "Update: " + body
    assert window.document.is_modified


def test_another_post_opened_before_the_long_body_is_in_wins(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path, _ = _big_post(tmp_path)
    small = tmp_path / "small.md"
    small.write_text(GOOD, encoding="utf-8")
    window = make_window(path, show=False)
    assert window.open_path(small)
    qtbot.wait(50)  # the long body's turn would have come
    assert window.editor.body() == "The cat sat. A cat ran. Cats!\n"
    assert window.editor.toPlainText() == "The cat sat. A cat ran. Cats!"
    assert not window.editor.isReadOnly()


def test_a_hidden_window_gets_its_long_body_on_the_next_turn(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path, body = _big_post(tmp_path)
    window = make_window(path, show=False)
    qtbot.waitUntil(lambda: window.editor.toPlainText() != "", timeout=2_000)
    assert window.editor.body() == body


def test_go_to_line_in_a_long_body_still_waiting_finds_the_line(
        make_window: Any, tmp_path: Path) -> None:
    path, _ = _big_post(tmp_path)
    window = make_window(path, show=False)
    window.go_to_line(5 + 2 * 100)  # file line: 4 front-matter lines, then the body
    assert window.editor.textCursor().block().text().startswith("Paragraph 100:")


ADVANCED = ("---\ntitle: Advanced\nlayout: page\npermalink: /about/\npublished: false\n"
            "source: wire\n---\nBody.\n")


class _RowsWhenShown(QObject):
    """Whether the Advanced rows existed when the section's body was first shown."""

    def __init__(self, form: Any) -> None:
        super().__init__()
        self.form = form
        self.seen: list[bool] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show:
            self.seen.append(self.form.findChild(QComboBox, "field_layout") is not None)
        return False


def test_the_folded_advanced_rows_are_made_when_unfolded_and_show_the_post(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(ADVANCED, encoding="utf-8")
    window = make_window(post)
    form = window.form
    advanced = form.sections["advanced"]
    assert not advanced.is_expanded()
    # not made for the first frame
    assert form.findChild(QComboBox, "field_layout") is None
    assert form.findChild(QPlainTextEdit, "other_fields") is None
    form.set_suggestions([], [], [], ["post", "page", "wide"])  # the site index, meanwhile
    shown = _RowsWhenShown(form)
    advanced.body.installEventFilter(shown)
    qtbot.mouseClick(advanced.toggle, Qt.MouseButton.LeftButton)
    assert shown.seen == [True]  # the rows were there when the section opened: one frame
    combo = form.findChild(QComboBox, "field_layout")
    assert combo is form.layout_combo and combo.isVisible()
    assert combo.currentText() == "page"
    assert "wide" in [combo.itemText(i) for i in range(combo.count())]
    assert form.permalink_edit.text() == "/about/"
    assert isinstance(form.published_box, QCheckBox) and not form.published_box.isChecked()
    assert yaml.safe_load(form.others_edit.toPlainText()) == {"source": "wire"}
    assert not window.document.is_modified  # filling the rows is not an edit
    form.permalink_edit.setFocus()
    qtbot.keyClicks(form.permalink_edit, "x")
    assert window.document.post.get("permalink") == "/about/x"
    assert window.save()  # on disk: the typed character, and nothing else changed
    assert post.read_bytes() == ADVANCED.replace("/about/", "/about/x").encode()


def test_asking_for_an_advanced_field_makes_the_rows_without_unfolding(
        make_window: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(ADVANCED, encoding="utf-8")
    window = make_window(post)
    form = window.form
    assert form.field_widget("source") is form.others_edit  # the checklist's "go to"
    assert form.permalink_edit.text() == "/about/"
    assert not form.sections["advanced"].is_expanded()
    window.go_to_line(3)  # layout: unfolds the section at its field
    assert form.sections["advanced"].is_expanded()
    assert form.layout_combo.isVisible()


def test_a_rows_problem_label_is_made_when_a_problem_is_first_shown(
        make_window: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(GOOD, encoding="utf-8")
    window = make_window(post)
    form = window.form
    assert form.findChildren(QLabel, "error_title") == []  # none before the first frame
    assert form.field_error("title") == ""
    form.flag_error("title", "A title cannot be a list.")
    label = form.findChild(QLabel, "error_title")
    assert label is not None and label.isVisible()
    assert label.text() == form.field_error("title") == "A title cannot be a list."
    assert label.accessibleName() == "Title problem"
    assert label.geometry().top() >= form.title_edit.geometry().bottom()  # under the field
    window.open_path(post)  # showing a post clears its problems
    assert not label.isVisible() and form.field_error("title") == ""
    form.flag_error("title", "Again.")
    assert form.findChildren(QLabel, "error_title") == [label]  # the same label again

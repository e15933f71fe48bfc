"""File ▸ New makes a draft; the checklist speaks the editor's lines and spares a blank draft."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from editor.services.settings import SettingsStore


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\ntimezone: Europe/London\n")
    (site / "_posts" / "2025-01-02-older.md").write_text(
        '---\nlayout: post\ntitle: "Older"\nauthor: "Bo"\nexcerpt: "E."\n---\n\n'
        "First paragraph.\n\nSecond has a TK in it.\n")
    return site


def test_ctrl_n_makes_a_draft_with_the_author_and_no_empty_keys(make_window: Any, qtbot: Any,
                                                                 tmp_path: Path) -> None:
    store = SettingsStore()
    store.set_preferences(replace(store.preferences, default_author="Ana Ruiz"))
    site = _site(tmp_path)
    window = make_window(site)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.editor.setFocus()
    qtbot.keySequence(window.editor, QKeySequence.StandardKey.New)
    assert window.document.path is None and window.new_draft_folder == site / "_drafts"
    title = window.form.title_edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    assert title.visibleRegion().isEmpty() is False  # scrolled into view
    assert window.form.author_edit.text() == "Ana Ruiz"
    qtbot.keyClicks(title, "Quay fire")
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Crews arrived.")
    qtbot.keySequence(window.editor, QKeySequence.StandardKey.Save)
    draft = site / "_drafts" / "quay-fire.md"
    assert window.document.path == draft
    assert draft.read_text() == ('---\nlayout: post\ntitle: "Quay fire"\nauthor: "Ana Ruiz"\n'
                                 "---\nCrews arrived.\n")


def test_a_blank_new_draft_shows_no_red_error_until_the_writer_types(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(_site(tmp_path))
    window.new_post()
    panel = window.desk.host.checklist
    findings = window.desk.run_checks()
    assert "title-missing" in {f.id for f in findings}
    assert "date-missing" not in {f.id for f in findings}  # a draft: publishing dates it
    assert panel.summary.text().startswith("A new post")
    assert "error" not in panel.summary.text()
    qtbot.keyClicks(window.editor, "Words.")
    window.desk.run_checks()
    assert "error" in panel.summary.text()


def test_the_checklist_names_editor_lines_and_a_click_goes_there(make_window: Any, qtbot: Any,
                                                                 tmp_path: Path) -> None:
    site = _site(tmp_path)
    window = make_window(site / "_posts" / "2025-01-02-older.md")
    window.desk.run_checks()
    panel = window.desk.host.checklist
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    tk = next(i for i, t in enumerate(texts) if "TK" in t)
    # The body's fourth line in the editor (it starts with the blank line after ---).
    assert texts[tk] == "Line 4: A TK ('to come') marker is left in the text: fill it in"
    item = panel.list.item(tk)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.list.visualItemRect(item).center())
    assert window.editor.textCursor().blockNumber() == 3
    assert window.editor.textCursor().block().text() == "Second has a TK in it."
    assert window.position_label.text() == "Line 4, column 1"
    assert window.describe_line(3) == "the title field"


def test_file_new_shows_the_form_when_it_was_hidden(make_window: Any, qtbot: Any,
                                                    tmp_path: Path) -> None:
    window = make_window(_site(tmp_path))
    window.actions["view.form"].setChecked(False)
    window.actions["file.new"].trigger()
    assert window.actions["view.form"].isChecked()
    assert window.side_tabs.currentWidget() is window.form
    qtbot.waitUntil(lambda: not window.form.title_edit.visibleRegion().isEmpty())

"""The writing window, built through the composition root, used as a writer would."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from editor.core.post import load_post
from editor.ui.exact_text import exact_text
from tests.conftest import window_posts
from tests.core.site_helpers import tiny_png
from tests.ui.conftest import evaluate, start_preview


def _corpus_post_with(*keys: str) -> Path:
    """A post (of the corpus, else of sample_posts/) with text in each of ``keys``."""
    for path in window_posts():
        try:
            post = load_post(path)
        except OSError:
            continue
        if post.problem is None and all(isinstance(post.get(k), str) and post.get(k) for k in keys):
            return path
    raise AssertionError("no post with " + ", ".join(keys))


def _copy(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / path.name
    shutil.copyfile(path, target)
    return target


def _replace_text(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_opening_a_corpus_post_fills_the_form(make_window: Any) -> None:
    path = _corpus_post_with("title", "excerpt")
    post = load_post(path)
    window = make_window(path)
    assert window.form.title_edit.text() == post.get("title")
    assert exact_text(window.form.excerpt_edit) == post.get("excerpt")
    assert window.editor.body() == post.body
    assert window.windowTitle().startswith(path.name)
    assert not window.isWindowModified()


def test_editing_the_title_changes_only_the_title_lines(make_window: Any, qtbot: Any,
                                                        tmp_path: Path) -> None:
    path = _copy(_corpus_post_with("title"), tmp_path)
    before = path.read_bytes()
    window = make_window(path)
    _replace_text(qtbot, window.form.title_edit, "A corrected headline")
    assert window.isWindowModified()
    assert window.save()
    after = path.read_bytes()
    assert load_post(path).get("title") == "A corrected headline"
    old_lines = before.splitlines(keepends=True)
    new_lines = after.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    changed = [(o, n) for o, n in zip(old_lines, new_lines, strict=True) if o != n]
    assert len(changed) == 1
    assert changed[0][0].lstrip().startswith(b"title:")
    assert not window.isWindowModified()


@pytest.mark.parametrize("index", range(8))
def test_open_and_save_without_edits_writes_identical_bytes(make_window: Any, tmp_path: Path,
                                                            index: int) -> None:
    files = window_posts()
    path = _copy(files[index * len(files) // 8], tmp_path)
    before = path.read_bytes()
    window = make_window(path)
    assert not window.isWindowModified()
    assert window.save()
    assert path.read_bytes() == before


def test_typing_in_the_editor_updates_the_preview_body(make_window: Any, qtbot: Any,
                                                       tmp_path: Path) -> None:
    path = _copy(_corpus_post_with("title"), tmp_path)
    window = make_window(path, threaded=True)
    pane = start_preview(qtbot, window)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(pane.body_updated, timeout=20000):
        qtbot.keyClick(window.editor, Qt.Key.Key_Return)
        qtbot.keyClick(window.editor, Qt.Key.Key_Return)
        qtbot.keyClicks(window.editor, "Zebra crossing quokka")
    qtbot.waitUntil(lambda: "Zebra crossing quokka" in (window._last_result.body_html or ""))
    if pane.backend_name == "webengine":
        def shown() -> bool:
            return "Zebra crossing quokka" in evaluate(
                qtbot, pane, "document.getElementById('dl-body').innerHTML")
        qtbot.waitUntil(shown, timeout=10000)
        title = evaluate(qtbot, pane, "document.querySelector('.post-title').textContent")
        assert title == load_post(path).get("title")


def test_broken_post_opens_with_banner_and_saves_after_fixing(make_window: Any, tmp_path: Path,
                                                              fake_dialogs: Any) -> None:
    path = tmp_path / "2025-01-02-broken.md"
    path.write_bytes(b"---\ntitle: Broken\ntags: [one, two\n---\n\nThe body stays.\n")
    window = make_window(path)
    form = window.form
    assert form.banner.isVisible()
    assert "line" in form.banner.text() and "column" in form.banner.text()
    assert form.raw_editor.isVisible() and not form.fields_area.isVisible()
    assert "tags: [one, two" in form.raw_editor.toPlainText()
    assert window.editor.body() == "\nThe body stays.\n"
    form.raw_editor.setPlainText("title: Broken\ntags: [one, two]\n")
    assert not form.banner.isVisible()
    assert form.fields_area.isVisible()
    assert form.title_edit.text() == "Broken"
    assert window.save()
    assert path.read_bytes() == b"---\ntitle: Broken\ntags: [one, two]\n---\n\nThe body stays.\n"
    assert "show_error" not in fake_dialogs.names()


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(
        make_window: Any, qtbot: Any, tmp_path: Path, fake_dialogs: Any) -> None:
    from editor.ui.dialogs import Choice

    path = _copy(_corpus_post_with("title"), tmp_path)
    before = path.read_bytes()
    window = make_window(path)
    qtbot.keyClicks(window.editor, "Unsaved words ")
    assert window.isWindowModified()
    fake_dialogs.save_changes = Choice.CANCEL
    assert not window.close()
    assert window.isVisible()
    assert fake_dialogs.names() == ["ask_save_changes"]
    assert path.read_bytes() == before


def test_new_post_has_today_and_the_default_author(make_window: Any) -> None:
    from dataclasses import replace

    from editor.services.settings import SettingsStore

    store = SettingsStore()
    store.set_preferences(replace(store.preferences, default_author="badely"))
    window = make_window()
    assert window.document.path is None
    assert window.form.author_edit.text() == "badely"
    assert window.form.date_edit.date().toPython() == dt.date.today()
    assert window.windowTitle().startswith("Untitled")
    assert not window.isWindowModified()


def test_a_new_post_in_a_site_is_saved_as_a_draft_and_save_as_proposes_it(
        make_window: Any, qtbot: Any, tmp_path: Path, fake_dialogs: Any) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Test\n")
    window = make_window(site)
    _replace_text(qtbot, window.form.title_edit, "Mayor signs order")
    qtbot.keyClicks(window.editor, "Body text.")
    proposed = site / "_drafts" / "mayor-signs-order.md"
    fake_dialogs.save_path = proposed
    assert window.save_as()
    assert fake_dialogs.calls[-1][0] == "save_post_path"
    assert fake_dialogs.calls[-1][1][1] == proposed
    saved = load_post(proposed)
    assert saved.get("title") == "Mayor signs order"
    assert "Body text." in saved.body
    window.new_post()
    _replace_text(qtbot, window.form.title_edit, "Second story")
    calls = len(fake_dialogs.calls)
    assert window.save()  # straight into _drafts, named from the title: no dialog
    assert len(fake_dialogs.calls) == calls
    assert window.document.path == site / "_drafts" / "second-story.md"


def test_site_folder_opens_its_newest_post(make_window: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("timezone: America/Chicago\n")
    (site / "_posts" / "2024-01-01-old.md").write_text("---\ntitle: Old\n---\nold\n")
    (site / "_posts" / "2025-03-04-new.md").write_text("---\ntitle: New\n---\nnew\n")
    window = make_window(site)
    assert window.document.path.name == "2025-03-04-new.md"
    assert window.form.title_edit.text() == "New"
    assert "America/Chicago" in window.form.publish_label.text()


def test_invalid_yaml_in_other_fields_is_flagged_and_not_saved(make_window: Any, tmp_path: Path,
                                                              qtbot: Any) -> None:
    path = tmp_path / "2025-01-02-x.md"
    path.write_bytes(b"---\ntitle: X\nsource: wire\n---\nBody\n")
    window = make_window(path)
    window.form.others_edit.setPlainText("source: [wire\n")
    assert "YAML" in window.form.field_error("others")
    assert not window.isWindowModified()
    window.form.others_edit.setPlainText("source: agency\nrights: AP\n")
    assert window.form.field_error("others") == ""
    assert window.save()
    assert path.read_bytes() == b"---\ntitle: X\nsource: agency\nrights: AP\n---\nBody\n"


def test_editing_the_date_keeps_the_original_shape(make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "2025-08-30-x.md"
    path.write_bytes(b"---\ntitle: X\ndate: 2025-08-30T23:34:44\nauthor: a\n---\nBody\n")
    window = make_window(path)
    edit = window.form.date_edit
    edit.setDateTime(edit.dateTime().addSecs(3600))
    assert window.save()
    assert path.read_bytes() == b"---\ntitle: X\ndate: 2025-08-31T00:34:44\nauthor: a\n---\nBody\n"


def test_saving_over_a_file_changed_on_disk_asks_first(make_window: Any, qtbot: Any,
                                                        tmp_path: Path, fake_dialogs: Any) -> None:
    from editor.ui.dialogs import Choice

    path = tmp_path / "2025-01-02-x.md"
    path.write_bytes(b"---\ntitle: X\n---\nBody\n")
    window = make_window(path)
    qtbot.keyClicks(window.editor, "Mine. ")
    path.write_bytes(b"---\ntitle: X\n---\nTheirs\n")
    fake_dialogs.changed_on_disk = Choice.CANCEL
    assert not window.save()
    assert path.read_bytes() == b"---\ntitle: X\n---\nTheirs\n"
    fake_dialogs.changed_on_disk = Choice.OVERWRITE
    assert window.save()
    assert path.read_bytes() == b"---\ntitle: X\n---\nMine. Body\n"


def test_formatting_shortcut_bolds_the_selection(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    editor = window.editor
    editor.setPlainText("word")
    editor.selectAll()
    window.actions["format.bold"].trigger()
    assert editor.toPlainText() == "**word**"
    window.actions["edit.undo"].trigger()
    assert editor.toPlainText() == "word"


def test_word_count_and_reading_time_in_the_status_bar(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    qtbot.keyClicks(window.editor, "one two three")
    qtbot.waitUntil(lambda: window.words_label.text().startswith("3 words"))
    assert "1 min read" in window.words_label.text()


def test_every_form_field_has_an_accessible_name(make_window: Any) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    window = make_window()
    kinds = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)
    found = [w for kind in kinds for w in window.form.findChildren(kind)]
    fields = [w for w in found
              if not (isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)))]
    assert fields
    assert [w for w in fields if not w.accessibleName()] == []


def test_window_layout_is_remembered(make_window: Any) -> None:
    window = make_window()
    window.resize(760, 560)
    window.splitter.setSizes([200, 300, 260])
    sizes = window.splitter.sizes()
    window.close()
    again = make_window()
    assert again.size().width() == 760
    assert again.splitter.sizes() == sizes


def test_dropping_a_file_opens_it(make_window: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "2025-01-02-dropped.md"
    path.write_bytes(b"---\ntitle: Dropped\n---\nBody\n")
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.form.title_edit.text() == "Dropped"


def test_dropping_an_image_on_the_editor_copies_it_into_the_site(make_window: Any,
                                                                 tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QUrl

    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n")
    post = site / "_posts" / "2025-01-02-x.md"
    post.write_bytes(b"---\ntitle: X\n---\n")
    photo = tmp_path / "Photo.PNG"
    photo.write_bytes(tiny_png(5))
    window = make_window(post)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    window.editor.insertFromMimeData(mime)
    digest = __import__("hashlib").md5(tiny_png(5)).hexdigest()
    assert window.editor.toPlainText() == f"![](/assets/images/{digest}.png)"
    assert (site / "assets" / "images" / f"{digest}.png").read_bytes() == tiny_png(5)


def test_dark_theme_from_preferences_darkens_the_window(make_window: Any, qtbot: Any) -> None:
    from dataclasses import replace

    from editor.ui.theme import apply_theme, is_dark

    window = make_window()
    try:
        window.settings.set_preferences(replace(window.settings.preferences, theme="dark"))
        assert is_dark()
        qtbot.waitUntil(
            lambda: window.palette().color(window.backgroundRole()).lightness() < 128)
        assert window.editor.highlighter._formats["heading"].foreground().color().name() == (
            "#8fb8ff")
    finally:
        window.settings.set_preferences(replace(window.settings.preferences, theme="system"))
        apply_theme("system")


def test_other_fields_edit_keeps_an_image_mapping_it_holds(make_window: Any,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "2025-01-02-x.md"
    path.write_bytes(b"---\ntitle: X\nimage: {path: a.jpg, alt: A}\n---\nBody\n")
    window = make_window(path)
    others = window.form.others_edit
    assert "image:" in others.toPlainText()
    others.setPlainText(others.toPlainText() + "source: wire\n")
    assert window.form.field_error("others") == ""
    assert window.save()
    assert path.read_bytes() == (b"---\ntitle: X\nimage: {path: a.jpg, alt: A}\nsource: wire\n"
                                 b"---\nBody\n")


def test_dark_theme_reaches_the_yaml_editors_and_the_problem_banner(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    import re
    from dataclasses import replace

    from PySide6.QtGui import QColor, QPalette

    from editor.ui.theme import apply_theme

    def contrast(a: QColor, b: QColor) -> float:
        def lum(c: QColor) -> float:
            ch = [(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
                  for v in (c.redF(), c.greenF(), c.blueF())]
            return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
        hi, lo = sorted((lum(a), lum(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    def key_colour(edit: Any) -> QColor:
        block = edit.document().firstBlock()
        ranges = block.layout().formats()
        assert ranges, "the YAML key is not highlighted"
        return ranges[0].format.foreground().color()

    path = tmp_path / "2025-01-02-broken.md"
    path.write_bytes(b"---\ntitle: Breaking: news\n---\nBody\n")
    window = make_window(path)
    try:
        window.settings.set_preferences(replace(window.settings.preferences, theme="dark"))
        qtbot.waitUntil(lambda: window.form.raw_editor.palette().color(
            QPalette.ColorRole.Base).lightness() < 128)
        base = window.form.raw_editor.palette().color(QPalette.ColorRole.Base)
        assert contrast(key_colour(window.form.raw_editor), base) >= 4.5
        banner = re.search(r"background: (#\w+); color: (#\w+)", window.form.banner.styleSheet())
        assert banner is not None and QColor(banner.group(1)).lightness() < 128
        assert contrast(QColor(banner.group(1)), QColor(banner.group(2))) >= 7
    finally:
        window.settings.set_preferences(replace(window.settings.preferences, theme="system"))
        apply_theme("system")


def test_the_preview_page_loads_while_the_post_renders(make_window: Any, qtbot: Any,
                                                       tmp_path: Path) -> None:
    """The reading view's page starts loading as the preview starts, before the first render
    has arrived (it used to wait for the render, and the render's result waited behind the
    start-up's other work), and the render then fills it in place: one load."""
    from editor.core.post import new_post_bytes

    path = tmp_path / "2024-05-01-plan.md"
    path.write_bytes(new_post_bytes({"title": "Plan", "date": "2024-05-01"},
                                    "The council voted late.\n"))
    window = make_window(path, threaded=True, show=False)
    window.show()
    pane = window.start_preview()  # no event-loop turn since the post opened: no render yet
    assert pane.backend_name == "webengine"
    assert pane.page.loading_template  # the page is on its way already
    loads: list[bool] = []
    pane.page.loadFinished.connect(loads.append)
    with qtbot.waitSignal(pane.body_updated, timeout=30000):
        pass
    assert "council voted" in evaluate(qtbot, pane, "document.getElementById('dl-body').innerHTML")
    assert loads == [True]

"""The writing look: toolbar, writing font and measure, focus mode, full screen, style."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontDatabase, QFontInfo, QKeySequence

from tests.conftest import SAMPLE_POSTS

POST = SAMPLE_POSTS / "_posts" / "2025-03-18-riverside-library-reopens.md"


def test_toolbar_carries_the_writers_commands(make_window: Any) -> None:
    from editor.ui.toolbar import WritingToolbar

    window = make_window(POST)
    toolbar = window.findChild(WritingToolbar)
    assert toolbar is not None and toolbar.isVisible()
    ids = [a.objectName() for a in toolbar.actions() if not a.isSeparator()]
    for wanted in ("file.new", "file.save", "insert.image", "format.link", "view.site_look",
                   "view.preview", "view.focus"):
        assert wanted in ids
    assert toolbar.height() <= 44  # slim


def test_the_editor_writes_in_a_proportional_font_within_a_measure(make_window: Any) -> None:
    from dataclasses import replace

    window = make_window(POST)
    window.resize(1600, 900)
    editor = window.editor
    assert not QFontInfo(editor.font()).fixedPitch()
    assert editor.font().family() != QFontDatabase.systemFont(
        QFontDatabase.SystemFont.FixedFont).family()
    window.splitter.setSizes([300, 1000, 300])
    column = editor.viewport().width()
    assert column <= editor.fontMetrics().horizontalAdvance("0") * 70 + 60  # + page margins
    assert editor.viewportMargins().left() > 0  # centred in the wide editor
    settings = window.settings
    settings.set_preferences(replace(settings.preferences, editor_monospace=True))
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    assert editor.font().family() == fixed


def test_focus_mode_hides_the_panels_and_dims_other_paragraphs(make_window: Any) -> None:
    window = make_window(POST)
    editor = window.editor
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index("Staff said"))
    editor.setTextCursor(cursor)
    window.actions["view.focus"].setChecked(True)
    assert not window.left_splitter.isVisible()
    assert not window.preview.isVisible()
    selections = editor.extraSelections()
    assert selections
    current = editor.textCursor().block().position()
    for sel in selections:  # nothing dimmed inside the current paragraph
        assert not sel.cursor.selectionStart() <= current < sel.cursor.selectionEnd()
    dimmed = "".join(sel.cursor.selectedText() for sel in selections)
    assert "Riverside library reopened" in dimmed
    window.actions["view.focus"].setChecked(False)
    assert window.left_splitter.isVisible() and window.preview.isVisible()
    assert editor.extraSelections() == []


def test_full_screen_uses_the_platform_key(make_window: Any, qtbot: Any) -> None:
    window = make_window(POST)
    action = window.actions["view.fullscreen"]
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.FullScreen) or [QKeySequence("F11")]
    assert action.shortcuts()[0] == keys[0]
    action.setChecked(True)
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    action.setChecked(False)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)


def test_house_style_follows_light_and_dark() -> None:
    from editor.ui.theme import house_style

    assert house_style(False) != house_style(True)
    assert "#writing_toolbar" in house_style(False)


def test_preferences_site_folder_label_has_its_field_as_buddy(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    from editor.services.settings import Preferences
    from editor.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(Preferences())
    qtbot.addWidget(dialog)
    label = next(w for w in dialog.findChildren(QLabel) if w.text() == "&Site folder:")
    assert label.buddy() is dialog.site  # so the "&" underlines S instead of showing


def test_toolbar_labels_stay_short_when_toggled(make_window: Any) -> None:
    from PySide6.QtWidgets import QToolButton

    from editor.ui.toolbar import WritingToolbar

    window = make_window(POST)
    toolbar = window.findChild(WritingToolbar)
    window.actions["view.preview"].setChecked(False)
    window.actions["view.preview"].setChecked(True)
    texts = [b.text() for b in toolbar.findChildren(QToolButton)]
    assert "Preview" in texts and "Show Preview" not in texts
    assert window.actions["view.preview"].text() == "Show &Preview"  # the menu's


def test_commands_registered_later_join_the_toolbar(make_window: Any, qtbot: Any) -> None:
    from editor.ui.toolbar import WritingToolbar

    window = make_window(POST)
    toolbar = window.findChild(WritingToolbar)
    qtbot.waitUntil(lambda: "file.publish" in window.actions.ids(), timeout=10000)
    ids = [a.objectName() for a in toolbar.actions() if not a.isSeparator()]
    assert ids.index("file.save") < ids.index("file.publish") < ids.index("insert.image")


def test_dark_check_boxes_and_placeholders_stand_out() -> None:
    import re

    from PySide6.QtGui import QColor

    from editor.ui.theme import _dark_palette, house_style

    def luminance(colour: QColor) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
                + 0.0722 * channel(colour.blueF()))

    def contrast(a: QColor, b: QColor) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    from PySide6.QtGui import QPalette

    palette = _dark_palette()
    base = palette.color(QPalette.ColorRole.Base)
    border = re.search(r"QCheckBox::indicator \{[^}]*border: 1px solid (#[0-9a-f]{6})",
                       house_style(True))
    assert border is not None and contrast(QColor(border.group(1)), base) >= 3.0
    placeholder = palette.color(QPalette.ColorRole.PlaceholderText)
    assert contrast(placeholder, base) >= 3.0

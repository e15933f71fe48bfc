"""Focus mode: only the text. The form and the preview are hidden, and every paragraph but
the one being written is dimmed (extra selections, so the text itself is never touched)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


class FocusMode(QObject):
    """Turns focus mode on and off for ``window``; restores what was shown before."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.active = False
        self._was_shown: tuple[bool, bool] = (True, True)

    def set_active(self, on: bool) -> None:
        """Enter (hide form and preview, dim) or leave focus mode."""
        if on == self.active:
            return
        self.active = on
        w = self._window
        editor = w.editor
        if on:
            self._was_shown = (w.actions["view.form"].isChecked(),
                               w.actions["view.preview"].isChecked())
            w.actions["view.form"].setChecked(False)
            w.actions["view.preview"].setChecked(False)
            editor.cursorPositionChanged.connect(self.dim)
            editor.document().contentsChanged.connect(self.dim)
            self.dim()
            editor.setFocus()
        else:
            editor.cursorPositionChanged.disconnect(self.dim)
            editor.document().contentsChanged.disconnect(self.dim)
            editor.setExtraSelections([])
            form, preview = self._was_shown
            w.actions["view.form"].setChecked(form)
            w.actions["view.preview"].setChecked(preview)

    def dim(self) -> None:
        """Dim all text outside the current paragraph (blank lines delimit paragraphs)."""
        editor = self._window.editor
        document = editor.document()
        block = editor.textCursor().block()
        first = last = block
        while first.previous().isValid() and first.previous().text().strip():
            if not first.text().strip():
                break
            first = first.previous()
        while last.next().isValid() and last.next().text().strip() and last.text().strip():
            last = last.next()
        start = first.position()
        end = last.position() + last.length() - 1
        fmt = QTextCharFormat()
        fmt.setForeground(dimmed_colour(editor.palette()))
        selections = []
        for a, b in ((0, start), (end, document.characterCount() - 1)):
            if b <= a:
                continue
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
        editor.setExtraSelections(selections)


def dimmed_colour(palette: QPalette) -> QColor:
    """The text colour a third of the way from the background: readable, clearly quieter."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    mix = 0.62
    return QColor(round(text.red() * (1 - mix) + base.red() * mix),
                  round(text.green() * (1 - mix) + base.green() * mix),
                  round(text.blue() * (1 - mix) + base.blue() * mix))

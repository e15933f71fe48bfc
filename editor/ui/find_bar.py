"""The find and replace bar under the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from editor.ui.markdown_editor import MarkdownEditor


class FindBar(QWidget):
    """Find (and optionally replace) in the Markdown editor; Escape closes it."""

    def __init__(self, editor: MarkdownEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find")
        self.find_edit.setAccessibleName("Find text")
        self.find_edit.setClearButtonEnabled(True)
        self.replace_edit = QLineEdit()
        self.replace_edit.setPlaceholderText("Replace with")
        self.replace_edit.setAccessibleName("Replacement text")
        self.case_box = QCheckBox("Match case")
        self.status = QLabel()
        self.status.setAccessibleName("Find result")
        previous = QPushButton("Previous")
        following = QPushButton("Next")
        self.replace_button = QPushButton("Replace")
        self.replace_all_button = QPushButton("Replace All")
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Close find bar")
        close.setAutoRaise(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.find_edit, 0, 0)
        grid.addWidget(previous, 0, 1)
        grid.addWidget(following, 0, 2)
        grid.addWidget(self.case_box, 0, 3)
        grid.addWidget(self.status, 0, 4)
        grid.addWidget(close, 0, 5)
        grid.addWidget(self.replace_edit, 1, 0)
        grid.addWidget(self.replace_button, 1, 1)
        grid.addWidget(self.replace_all_button, 1, 2)
        grid.setColumnStretch(0, 1)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(self.update_count)
        self.case_box.toggled.connect(self.update_count)
        editor.body_changed.connect(self._on_body_changed)
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self._on_replace_clicked)
        self.replace_all_button.clicked.connect(self._on_replace_all_clicked)
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self, replace: bool = False) -> None:
        """Show the bar, seeded with the editor's selection."""
        self._editor.fill_now()  # a long body still waiting for the first paint
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        for w in (self.replace_edit, self.replace_button, self.replace_all_button):
            w.setVisible(replace)
        self.show()
        self.update_count()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def close_bar(self) -> None:
        """Hide the bar and return to the editor."""
        self.hide()
        self._editor.setFocus()

    def find_next(self) -> None:
        """Select the next match."""
        self._report(self._editor.find_text(self.find_edit.text(), case=self.case_box.isChecked()))

    def find_previous(self) -> None:
        """Select the previous match."""
        self._report(self._editor.find_text(self.find_edit.text(), backward=True,
                                            case=self.case_box.isChecked()))

    def _report(self, found: bool) -> None:
        self.update_count()

    def match_count(self) -> int:
        """How many times the find text occurs in the post body (as the editor finds it)."""
        needle = self.find_edit.text()
        if not needle:
            return 0
        text = self._editor.toPlainText()
        if self.case_box.isChecked():
            return text.count(needle)
        return text.casefold().count(needle.casefold())

    def update_count(self) -> None:
        """Show the live match count ("3 matches", "Not found")."""
        if not self.find_edit.text():
            self.status.clear()
            return
        count = self.match_count()
        self.status.setText("Not found" if count == 0
                            else f"{count} match{'es' if count != 1 else ''}")

    def _on_body_changed(self) -> None:
        if self.isVisible():
            self.update_count()

    def _on_replace_clicked(self) -> None:
        self._editor.replace_selection(self.find_edit.text(), self.replace_edit.text(),
                                       self.case_box.isChecked())
        self.update_count()

    def _on_replace_all_clicked(self) -> None:
        count = self._editor.replace_all(self.find_edit.text(), self.replace_edit.text(),
                                         self.case_box.isChecked())
        self.status.setText(f"Replaced {count} match{'es' if count != 1 else ''}"
                            if count else "Not found: nothing replaced")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Escape closes the bar; other keys as usual."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

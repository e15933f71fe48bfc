"""The dialog offering back posts whose unsaved text survived a crash (restore, discard, later)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.core.journal import JournalEntry

__all__ = ["RecoveryChoice", "RecoveryDialog"]

#: The preview shows at most this much of a post (a huge one must not stall the dialog).
PREVIEW_CHARS = 200_000


class RecoveryChoice(Enum):
    """What the writer decided for one recovered post."""

    RESTORE = "restore"
    DISCARD = "discard"


def _when(entry: JournalEntry) -> str:
    return dt.datetime.fromtimestamp(entry.saved_at).strftime("%Y-%m-%d %H:%M:%S")


class RecoveryDialog(QDialog):
    """Lists recovered posts with a preview of their text.

    *Restore* chooses one post to open (as unsaved changes) and closes the
    dialog; *Discard* drops a post; *Decide Later* keeps the rest for the next
    start. The dialog only records the decisions (:attr:`decisions`); the
    application carries them out.
    """

    def __init__(self, entries: list[JournalEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.setWindowTitle("Recover unsaved posts")
        self.resize(860, 560)
        self.decisions: list[tuple[JournalEntry, RecoveryChoice]] = []
        self._entries = list(entries)

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Dateline did not close properly last time. These posts had changes that were "
            "not saved. Restore one to keep working on it (it opens as unsaved), or discard "
            "what you do not need. Posts you leave are offered again next time.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.list = QListWidget()
        self.list.setObjectName("recovery_list")
        self.list.setAccessibleName("Recovered posts")
        for entry in self._entries:
            where = str(entry.path) if entry.path is not None else "never saved"
            item = QListWidgetItem(f"{entry.display_name}\n{where}\nlast change {_when(entry)}")
            item.setData(Qt.ItemDataRole.UserRole, entry.key + "\0" + entry.session)
            item.setToolTip(where)
            self.list.addItem(item)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("recovery_preview")
        self.preview.setAccessibleName("Text of the recovered post")
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setSizes([280, 580])
        layout.addWidget(splitter, 1)

        buttons = QHBoxLayout()
        self.discard_button = QPushButton("&Discard")
        self.discard_button.setToolTip("Delete the selected post's unsaved text for good")
        self.later_button = QPushButton("Decide &Later")
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setDefault(True)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)

        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.restore_button.clicked.connect(self.restore_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.later_button.clicked.connect(self.reject)
        if self._entries:
            self.list.setCurrentRow(0)

    def selected(self) -> JournalEntry | None:
        """The entry whose preview is shown."""
        row = self.list.currentRow()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def _on_list_current_row_changed(self, row: int) -> None:
        entry = self.selected()
        text = entry.text if entry is not None else ""
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS] + f"\n\n… ({len(text) - PREVIEW_CHARS:,} more characters)"
        self.preview.setPlainText(text)
        has = entry is not None
        self.restore_button.setEnabled(has)
        self.discard_button.setEnabled(has)

    def restore_selected(self) -> None:
        """Choose the selected post to open, and close."""
        entry = self.selected()
        if entry is None:
            return
        self.decisions.append((entry, RecoveryChoice.RESTORE))
        self.accept()

    def discard_selected(self) -> None:
        """Drop the selected post; the dialog closes when none is left."""
        row = self.list.currentRow()
        entry = self.selected()
        if entry is None:
            return
        self.decisions.append((entry, RecoveryChoice.DISCARD))
        del self._entries[row]
        self.list.takeItem(row)
        if not self._entries:
            self.accept()

"""Completers for the form: the comma-separated item being typed (categories, tags)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit


class TokenCompleter(QCompleter):
    """Completes the comma-separated item under the cursor (categories, tags), keeping
    the items before it."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._items = QStringListModel(self)
        self.setModel(self._items)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        edit.setCompleter(self)

    def set_items(self, items: list[str]) -> None:
        """The suggestions."""
        self._items.setStringList(items)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        """Complete only the item being typed (after the last comma)."""
        return [path.rsplit(",", 1)[-1].lstrip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        """The whole text with the completed item in place of the typed one."""
        chosen = str(index.data(Qt.ItemDataRole.EditRole) or "")
        text = self._edit.text()
        head = text.rsplit(",", 1)[0] + ", " if "," in text else ""
        return head + chosen

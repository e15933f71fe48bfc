"""The checklist panel: the newsroom checks for the open post, live; a click jumps to the line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from editor.core.checks import ERROR, Finding

LINE_ROLE = Qt.ItemDataRole.UserRole + 1
FINDING_ROLE = Qt.ItemDataRole.UserRole + 2


class ChecklistPanel(QWidget):
    """Shows a list of :class:`Finding` (errors first) and a one-line summary.

    Slot ``set_findings(list[Finding])``; signal ``line_activated(int)`` (1-based file
    line) when a finding that concerns a line is clicked or activated.
    """

    line_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Checklist")
        self.summary = QLabel("No post open")
        self.summary.setAccessibleName("Checklist summary")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Check results")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self._findings: list[Finding] = []

    @property
    def findings(self) -> list[Finding]:
        """What is shown, errors first."""
        return list(self._findings)

    @Slot(object)
    def set_findings(self, findings: list[Finding]) -> None:
        """Show these findings (an unchanged list keeps the scroll position and selection)."""
        ordered = sorted(findings, key=lambda f: (f.severity != ERROR, f.line or 0))
        if ordered == self._findings and self.list.count() == len(ordered):
            return
        self._findings = ordered
        self.list.clear()
        style = self.style()
        icons = {
            ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        for f in ordered:
            where = f"line {f.line}: " if f.line else ""
            item = QListWidgetItem(icons.get(f.severity, icons["warning"]),
                                   f"{where}{f.message[:1].upper()}{f.message[1:]}")
            item.setData(LINE_ROLE, f.line)
            item.setData(FINDING_ROLE, f)
            item.setToolTip(f"{f.severity}: {f.id}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{f.severity}, {where}{f.message}")
            self.list.addItem(item)
        self.list.setVisible(bool(ordered))  # no empty box under "All checks pass."
        errors = sum(f.severity == ERROR for f in ordered)
        warnings = len(ordered) - errors
        if not ordered:
            self.summary.setText("All checks pass.")
        else:
            parts = []
            if errors:
                parts.append(f"{errors} error{'s' if errors != 1 else ''} (block export)")
            if warnings:
                parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
            self.summary.setText(", ".join(parts))

    @Slot()
    def clear(self) -> None:
        """No post open."""
        self._findings = []
        self.list.clear()
        self.summary.setText("No post open")

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        line = item.data(LINE_ROLE)
        if isinstance(line, int) and line > 0:
            self.line_activated.emit(line)

"""The checklist panel: the newsroom checks for the open post, live; a click jumps to the line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
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

    #: Names a file line as the writer sees it ("line 3" of the body as the editor counts,
    #: or the front-matter field); the window sets it. Without it: "line N" of the file.
    line_namer: Callable[[int], str] | None = None
    #: Whether the post is a new one the writer has not touched yet: its errors (no title)
    #: are shown as what to do next, not in red. The window sets it.
    is_pristine: Callable[[], bool] | None = None

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
        self._pristine = False
        self._shown = False  # findings shown since "No post open" (an empty list is news)

    @property
    def findings(self) -> list[Finding]:
        """What is shown, errors first."""
        return list(self._findings)

    @Slot(object)
    def set_findings(self, findings: list[Finding]) -> None:
        """Show these findings (an unchanged list keeps the scroll position and selection)."""
        ordered = sorted(findings, key=lambda f: (f.severity != ERROR, f.line or 0))
        pristine = bool(self.is_pristine and self.is_pristine())
        if self._shown and ordered == self._findings and self.list.count() == len(ordered) \
                and pristine == self._pristine:
            self._fit(bool(ordered))  # placed in its pane since: fit it now
            return
        self._findings = ordered
        self._pristine = pristine
        self._shown = True
        self.list.clear()
        style = self.style()
        icons = {
            ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "todo": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        for f in ordered:
            where = self._where(f.line)
            where = f"{where}: " if where else ""
            icon = icons["todo"] if pristine else icons.get(f.severity, icons["warning"])
            item = QListWidgetItem(icon, f"{where}{f.message[:1].upper()}{f.message[1:]}")
            item.setData(LINE_ROLE, f.line)
            item.setData(FINDING_ROLE, f)
            item.setToolTip(f"{f.severity}: {f.id}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{f.severity}, {where}{f.message}")
            self.list.addItem(item)
        self.list.setVisible(bool(ordered))  # no empty box under "All checks pass."
        errors = sum(f.severity == ERROR for f in ordered)
        warnings = len(ordered) - errors
        self._fit(bool(ordered))
        if not ordered:
            self.summary.setText("All checks pass.")
        elif pristine:
            self.summary.setText("A new post: give it a title and write; the checks follow "
                                 "as you go.")
        else:
            parts = []
            if errors:
                parts.append(f"{errors} error{'s' if errors != 1 else ''} (block export)")
            if warnings:
                parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
            self.summary.setText(", ".join(parts))

    def _where(self, line: int | None) -> str:
        if not line:
            return ""
        place = self.line_namer(line) if self.line_namer is not None else f"line {line}"
        return place[:1].upper() + place[1:]

    #: Height the problems list opens to (the writer can drag it taller).
    OPEN_HEIGHT = 150

    def _fit(self, problems: bool) -> None:
        """A one-line strip while everything passes; open (in the splitter above) when
        there are problems, so the form keeps the room it needs."""
        self.setProperty("passing", not problems)
        pane: QWidget = self  # the splitter's child: this panel, or the box it sits in
        parent = pane.parentWidget()
        while parent is not None and not isinstance(parent, QSplitter):
            pane, parent = parent, parent.parentWidget()
        splitter = pane.parentWidget()
        if not problems:
            strip = pane.sizeHint().height()
            pane.setMaximumHeight(strip)
            self._resize_in(splitter, pane, strip)
            return
        was_strip = pane.maximumHeight() < self.OPEN_HEIGHT
        pane.setMaximumHeight(16_777_215)
        if was_strip:
            self._resize_in(splitter, pane, self.OPEN_HEIGHT)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Fit the pane's height again once it is laid out."""
        super().showEvent(event)
        # Sizes given before the window was shown are not laid out yet: fit again then.
        QTimer.singleShot(0, self, lambda: self._fit(bool(self._findings)))

    @staticmethod
    def _resize_in(splitter: QWidget | None, pane: QWidget, height: int) -> None:
        """Give ``pane`` this height in its splitter, taking it from (or giving it to) the
        pane above."""
        if not isinstance(splitter, QSplitter):
            return
        index = splitter.indexOf(pane)
        sizes = splitter.sizes()
        if not 0 < index < len(sizes) or sum(sizes) == 0:
            return
        height = min(height, sum(sizes) // 3) if height > sizes[index] else height
        sizes[index - 1] += sizes[index] - height
        sizes[index] = height
        splitter.setSizes(sizes)

    @Slot()
    def clear(self) -> None:
        """No post open."""
        self._findings = []
        self._shown = False
        self.list.clear()
        self.list.hide()
        self._fit(False)
        self.summary.setText("No post open")

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        line = item.data(LINE_ROLE)
        if isinstance(line, int) and line > 0:
            self.line_activated.emit(line)

"""The "changed on disk" question, and the differences between the writer's text and the file."""

from __future__ import annotations

import difflib
import html

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor.services.watcher import Resolution

__all__ = ["DiffDialog", "ask_external_change", "unified_diff"]

#: A diff longer than this is cut (a huge file must not freeze the dialog).
MAX_DIFF_LINES = 5000


def unified_diff(theirs: str, mine: str, name: str) -> list[str]:
    """The unified diff from the file on disk to the writer's version, as lines."""
    lines = list(difflib.unified_diff(
        theirs.splitlines(), mine.splitlines(),
        fromfile=f"{name} (on disk)", tofile=f"{name} (your version)", lineterm="", n=3))
    if len(lines) > MAX_DIFF_LINES:
        cut = len(lines) - MAX_DIFF_LINES
        lines = lines[:MAX_DIFF_LINES] + [f"… {cut:,} more lines of differences not shown"]
    return lines


def _diff_html(lines: list[str]) -> str:
    rows = []
    for line in lines:
        text = html.escape(line) or "&nbsp;"
        if line.startswith(("+++", "---")):
            style = "font-weight:bold"
        elif line.startswith("@@"):
            style = "color:#6a5acd"
        elif line.startswith("+"):
            style = "background:#e6ffec;color:#05400f"
        elif line.startswith("-"):
            style = "background:#ffebe9;color:#5c0a05"
        else:
            style = ""
        rows.append(f'<div style="white-space:pre;{style}">{text}</div>')
    return "".join(rows)


class DiffDialog(QDialog):
    """Shows what differs between the file on disk and the writer's unsaved text."""

    def __init__(self, name: str, theirs: str, mine: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Differences — {name}")
        self.setObjectName("diff_dialog")
        self.resize(820, 600)
        layout = QVBoxLayout(self)
        self.lines = unified_diff(theirs, mine, name)
        explanation = QLabel(
            "Lines starting with − are in the file on disk only; lines starting with + "
            "are in your version only." if self.lines else "The two versions are the same.")
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.view = QTextBrowser()
        self.view.setObjectName("diff_view")
        self.view.setAccessibleName("Differences between the file on disk and your version")
        self.view.setOpenLinks(False)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setHtml(_diff_html(self.lines))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def ask_external_change(parent: QWidget | None, name: str, mine: str, theirs: str) -> Resolution:
    """Another program changed the file while the writer has unsaved edits:
    reload theirs, keep mine, or look at the differences first (then asked again)."""
    while True:
        box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk",
                          f"“{name}” was changed by another program, and you have unsaved "
                          "changes.", parent=parent)
        box.setInformativeText("Reload the file from disk (your changes are dropped), or keep "
                               "your version (saving will replace the other program's changes)?")
        reload_ = box.addButton("Reload from Disk", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep My Version", QMessageBox.ButtonRole.AcceptRole)
        show = box.addButton("Show Differences…", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        clicked = box.clickedButton()
        if clicked is show:
            DiffDialog(name, theirs, mine, parent).exec()
            continue
        if clicked is reload_:
            return Resolution.RELOAD
        return Resolution.KEEP_MINE

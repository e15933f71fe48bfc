"""The conflict dialog: a colleague and the writer changed the same field or paragraph;
each choice shows both versions side by side and the writer picks (never markers)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from editor.core.git.merge import BOTH, MINE, THEIRS, BodyChunk, FieldConflict, show_value
from editor.core.git.sync import Conflict


def _pane(text: str, name: str) -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    view.setAccessibleName(name)
    lines = max(1, min(8, text.count("\n") + 1))
    view.setFixedHeight(view.fontMetrics().lineSpacing() * lines + 14)
    return view


class ConflictDialog(QDialog):
    """One file's choices. ``choices()`` maps each choice id to mine/theirs/both."""

    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose what to keep")
        self.setAccessibleName("Choose what to keep")
        self.resize(820, 520)
        self.conflict = conflict
        self._groups: dict[str, QButtonGroup] = {}
        intro = QLabel(
            f"A colleague changed <b>{conflict.relpath}</b> too, in the same places as you. "
            "For each one, choose which version to keep. Everything else was merged.")
        intro.setWordWrap(True)
        body = QWidget()
        rows = QVBoxLayout(body)
        merge = conflict.merge
        if merge.file_choice:
            mine = "(you deleted it)" if merge.mine is None else "(you changed it)"
            theirs = "(a colleague deleted it)" if merge.theirs is None else (
                "(a colleague changed it)")
            rows.addWidget(self._choice("file", "The whole file", mine, theirs, both=False))
        for item in merge.conflicts:
            if isinstance(item, FieldConflict):
                rows.addWidget(self._choice(item.choice_id, f"Field “{item.key}”",
                                            show_value(item.mine), show_value(item.theirs),
                                            both=False))
            elif isinstance(item, BodyChunk):
                rows.addWidget(self._choice(item.choice_id, "A paragraph of the text",
                                            item.mine.rstrip("\n"), item.theirs.rstrip("\n"),
                                            both=True))
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Keep these")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Decide later")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def _choice(self, choice_id: str, title: str, mine: str, theirs: str,
                both: bool) -> QGroupBox:
        box = QGroupBox(title)
        box.setObjectName(choice_id)
        grid = QGridLayout(box)
        grid.addWidget(QLabel("<b>Yours</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Your colleague's</b>"), 0, 1)
        grid.addWidget(_pane(mine, f"{title}: yours"), 1, 0)
        grid.addWidget(_pane(theirs, f"{title}: your colleague's"), 1, 1)
        group = QButtonGroup(box)
        keep = QRadioButton("Keep mine")
        take = QRadioButton("Take my colleague's")
        keep.setObjectName(f"{choice_id}:{MINE}")
        take.setObjectName(f"{choice_id}:{THEIRS}")
        keep.setChecked(True)
        group.addButton(keep)
        group.addButton(take)
        grid.addWidget(keep, 2, 0)
        grid.addWidget(take, 2, 1)
        if both:
            keep_both = QRadioButton("Keep both (mine first)")
            keep_both.setObjectName(f"{choice_id}:{BOTH}")
            group.addButton(keep_both)
            grid.addWidget(keep_both, 3, 0, 1, 2)
        self._groups[choice_id] = group
        return box

    def choose(self, choice_id: str, side: str) -> None:
        """Pick ``side`` (mine/theirs/both) for one choice (as a click would)."""
        button = self.findChild(QRadioButton, f"{choice_id}:{side}")
        if button is None:
            raise KeyError(f"{choice_id}:{side}")
        button.setChecked(True)

    def choices(self) -> dict[str, str]:
        """The writer's picks."""
        out = {}
        for choice_id, group in self._groups.items():
            checked = group.checkedButton()
            out[choice_id] = checked.objectName().rsplit(":", 1)[1] if checked else MINE
        return out

"""A collapsible section of the front-matter form (Story, Publishing, Advanced: the
schema's ``group``): a header button that folds its rows away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class FormSection(QWidget):
    """A titled group of rows; clicking the title folds or unfolds them."""

    def __init__(self, group: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        #: Called before the rows are shown (the form makes a folded section's rows then).
        self.before_expanding: Callable[[], None] | None = None
        self.setObjectName(f"section_{group}")
        self.toggle = QToolButton()
        self.toggle.setObjectName(f"section_toggle_{group}")
        self.toggle.setText(title)
        self.toggle.setAccessibleName(f"{title} section")
        self.toggle.setToolTip(f"Show or hide the {title.lower()} fields")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        self.toggle.toggled.connect(self.set_expanded)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setContentsMargins(4, 0, 0, 6)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.toggle)
        box.addWidget(self.body)

    def is_expanded(self) -> bool:
        """Whether the rows are shown."""
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Show or fold away the rows."""
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # comes back here through toggled
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded
                                 else Qt.ArrowType.RightArrow)
        if expanded and self.before_expanding is not None:
            self.before_expanding()
        self.body.setVisible(expanded)

    def holds(self, widget: QWidget) -> bool:
        """Whether ``widget`` is one of this section's rows."""
        return self.body.isAncestorOf(widget)

    def add_row(self, key: str, label: str, field: QWidget | QLayout,
                buddy: QWidget | None = None) -> RowProblem:
        """Add a row: its ``label`` (none for a check box), ``field``, and under it the
        place of the problem returned (nothing shown until the form flags one)."""
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if isinstance(field, QWidget):
            box.addWidget(field)
        else:
            box.addLayout(field)
        error = RowProblem(box, key, f"{label.replace('&', '') or key.title()} problem")
        if label:
            title = QLabel(label)
            target = buddy or (field if isinstance(field, QWidget) else None)
            if target is not None:
                title.setBuddy(target)
            self.form.addRow(title, box)
        else:
            self.form.addRow(box)
        return error


class RowProblem:
    """The problem shown under a row (a refused edit): its label is made the first time
    one is shown, not with the row (~1.5 ms of hidden labels before the first frame)."""

    def __init__(self, box: QVBoxLayout, key: str, accessible_name: str) -> None:
        self._box = box
        self._key = key
        self._accessible_name = accessible_name
        self.label: QLabel | None = None

    def _made(self) -> QLabel:
        if self.label is None:
            label = self.label = QLabel()
            label.setObjectName(f"error_{self._key}")
            label.setWordWrap(True)
            label.setStyleSheet("QLabel { color: #b3261e; }")
            label.setAccessibleName(self._accessible_name)
            label.hide()
            self._box.addWidget(label)  # under the field
        return self.label

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name
        """Say ``text`` (shown with :meth:`show`)."""
        self._made().setText(text)

    def show(self) -> None:
        """Show the problem under the row."""
        self._made().show()

    def hide(self) -> None:
        """Show no problem."""
        if self.label is not None:
            self.label.hide()

    def isHidden(self) -> bool:  # noqa: N802 - QLabel's name
        """Whether no problem is shown."""
        return self.label is None or self.label.isHidden()

    def text(self) -> str:
        """The problem's text ('' when none was ever shown)."""
        return self.label.text() if self.label is not None else ""

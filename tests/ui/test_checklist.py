"""The checklist panel: findings shown errors first; a click emits the line to jump to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from editor.core.checks import ERROR, WARNING, Finding
from editor.ui.checklist import ChecklistPanel

FINDINGS = [
    Finding("excerpt-missing", WARNING, "the post has no excerpt", None),
    Finding("title-too-long", WARNING, "the title has 90 characters", 3),
    Finding("tk-marker", ERROR, "a TK marker is left in the text", 17),
]


def make(qtbot: QtBot) -> ChecklistPanel:
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    panel.set_findings(FINDINGS)
    panel.show()
    return panel


def test_errors_first_and_summary(qtbot: QtBot) -> None:
    panel = make(qtbot)
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert texts[0] == "Line 17: A TK marker is left in the text"
    assert panel.summary.text() == "1 error (block export), 2 warnings"
    panel.set_findings([])
    assert panel.summary.text() == "All checks pass."


def test_click_emits_the_line(qtbot: QtBot) -> None:
    panel = make(qtbot)
    for row, line in ((0, 17), (2, 3)):
        item = panel.list.item(row)
        rect = panel.list.visualItemRect(item)
        with qtbot.waitSignal(panel.line_activated) as blocker:
            qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert blocker.args == [line]


def test_a_finding_without_a_line_emits_nothing(qtbot: QtBot) -> None:
    panel = make(qtbot)
    item = panel.list.item(1)  # excerpt-missing: no line (sorted by line among warnings)
    assert item.text().startswith("The post has no excerpt")
    with qtbot.assertNotEmitted(panel.line_activated):
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                         pos=panel.list.visualItemRect(item).center())


def test_a_first_empty_list_says_all_checks_pass(qtbot: QtBot) -> None:
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    assert panel.summary.text() == "No post open"
    panel.set_findings([])  # the first post shown passes every check
    assert panel.summary.text() == "All checks pass."
    assert panel.list.isHidden()
    panel.clear()
    panel.set_findings([])
    assert panel.summary.text() == "All checks pass."

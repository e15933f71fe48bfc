"""On a 1366×768 laptop the fields a writer touches every time are all in view, the form's
sections fold as the writer left them, and the checklist is a one-line strip while
everything passes."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication

from editor.ui.main_window import DEFAULT_SIZE
from tests.conftest import SAMPLE_POSTS

POST = SAMPLE_POSTS / "_posts" / "2025-03-18-riverside-library-reopens.md"


def _checklist(window: Any) -> Any:
    from editor.ui.checklist import ChecklistPanel

    return window.findChild(ChecklistPanel)


def _in_view(widget: Any, area: Any) -> bool:
    """Whether all of ``widget`` is inside the form's scroll area, with no scrolling."""
    viewport = area.viewport()
    rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return widget.isVisible() and viewport.rect().contains(rect)


def test_everyday_fields_fit_a_1366x768_window_without_scrolling(
        make_window: Any, qtbot: Any) -> None:
    window = make_window(POST, show=False)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    form = window.form
    panel = _checklist(window)
    qtbot.waitUntil(lambda: panel.summary.text() == "All checks pass.", timeout=10000)
    area = form.fields_area
    assert area.verticalScrollBar().value() == 0
    widgets = {"title": form.title_edit, "excerpt": form.excerpt_edit, "date": form.date_edit,
               "author": form.author_edit, "categories": form.categories_edit,
               "tags": form.tags_edit, "image": form.image_edit}

    def hidden() -> list[str]:
        return [name for name, widget in widgets.items() if not _in_view(widget, area)]

    # The checklist becomes a strip once the window is laid out.
    with contextlib.suppress(AssertionError):
        qtbot.waitUntil(lambda: not hidden(), timeout=10000)
    assert hidden() == [], f"not in view at 1366×768: {hidden()}"


def test_checklist_is_a_strip_when_all_pass_and_opens_on_problems(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(POST, show=False)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    panel = _checklist(window)
    qtbot.waitUntil(lambda: panel.summary.text() == "All checks pass.", timeout=10000)
    pane = panel.parentWidget()
    qtbot.waitUntil(lambda: pane.height() <= 60, timeout=5000)  # a strip, not a 150 px box
    window.editor.appendPlainText("\nTK: check the opening hours.\n")
    qtbot.waitUntil(lambda: panel.list.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: pane.height() >= 100, timeout=5000)


def test_folded_sections_are_remembered(make_window: Any) -> None:
    window = make_window(POST)
    sections = window.form.sections
    assert not sections["advanced"].is_expanded()  # folded at first
    assert sections["story"].is_expanded() and sections["publishing"].is_expanded()
    sections["advanced"].toggle.click()
    sections["story"].toggle.click()
    again = make_window(POST)
    assert again.form.sections["advanced"].is_expanded()
    assert not again.form.sections["story"].is_expanded()


def test_first_start_on_a_screen_smaller_than_the_default_uses_all_of_it(
        make_window: Any, qtbot: Any) -> None:
    # No saved geometry (each test has its own settings): the offscreen screen (800×600) is
    # smaller than the default size, as a 1366×768 laptop is; the window takes all the room.
    window = make_window(POST, show=False)
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert room.width() < DEFAULT_SIZE[0] and room.height() < DEFAULT_SIZE[1]
    assert (window.width(), window.height()) == (room.width(), room.height())


def test_a_missing_images_notice_is_shown_whole_at_1366x768(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    """A long image path in a post from a WordPress export: the notice under the field is
    read whole, not cut by the Choose… button below it (seen in a screenshot at 1366×768)."""
    text = POST.read_text(encoding="utf-8").replace(
        "\ntitle:", "\nimage: /wp-content/uploads/2025/04/a-long-photo-name-from-the-wire.png"
                    "\ntitle:", 1)
    post = tmp_path / POST.name
    post.write_text(text, encoding="utf-8")
    window = make_window(post, show=False)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    notice = window.form.image_missing
    qtbot.waitUntil(notice.isVisible, timeout=10000)
    qtbot.waitUntil(lambda: notice.height() >= notice.heightForWidth(notice.width()),
                    timeout=3000)

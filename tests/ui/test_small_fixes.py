"""Small things a new user trips over: an encoding problem named and pointed at, no Qt
warnings on start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import SAMPLE_POSTS


def test_a_latin1_post_names_the_encoding_and_points_at_the_character(
        make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "2025-03-04-cafe.md"
    path.write_bytes("---\nlayout: post\ntitle: Le café du port\n---\n\nBody.\n"
                     .encode("latin-1"))
    window = make_window(path)
    banner = window.form.banner.text()
    assert "not UTF-8" in banner and "cannot be read" not in banner
    assert "front matter line 2, column 14" in banner  # as the checklist counts
    cursor = window.form.raw_editor.textCursor()
    assert cursor.selectedText() == "é"
    assert cursor.block().text() == "title: Le café du port"
    assert path.read_bytes().count(b"\xe9") == 1  # nothing rewritten


def test_window_start_prints_no_qt_warnings(make_window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from tests.ui.conftest import start_preview

    messages: list[str] = []

    def handler(kind: QtMsgType, _context: Any, text: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg):
            messages.append(text)

    previous = qInstallMessageHandler(handler)
    try:
        window = make_window(SAMPLE_POSTS)
        start_preview(qtbot, window)
        menu = window.menuBar().actions()[0].menu()  # a menu opened from the menu bar
        menu.popup(window.mapToGlobal(window.rect().center()))
        qtbot.waitExposed(menu)
        menu.hide()
        qtbot.wait(100)
    finally:
        qInstallMessageHandler(previous)
    # What the headless test platform and software rendering say about themselves.
    platform = ("This plugin does not support", "QRhiGles2", "Failed to create RHI",
                "GPUInfo")
    ours = [m for m in messages if not any(p in m for p in platform)]
    assert ours == [], "\n".join(ours)


def test_the_site_list_marks_the_post_open_in_the_window(make_window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from editor.ui.site_panel import SitePanel

    post = SAMPLE_POSTS / "_posts" / "2025-03-18-riverside-library-reopens.md"
    window = make_window(post)
    qtbot.waitUntil(lambda: window.findChild(SitePanel) is not None, timeout=10000)
    panel = window.findChild(SitePanel)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() >= 4, timeout=10000)
    marked = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())
              if panel.proxy.index(r, 0).data(Qt.ItemDataRole.FontRole) is not None]
    assert marked == ["Riverside library reopens with longer evening hours"]
    assert panel.selected_entry() is not None
    assert panel.selected_entry().path == post.resolve()


def test_the_banner_and_the_checklist_name_the_same_line(make_window: Any, tmp_path: Path) -> None:
    from editor.core import checks

    path = tmp_path / "2025-03-04-broken.md"
    path.write_text("---\nlayout: post\ntitle: Breaking: news\n---\n\nBody.\n", encoding="utf-8")
    window = make_window(path)
    post = window.document.post
    assert post.problem is not None
    place = checks.where(post, post.problem.line)
    assert place == "front matter line 2"
    assert f"{place}, column" in window.form.banner.text()
    cursor = window.form.raw_editor.textCursor()
    assert cursor.block().blockNumber() + 1 == 2  # the line the banner names is selected

"""The site panel: lists posts newest first, filters as you type, emits requests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from editor.core.site import SiteIndex
from editor.services.site_indexer import SiteIndexer
from editor.ui.site_panel import SitePanel
from tests.core.site_helpers import make_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def panel(qtbot: QtBot, site: Path) -> SitePanel:
    widget = SitePanel()
    qtbot.addWidget(widget)
    index = SiteIndex.open(site)
    widget.set_entries(index.entries())
    widget.show()
    return widget


def titles(panel: SitePanel) -> list[str]:
    return [e.title for e in panel.visible_entries()]


def test_lists_posts_and_drafts_newest_first(panel: SitePanel) -> None:
    assert titles(panel) == ["Council vote", "Harbour reopens", "Ferry times", "Storm roundup"]
    model = panel.proxy
    assert [model.index(0, c).data() for c in range(4)] == [
        "Council vote", "2024-05-03", "bob", "published"]
    assert model.index(3, 3).data() == "draft"
    assert panel.count_label.text() == "4 posts"


def test_filter_as_you_type(qtbot: QtBot, panel: SitePanel) -> None:
    qtbot.keyClicks(panel.filter_edit, "reop")
    assert titles(panel) == ["Harbour reopens"]
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "draft")
    assert titles(panel) == ["Storm roundup"]
    panel.filter_edit.setText("bob politics")  # every word, any column
    assert titles(panel) == ["Council vote"]
    assert panel.count_label.text() == "1 of 4"
    panel.filter_edit.clear()
    assert len(titles(panel)) == 4


def test_double_click_requests_opening(qtbot: QtBot, panel: SitePanel, site: Path) -> None:
    index = panel.proxy.index(1, 0)
    rect = panel.view.visualRect(index)
    with qtbot.waitSignal(panel.open_requested) as blocker:
        # QTest sends no press before the double-click; item views need one.
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert blocker.args == [(site / "_posts" / "2024-05-01-harbour-reopens.md").resolve()]


def test_publish_only_for_drafts_and_new_post(qtbot: QtBot, panel: SitePanel,
                                              site: Path) -> None:
    assert panel.select_path((site / "_posts" / "2024-05-03-council-vote.md").resolve())
    assert not panel.publish_button.isEnabled()
    assert panel.select_path((site / "_drafts" / "storm-roundup.md").resolve())
    assert panel.publish_button.isEnabled()
    with qtbot.waitSignal(panel.publish_requested) as blocker:
        qtbot.mouseClick(panel.publish_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].name == "storm-roundup.md"
    with qtbot.waitSignal(panel.new_post_requested):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)


def test_attached_to_the_indexer_shows_progress_then_posts(qtbot: QtBot, site: Path) -> None:
    panel = SitePanel()
    qtbot.addWidget(panel)
    indexer = SiteIndexer(watch=False)
    panel.attach(indexer)
    with qtbot.waitSignal(indexer.indexed, timeout=10000):
        indexer.open_site(site)
        assert not panel.progress_bar.isHidden()  # busy while the site is read
    assert panel.progress_bar.isHidden()
    assert panel.title_label.text() == "Test Gazette"
    assert len(panel.visible_entries()) == 4


def test_open_post_is_marked_even_when_the_list_arrives_later(qtbot: QtBot, site: Path) -> None:
    widget = SitePanel()
    qtbot.addWidget(widget)
    index = SiteIndex.open(site)
    entry = next(e for e in index.entries() if e.title == "Ferry times")
    widget.select_path(entry.path)  # the post opened before the index was read
    widget.set_entries(index.entries())
    assert widget.selected_entry() == entry
    row = next(r for r in range(widget.proxy.rowCount())
               if widget.proxy.index(r, 0).data() == "Ferry times")
    assert widget.proxy.index(row, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert widget.proxy.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    widget.view.setCurrentIndex(widget.proxy.index(0, 0))  # browsing keeps the mark
    assert widget.proxy.index(row, 0).data(Qt.ItemDataRole.FontRole).bold()


def test_enter_in_the_filter_opens_the_only_match_and_down_enters_the_list(
        qtbot: QtBot, panel: SitePanel) -> None:
    opened: list[Path] = []
    panel.open_requested.connect(opened.append)
    panel.filter_edit.setFocus()
    qtbot.keyClicks(panel.filter_edit, "o")  # several matches: Enter does nothing
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Return)
    assert opened == []
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Down)
    assert panel.view.hasFocus() and panel.selected_entry() is not None
    panel.filter_edit.setFocus()
    panel.filter_edit.setText("ferry")
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Return)
    assert [p.name for p in opened] == [panel.visible_entries()[0].path.name]


def test_the_shared_column_arriving_keeps_the_open_post_selected(qtbot: QtBot, site: Path) -> None:
    from editor.core.git.status import RepoStatus

    widget = SitePanel()
    qtbot.addWidget(widget)
    index = SiteIndex.open(site)
    entry = next(e for e in index.entries() if e.title == "Ferry times")
    widget.select_path(entry.path)
    widget.set_entries(index.entries())
    assert widget.selected_entry() == entry
    # git's status comes after the index: the new "Shared" column must not drop the selection
    widget.set_shared_status(RepoStatus(top=site.resolve(), branch="main", upstream=None),
                             site.resolve())
    assert widget.model.columnCount() == 5
    assert widget.selected_entry() == entry
    widget.set_shared_status(None)  # and going away again
    assert widget.selected_entry() == entry

"""The site desk in the real window: site panel, live checklist, suggestions, images, publishing."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from editor.core import images
from editor.core.post import load_post
from editor.ui.form_values import key_at_line
from tests.core.site_helpers import make_site, post_text
from tests.core.test_images import jpeg_with_gps


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def open_in_site(make_window: Any, qtbot: Any, path: Path) -> Any:
    """The window on ``path`` with its site indexed."""
    window = make_window(path)
    qtbot.waitUntil(lambda: window.desk.index() is not None, timeout=10000)
    return window


def finding_ids(window: Any) -> list[str]:
    return [f.id for f in window.desk.host.checklist.findings]


def click_finding(qtbot: Any, window: Any, check_id: str) -> None:
    view = window.desk.host.checklist.list
    for row in range(view.count()):
        item = view.item(row)
        if item.toolTip().endswith(check_id):
            view.scrollToItem(item)
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                             pos=view.visualItemRect(item).center())
            return
    raise AssertionError(f"{check_id} not shown")


def row_point(panel: Any, title: str) -> QPoint:
    for row in range(panel.proxy.rowCount()):
        index = panel.proxy.index(row, 0)
        if index.data() == title:
            return panel.view.visualRect(index).center()
    raise AssertionError(f"{title} not listed")


# -- site panel -----------------------------------------------------------------------------


def test_site_panel_lists_the_posts_and_drafts_and_filters_as_you_type(
        make_window: Any, qtbot: Any, site: Path) -> None:
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-01-harbour-reopens.md")
    panel = window.desk.host.site_panel
    assert window.side_tabs.isTabVisible(window.side_tabs.indexOf(panel))
    qtbot.waitUntil(lambda: len(panel.visible_entries()) == 4)
    assert [e.title for e in panel.visible_entries()] == [
        "Council vote", "Harbour reopens", "Ferry times", "Storm roundup"]
    assert panel.selected_entry().title == "Harbour reopens"  # the open post
    window.desk.show_site_panel()
    qtbot.keyClicks(panel.filter_edit, "bob")
    assert [e.title for e in panel.visible_entries()] == ["Council vote"]
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "draft")
    assert [e.title for e in panel.visible_entries()] == ["Storm roundup"]


def test_no_site_tab_for_a_post_outside_a_site(make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "loose.md"
    path.write_text(post_text())
    window = make_window(path)
    assert not window.side_tabs.isTabVisible(window.side_tabs.indexOf(window.desk.host.site_panel))


def test_double_click_opens_a_post_after_the_unsaved_changes_question(
        make_window: Any, qtbot: Any, site: Path, fake_dialogs: Any) -> None:
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-01-harbour-reopens.md")
    panel = window.desk.host.site_panel
    window.side_tabs.setCurrentWidget(panel)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Changed. ")
    assert window.isWindowModified()
    point = row_point(panel, "Council vote")
    # A real double-click starts with a press (the view opens what the press hit).
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert fake_dialogs.names() == ["ask_save_changes"]  # answered Discard
    assert window.document.path == site / "_posts" / "2024-05-03-council-vote.md"
    assert window.form.title_edit.text() == "Council vote"


def test_new_post_from_the_site_panel_is_the_same_new_draft_as_file_new(
        make_window: Any, qtbot: Any, site: Path, fake_dialogs: Any) -> None:
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-01-harbour-reopens.md")
    qtbot.mouseClick(window.desk.host.site_panel.new_button, Qt.MouseButton.LeftButton)
    assert window.document.path is None and window.new_draft_folder == site / "_drafts"
    assert "ask_text" not in fake_dialogs.names()  # the title is typed in the form
    qtbot.keyClicks(window.form.title_edit, "Night bus returns")
    assert window.save()
    path = site / "_drafts" / "night-bus-returns.md"
    assert path.is_file() and window.document.path == path
    qtbot.waitUntil(lambda: "Night bus returns" in
                    [e.title for e in window.desk.host.site_panel.visible_entries()], timeout=10000)


# -- publishing and export ---------------------------------------------------------------------


def test_publish_draft_moves_the_file_and_opens_the_post(
        make_window: Any, qtbot: Any, site: Path) -> None:
    draft = site / "_drafts" / "storm-roundup.md"
    window = open_in_site(make_window, qtbot, draft)
    panel = window.desk.host.site_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.select_path(draft) and panel.publish_button.isEnabled())
    qtbot.mouseClick(panel.publish_button, Qt.MouseButton.LeftButton)
    assert not draft.exists()
    published = window.document.path
    assert published is not None and published.parent == site / "_posts"
    assert published.name.endswith("-storm-roundup.md")
    assert load_post(published).get("date") is not None
    assert window.form.title_edit.text() == "Storm roundup"


def test_publish_refuses_while_changes_are_unsaved(
        make_window: Any, qtbot: Any, site: Path, fake_dialogs: Any) -> None:
    draft = site / "_drafts" / "storm-roundup.md"
    window = open_in_site(make_window, qtbot, draft)
    qtbot.keyClicks(window.editor, "More wind. ")
    fake_dialogs.confirm_answer = False  # "Save first?" -> no
    assert window.desk.publish_draft(draft) is None
    assert draft.exists() and "confirm" in fake_dialogs.names()
    assert window.isWindowModified()


def test_export_refuses_a_post_with_errors(make_window: Any, qtbot: Any, site: Path,
                                           tmp_path: Path, fake_dialogs: Any) -> None:
    path = site / "_posts" / "2024-05-09-untitled.md"
    path.write_text("---\nlayout: post\ndate: 2024-05-09T10:00:00\n---\n\nText.\n")
    dest = tmp_path / "dest"
    (dest / "_posts").mkdir(parents=True)
    (dest / "_config.yml").write_text("title: Desk\n")
    window = open_in_site(make_window, qtbot, path)
    fake_dialogs.folder = dest
    window.desk.host.export_action.trigger()  # the blocked question: Cancel
    assert "ask_publish_blocked" in fake_dialogs.names()
    _name, args = fake_dialogs.calls[-1]
    assert "no title" in args[3] and args[5] == "Export anyway"
    assert list((dest / "_posts").iterdir()) == []
    from editor.ui import dialogs

    fake_dialogs.publish_blocked = dialogs.PublishChoice.PUBLISH_ANYWAY
    window.desk.host.export_action.trigger()
    assert [p.name for p in (dest / "_posts").iterdir()] == [path.name]


def test_export_writes_into_the_site_and_never_overwrites(
        make_window: Any, qtbot: Any, site: Path, tmp_path: Path, fake_dialogs: Any) -> None:
    dest = tmp_path / "dest"
    (dest / "_posts").mkdir(parents=True)
    (dest / "_config.yml").write_text("title: Desk\n")
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-01-harbour-reopens.md")
    fake_dialogs.folder = dest
    window.desk.host.export_action.trigger()
    assert fake_dialogs.names()[-1] == "show_info", fake_dialogs.calls
    exported = dest / "_posts" / "2024-05-01-harbour-reopens.md"
    assert exported.is_file() and str(exported) in fake_dialogs.calls[-1][1][2]
    exported.write_text("someone else's edit\n")
    window.desk.host.export_action.trigger()
    assert fake_dialogs.names()[-1] == "show_error"
    assert exported.read_text() == "someone else's edit\n"


def test_export_bundle_writes_a_zip(make_window: Any, qtbot: Any, site: Path, tmp_path: Path,
                                    fake_dialogs: Any) -> None:
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-01-harbour-reopens.md")
    fake_dialogs.bundle_path = tmp_path / "desk" / "harbour.zip"
    window.actions["file.export_bundle"].trigger()
    with zipfile.ZipFile(fake_dialogs.bundle_path) as zf:
        names = zf.namelist()
    assert names[0] == "_posts/2024-05-01-harbour-reopens.md"
    assert any(n.startswith("assets/images/") for n in names)
    proposed = next(c[1][1] for c in fake_dialogs.calls if c[0] == "save_bundle_path")
    assert site.resolve() not in Path(proposed).resolve().parents  # never inside the site
    window.actions["file.export_bundle"].trigger()  # next time: the folder used last
    proposed = [c[1][1] for c in fake_dialogs.calls if c[0] == "save_bundle_path"][-1]
    assert Path(proposed).parent == tmp_path / "desk"


# -- checklist -----------------------------------------------------------------------------------


def test_a_missing_title_is_flagged_live_and_clears_when_typed(
        make_window: Any, qtbot: Any, site: Path) -> None:
    path = site / "_posts" / "2024-05-09-untitled.md"
    path.write_text("---\nlayout: post\ndate: 2024-05-09T10:00:00\nauthor: alice\n---\n\nText.\n")
    window = open_in_site(make_window, qtbot, path)
    assert "title-missing" in finding_ids(window)
    window.form.title_edit.setFocus()
    with qtbot.waitSignal(window.desk.checked, timeout=5000,
                          check_params_cb=lambda fs: "title-missing" not in [f.id for f in fs]):
        qtbot.keyClicks(window.form.title_edit, "Bridge closes")
    assert "title-missing" not in finding_ids(window)
    assert window.desk.host.checklist.list.count() == len(window.desk.host.checklist.findings)


def test_a_long_post_is_checked_off_the_ui_thread_and_shown_live(
        make_window: Any, qtbot: Any, site: Path) -> None:
    from editor.services.site_desk import LARGE_POST_CHARS

    path = site / "_posts" / "2024-05-10-long.md"
    body = "A paragraph of reporting that goes on.\n\n" * (LARGE_POST_CHARS // 40 + 10)
    path.write_text("---\nlayout: post\ntitle: Long\ndate: 2024-05-10T10:00:00\n"
                    "author: alice\nexcerpt: e\n---\n\n" + body)
    window = open_in_site(make_window, qtbot, path)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(window.desk.checked, timeout=10000,
                          check_params_cb=lambda fs: "tk-marker" in [f.id for f in fs]):
        qtbot.keyClicks(window.editor, "TK")
    assert "tk-marker" in finding_ids(window)


def test_clicking_a_body_finding_moves_the_editor_cursor_to_its_line(
        make_window: Any, qtbot: Any, site: Path) -> None:
    path = site / "_posts" / "2024-05-09-tk.md"
    path.write_text(post_text("Budget night", "2024-05-09T10:00:00",
                              body="First paragraph.\n\nThe vote was TK to TK.\n"))
    window = open_in_site(make_window, qtbot, path)
    body_lines = window.document.post.body.split("\n")
    tk_block = next(n for n, line in enumerate(body_lines) if "TK" in line)
    finding = next(f for f in window.desk.host.checklist.findings if f.id == "tk-marker")
    assert finding.line == window.document.post.body_line_offset + tk_block + 1
    window.form.title_edit.setFocus()
    click_finding(qtbot, window, "tk-marker")
    assert window.editor.textCursor().block().text() == "The vote was TK to TK."
    assert window.editor.textCursor().blockNumber() == tk_block
    assert window.focusWidget() is window.editor


def test_clicking_a_front_matter_finding_focuses_its_field(
        make_window: Any, qtbot: Any, site: Path) -> None:
    path = site / "_posts" / "2024-05-09-long.md"
    path.write_text(post_text("A headline " * 8, "2024-05-09T10:00:00"))
    window = open_in_site(make_window, qtbot, path)
    window.side_tabs.setCurrentWidget(window.desk.host.site_panel)
    window.editor.setFocus()
    click_finding(qtbot, window, "title-too-long")
    assert window.side_tabs.currentWidget() is window.form
    assert window.focusWidget() is window.form.title_edit


def test_a_broken_post_jumps_to_the_raw_front_matter_line(
        make_window: Any, qtbot: Any, site: Path) -> None:
    path = site / "_posts" / "2024-05-09-broken.md"
    path.write_text('---\ntitle: "Fine"\nauthor: [unclosed\n---\n\nText.\n')
    window = open_in_site(make_window, qtbot, path)
    finding = window.desk.host.checklist.findings[0]
    assert finding.id == "front-matter-invalid" and finding.line is not None
    window.desk.host.checklist.line_activated.emit(finding.line)
    raw = window.form.raw_editor
    assert window.focusWidget() is raw
    assert raw.textCursor().blockNumber() == finding.line - 2


# -- form suggestions and defaults -------------------------------------------------------------------


def test_author_field_suggests_the_sites_authors(make_window: Any, qtbot: Any,
                                                 site: Path) -> None:
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-01-harbour-reopens.md")
    edit = window.form.author_edit
    completer = edit.completer()
    assert {"alice", "bob", "wire"} <= set(completer.model().stringList())
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "bo")
    qtbot.waitUntil(completer.popup().isVisible)
    assert completer.currentCompletion() == "bob"
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert edit.text() == "bob"
    assert window.document.post.get("author") == "bob"


def test_categories_complete_the_item_being_typed(make_window: Any, qtbot: Any,
                                                  site: Path) -> None:
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-01-harbour-reopens.md")
    edit = window.form.categories_edit
    completer = window.form.categories_completer
    assert {"News", "Politics", "Transport"} <= set(completer.model().stringList())
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, ", tra")
    qtbot.waitUntil(completer.popup().isVisible)
    assert completer.currentCompletion() == "News, Transport"  # the items before are kept
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert edit.text() == "News, Transport"
    assert window.document.post.get("categories") == ["News", "Transport"]
    assert {"post", "default"} <= {window.form.layout_combo.itemText(i)
                                   for i in range(window.form.layout_combo.count())}


def test_inherited_defaults_are_placeholders_and_never_written(
        make_window: Any, qtbot: Any, site: Path) -> None:
    path = site / "_posts" / "2024-05-09-no-layout.md"
    path.write_text('---\ntitle: "No layout here"\ndate: 2024-05-09T10:00:00\n'
                    'author: alice\n---\n\nText.\n')
    before = path.read_bytes()
    window = open_in_site(make_window, qtbot, path)
    layout = window.form.layout_combo
    assert layout.currentText() == ""
    assert layout.lineEdit().placeholderText() == "post (site default)"
    assert "layout-missing" not in finding_ids(window)  # the default gives it one
    assert window.save()
    assert path.read_bytes() == before


# -- images ----------------------------------------------------------------------------------------


def test_an_image_with_gps_is_imported_without_its_location(
        make_window: Any, qtbot: Any, site: Path, tmp_path: Path, fake_dialogs: Any) -> None:
    source = tmp_path / "camera" / "IMG_0001.JPG"
    source.parent.mkdir()
    original = jpeg_with_gps()
    source.write_bytes(original)
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-03-council-vote.md")
    fake_dialogs.image_path = source
    window.form.image_choose_requested.emit()
    assert fake_dialogs.names().count("ask_strip_location") == 1
    cleaned = images.strip_gps(original)
    rel = f"assets/images/{hashlib.md5(cleaned).hexdigest()}.jpg"
    assert window.form.image_edit.text() == rel
    assert window.document.post.get("image") == rel
    assert not (site / rel).exists()  # copied into the site when the post is saved
    assert window.form.thumbnail.pixmap() is not None and not window.form.thumbnail.pixmap().isNull()
    assert window.save()
    written = (site / rel).read_bytes()
    assert not images.has_gps(written)
    assert source.read_bytes() == original  # the writer's file is untouched


def test_keeping_the_location_is_the_writers_choice(
        make_window: Any, qtbot: Any, site: Path, tmp_path: Path, fake_dialogs: Any) -> None:
    source = tmp_path / "IMG_0002.jpg"
    source.write_bytes(jpeg_with_gps())
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-03-council-vote.md")
    fake_dialogs.image_path = source
    fake_dialogs.strip_location = False
    window.form.image_choose_requested.emit()
    assert window.save()
    assert images.has_gps((site / window.form.image_edit.text()).read_bytes())


def test_an_image_chosen_then_not_saved_leaves_nothing_in_the_site(
        make_window: Any, qtbot: Any, site: Path, tmp_path: Path, fake_dialogs: Any) -> None:
    source = tmp_path / "IMG_0003.jpg"
    source.write_bytes(jpeg_with_gps())
    window = open_in_site(make_window, qtbot, site / "_posts" / "2024-05-03-council-vote.md")
    before = sorted(p.name for p in (site / "assets" / "images").iterdir())
    fake_dialogs.image_path = source
    window.form.image_choose_requested.emit()
    assert window.document.post.get("image", None) is not None
    window.form.set_image("")  # the writer changes their mind, then saves
    assert window.save()
    assert sorted(p.name for p in (site / "assets" / "images").iterdir()) == before
    window.form.image_choose_requested.emit()
    fake_dialogs.confirm_answer = True
    assert window.revert()  # or drops the change
    assert sorted(p.name for p in (site / "assets" / "images").iterdir()) == before


def test_a_missing_image_is_shown_as_missing(make_window: Any, qtbot: Any, site: Path) -> None:
    path = site / "_posts" / "2024-05-09-gone.md"
    path.write_text(post_text("Gone", "2024-05-09T10:00:00",
                              extra="image: assets/images/nope.png\n"))
    window = open_in_site(make_window, qtbot, path)
    assert window.form.image_missing.isVisible()
    assert window.form.thumbnail.text() == "missing"
    assert "image-missing" in finding_ids(window)
    window.form.set_image("")
    assert not window.form.image_missing.isVisible()


def test_a_front_matter_line_belongs_to_the_key_above_it() -> None:
    text = "title: Budget\ntags:\n  - council\n  - money\nauthor: bob"
    assert [key_at_line(text, n) for n in range(1, 6)] == [
        "title", "tags", "tags", "tags", "author"]
    assert key_at_line("# a comment\ntitle: x", 1) == ""


def test_the_preferences_site_folder_opens_the_site_for_a_new_post(
        make_window: Any, qtbot: Any, site: Path) -> None:
    from dataclasses import replace

    window = make_window()
    panel = window.desk.host.site_panel
    assert not window.side_tabs.isTabVisible(window.side_tabs.indexOf(panel))
    prefs = window.settings.preferences
    window.settings.set_preferences(replace(prefs, site_folder=str(site)))
    assert window.side_tabs.isTabVisible(window.side_tabs.indexOf(panel))
    qtbot.waitUntil(lambda: len(panel.visible_entries()) == 4, timeout=10000)


# -- the desk added after the first frame (as run_gui does) ------------------------------------


def window_with_desk_later(qtbot: Any, path: Path) -> Any:
    """The window as :func:`editor.app.run_gui` makes it: built with ``desk_later``, shown,
    then the site desk added with :func:`editor.app.add_desk` (the post is already open)."""
    from editor.app import add_desk, build_window

    window = build_window([str(path)], threaded_preview=False, desk_later=True)
    window.show()
    qtbot.waitExposed(window)
    assert window.desk is None and window.document.path is not None
    add_desk(window)
    return window


def assert_checklist_shows(window: Any, tk: bool) -> None:
    checklist = window.desk.host.checklist
    if tk:
        assert "tk-marker" in finding_ids(window)
        shown = [checklist.list.item(r).text() for r in range(checklist.list.count())]
        assert any("TK" in text for text in shown), shown
        assert checklist.summary.text().startswith("1 error")
    else:
        assert finding_ids(window) == []
        assert checklist.summary.text() == "All checks pass."
        assert checklist.list.isHidden()


@pytest.mark.parametrize("tk", [True, False], ids=["tk-post", "clean-post"])
def test_the_desk_added_after_the_first_frame_checks_the_post_already_open(
        qtbot: Any, fake_dialogs: Any, site: Path, tk: bool) -> None:
    path = site / "_posts" / "2024-05-01-harbour-reopens.md"
    if tk:
        path.write_text(post_text(body="The harbour reopened on TK.\n"))
    window = window_with_desk_later(qtbot, path)
    try:
        assert_checklist_shows(window, tk)  # checked as the desk is added
        # and again once the site is indexed (the same findings: nothing dropped)
        with qtbot.waitSignal(window.desk.checked, timeout=10000):
            pass
        assert window.desk.index() is not None
        assert_checklist_shows(window, tk)
        panel = window.desk.host.site_panel
        marked = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())
                  if panel.proxy.index(r, 0).data(Qt.ItemDataRole.FontRole) is not None]
        assert marked == ["Harbour reopens"]
        assert panel.selected_entry() is not None
        assert panel.selected_entry().path == path.resolve()
    finally:
        window.close()
        window.scheduler.shutdown()
        window.release_preview()
        window.deleteLater()

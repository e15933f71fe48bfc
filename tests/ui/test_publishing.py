"""Publishing in the real window: the checks run first, errors block with Fix or Publish
anyway, every publish is confirmed and says where the post went; export to any folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from editor.ui import dialogs
from tests.core.site_helpers import image_name, make_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def _tk_draft(site: Path) -> Path:
    draft = site / "_drafts" / "quay-fire.md"
    draft.write_text('---\ntitle: "Quay fire"\nauthor: alice\nexcerpt: "Fire."\n---\n\n'
                     "Crews arrived at TK.\n")
    return draft


def _publish_from_the_site_panel(qtbot: Any, window: Any, draft: Path) -> None:
    panel = window.desk.host.site_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.select_path(draft) and panel.publish_button.isEnabled(),
                    timeout=10000)
    qtbot.mouseClick(panel.publish_button, Qt.MouseButton.LeftButton)


def test_a_tk_blocks_publishing_and_fix_goes_to_it(make_window: Any, qtbot: Any, site: Path,
                                                   fake_dialogs: Any) -> None:
    draft = _tk_draft(site)
    window = make_window(draft)
    fake_dialogs.publish_blocked = dialogs.PublishChoice.FIX
    _publish_from_the_site_panel(qtbot, window, draft)
    assert fake_dialogs.names().count("ask_publish_blocked") == 1
    assert "confirm_publish" not in fake_dialogs.names()
    assert draft.exists() and not list((site / "_posts").glob("*quay-fire*"))
    # Fix: the editor shows the line with the TK, cursor on it.
    assert window.editor.textCursor().block().text() == "Crews arrived at TK."
    assert window.editor.hasFocus() or window.editor.textCursor().blockNumber() == 1


def test_publish_anyway_sends_it_out_and_says_where(make_window: Any, qtbot: Any, site: Path,
                                                    fake_dialogs: Any) -> None:
    draft = _tk_draft(site)
    window = make_window(draft)
    fake_dialogs.publish_blocked = dialogs.PublishChoice.PUBLISH_ANYWAY
    window.actions["file.publish"].trigger()  # the menu command runs the same path
    _name, args = next(c for c in fake_dialogs.calls if c[0] == "ask_publish_blocked")
    details, anyway = args[3], args[4]
    assert "Line 2: A TK" in details
    assert "Publish anyway: _drafts/quay-fire.md moves to _posts/" in anyway
    published = window.document.path
    assert published is not None and published.parent == site / "_posts"
    assert published.name.endswith("-quay-fire.md") and not draft.exists()
    _name, info = next(c for c in fake_dialogs.calls if c[0] == "show_info")
    assert info[1] == "Published" and f"_posts/{published.name}" in info[2]
    assert "/quay-fire/" in info[2]  # the address (the site's pretty permalink)


def test_a_clean_draft_is_confirmed_first_with_its_warnings(
        make_window: Any, qtbot: Any, site: Path, fake_dialogs: Any) -> None:
    draft = site / "_drafts" / "storm-roundup.md"
    window = make_window(draft)
    fake_dialogs.publish_confirmed = False
    _publish_from_the_site_panel(qtbot, window, draft)
    assert draft.exists() and "ask_publish_blocked" not in fake_dialogs.names()
    _name, args = next(c for c in fake_dialogs.calls if c[0] == "confirm_publish")
    assert args[2] == "Publish “Storm roundup” now?"
    assert "_posts/" in args[3] and "Warnings:" in args[3]
    fake_dialogs.publish_confirmed = True
    _publish_from_the_site_panel(qtbot, window, draft)
    assert not draft.exists()


def test_export_to_a_plain_folder(make_window: Any, qtbot: Any, site: Path, tmp_path: Path,
                                  fake_dialogs: Any) -> None:
    src = site / "_posts" / "2024-05-01-harbour-reopens.md"
    window = make_window(src)
    out = tmp_path / "for-the-desk"
    out.mkdir()
    fake_dialogs.folder = out
    window.actions["file.export_post"].trigger()
    assert (out / src.name).read_bytes() == src.read_bytes()
    assert (out / image_name(site)).read_bytes() == (site / image_name(site)).read_bytes()
    _name, args = next(c for c in fake_dialogs.calls if c[0] == "choose_folder")
    start = args[2]
    assert start is not None and site not in Path(start).resolve().parents \
        and Path(start).resolve() != site.resolve()  # never opens inside the site


def test_a_new_draft_is_saved_then_published_from_the_menu(
        make_window: Any, qtbot: Any, site: Path, fake_dialogs: Any) -> None:
    window = make_window(site / "_posts" / "2024-05-01-harbour-reopens.md")
    window.new_post()
    qtbot.keyClicks(window.form.title_edit, "Ferry back on time")
    qtbot.keyClicks(window.editor, "The ferry ran on time.")
    window.actions["file.publish"].trigger()  # "Save first?" yes, then the confirmation
    assert fake_dialogs.names()[:2] == ["confirm", "confirm_publish"]
    published = window.document.path
    assert published is not None and published.parent == site / "_posts"
    assert published.name.endswith("-ferry-back-on-time.md")
    assert not (site / "_drafts" / "ferry-back-on-time.md").exists()

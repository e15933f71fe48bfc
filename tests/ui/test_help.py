"""The Help menu: shortcut sheet read from the window's actions, cheat sheet, About."""

from __future__ import annotations

import html

import pytest
from PySide6.QtGui import QKeySequence

from editor import __version__
from editor.ui.help import (
    AboutDialog,
    CheatSheet,
    HelpMenu,
    ShortcutSheet,
    app_icon,
    clean_text,
    key_text,
    shortcut_rows,
)


@pytest.fixture
def window(make_window):
    """The real main window (tests/ui/conftest.py), closed after the test."""
    return make_window()


def help_of(window) -> HelpMenu:
    """The Help menu controller the real window made (never one made here)."""
    assert isinstance(window.help, HelpMenu)
    return window.help


def menu_bar_action(window, menu_title: str, text: str):
    """The action a writer clicks: found through the window's own menu bar."""
    for top in window.menuBar().actions():
        if clean_text(top.text()) == menu_title and top.menu() is not None:
            for action in top.menu().actions():
                if clean_text(action.text()) == text:
                    return action
    raise AssertionError(f"no {menu_title} ▸ {text} in the window's menu bar")


def native(text: str) -> str:
    return QKeySequence(text).toString(QKeySequence.SequenceFormat.NativeText)


def test_shortcut_sheet_lists_every_window_action_with_a_shortcut(window, qtbot) -> None:
    sheet = help_of(window).show_shortcuts()
    qtbot.addWidget(sheet)
    shown = set(sheet.visible_commands())
    registry = window.actions
    expected = {(clean_text(registry[i].text()), key_text(registry[i]))
                for i in registry.ids() if key_text(registry[i])}
    assert expected, "the window has actions with shortcuts"
    assert expected <= shown
    assert (clean_text(registry["file.save"].text()), native("Ctrl+S")) in shown
    assert ("Link", native("Ctrl+K")) in shown


def test_shortcut_sheet_follows_a_changed_shortcut(window, qtbot) -> None:
    window.actions["format.link"].setShortcut(QKeySequence("Ctrl+Alt+L"))
    rows = shortcut_rows(window)
    assert any(r.command == "Link" and r.keys == native("Ctrl+Alt+L") for r in rows)
    assert not any(r.keys == native("Ctrl+K") for r in rows)


def test_shortcut_sheet_groups_by_menu(window) -> None:
    rows = shortcut_rows(window)
    groups = {r.command: r.group for r in rows}
    assert groups["Save"] == "File"
    assert groups["Bold"] == "Format"
    assert groups["Copy"] == "Edit" and groups["Select All"] == "Edit"
    assert groups["Delete the word before the cursor"] == "Editing text"


def test_shortcut_filter_finds_by_command_or_key(window, qtbot) -> None:
    sheet = ShortcutSheet(shortcut_rows(window))
    qtbot.addWidget(sheet)
    qtbot.keyClicks(sheet.filter, "bold")
    assert [c for c, _k in sheet.visible_commands()] == ["Bold"]
    sheet.filter.setText(native("Ctrl+K"))
    assert ("Link", native("Ctrl+K")) in sheet.visible_commands()
    sheet.filter.setText("no such command")
    assert sheet.visible_commands() == []


def test_help_menu_offers_shortcuts_cheat_sheet_and_about(window) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if clean_text(a.text()) == "Help")
    texts = [clean_text(a.text()) for a in help_menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["Keyboard Shortcuts", "Markdown and Front Matter"]
    assert "About Dateline" in texts


def test_shortcuts_open_with_the_help_key(window, qtbot) -> None:
    menu = help_of(window)
    action = menu_bar_action(window, "Help", "Keyboard Shortcuts")
    assert action is menu.shortcuts_action
    assert action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
    action.trigger()
    sheet = menu.dialogs["shortcuts"]
    assert sheet.isVisible()
    # It lists itself, so the writer learns the key.
    assert ("Keyboard Shortcuts", key_text(menu.shortcuts_action)) in sheet.visible_commands()


def test_about_shows_version_and_licences(qtbot) -> None:
    dialog = AboutDialog(__version__, app_icon())
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert f"Dateline {__version__}" in text
    assert "MIT licence" in text
    for name, licence in (("Qt for Python (PySide6)", "LGPL-3.0-only"),
                          ("python-frontmatter", "MIT"), ("Python-Markdown", "BSD-3-Clause"),
                          ("PyYAML", "MIT")):
        # The row: name, version, licence (cells come out one per line as plain text).
        row = text.split(name, 1)[1].splitlines()[:3]
        assert licence in row, (name, row)


def test_about_from_the_menu(window, qtbot) -> None:
    menu = help_of(window)
    menu_bar_action(window, "Help", "About Dateline").trigger()
    about = menu.dialogs["about"]
    assert about.isVisible()
    assert __version__ in about.browser.toPlainText()


def test_cheat_sheet_covers_markdown_liquid_and_front_matter(qtbot) -> None:
    sheet = CheatSheet()
    qtbot.addWidget(sheet)
    text = sheet.browser.toPlainText()
    for needle in ("**bold**", "{% post_url", "[^1]", "title:", "published: false", "TK"):
        assert needle in text


def test_app_icon_has_every_packaged_size() -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes


def test_the_cheat_sheets_date_examples_are_what_the_engine_and_jekyll_publish() -> None:
    import json

    from editor.core import jekyll
    from editor.core.post import read_post
    from editor.core.site_model import Site
    from editor.ui.help_dialogs import DATE_EXAMPLE_ZONE, DATE_EXAMPLES, cheat_sheet_html
    from tests.conftest import REPO

    sheet = cheat_sheet_html()
    reference = json.loads((REPO / "tests" / "golden" / "jekyll_dates" / "reference.json")
                           .read_text(encoding="utf-8"))
    jekyll_read = {c["date"]: c["published"] for c in reference["cases"]
                   if c["timezone"] == DATE_EXAMPLE_ZONE}
    site = Site(None, {"timezone": DATE_EXAMPLE_ZONE})
    for written, claimed in DATE_EXAMPLES:
        assert html.escape(f"date: {written} publishes at {claimed}") in sheet
        post = read_post(f"---\ndate: {written}\n---\n".encode())
        when = jekyll.publish_datetime(post.get("date"), "x.md", site)
        assert when is not None and f"{when:%H:%M on %-d %B}" == claimed
        if written in jekyll_read:  # real Jekyll built this very text: it agrees
            assert jekyll_read[written].startswith(f"{when:%Y-%m-%d %H:%M}")
    assert "2025-08-30T23:34:44" in jekyll_read and '"2025-08-30 23:34:44"' in jekyll_read


def test_shortcut_sheet_leaves_out_keys_few_keyboards_have() -> None:
    from PySide6.QtGui import QKeySequence

    from editor.ui.help_dialogs import keys_text

    assert keys_text([QKeySequence("Ctrl+Z"), QKeySequence("F14")]) == "Ctrl+Z"
    assert keys_text([QKeySequence("Ctrl+X"), QKeySequence("Shift+Del"),
                      QKeySequence("F20")]) == "Ctrl+X"
    assert keys_text([QKeySequence("Ctrl+V"), QKeySequence("Shift+Ins")]) == "Ctrl+V"
    assert keys_text([QKeySequence("Shift+Ins")]) == "Shift+Ins"  # the only key: kept


def test_about_names_every_library_the_app_ships() -> None:
    from editor.ui.help_dialogs import components_in_use

    names = {component.distribution for component, _version in components_in_use()}
    assert {"pyspellchecker", "libsass", "python-liquid", "PyYAML"} <= names

"""The first-run welcome: shown once, keeps the writer's name and site folder, skippable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

from editor.core import samples
from editor.services.settings import SettingsStore
from editor.ui import dialogs, welcome


@pytest.fixture
def window(qtbot):
    win = QMainWindow()
    win.setCentralWidget(QPlainTextEdit())
    qtbot.addWidget(win)
    win.show()
    return win


def show(window, opened: list[Path] | None = None) -> welcome.WelcomeDialog | None:
    return welcome.maybe_show_welcome(window, SettingsStore(),
                                      opened.append if opened is not None else None)


def test_welcome_is_shown_on_first_run_only(window, qtbot) -> None:
    first = show(window)
    assert first is not None and first.isVisible()
    first.start_writing()
    # A new start of the app reads the settings afresh.
    assert show(window) is None


def test_welcome_counts_as_shown_even_when_the_app_is_killed(window) -> None:
    assert show(window) is not None
    assert welcome.should_show(SettingsStore()) is False


def test_welcome_does_not_block_the_window(window) -> None:
    dialog = show(window)
    assert not dialog.isModal()
    assert QApplication.activeModalWidget() is None
    # The writer can type straight away.
    editor = window.centralWidget()
    editor.setFocus()
    editor.insertPlainText("Breaking")
    assert editor.toPlainText() == "Breaking"


def test_start_writing_stores_author_and_site_folder(window, qtbot, tmp_path) -> None:
    dialog = show(window)
    qtbot.keyClicks(dialog.author, "jdoe")
    dialog.site.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.finished_with) as blocker:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [("jdoe", str(tmp_path))]
    prefs = SettingsStore().preferences
    assert prefs.default_author == "jdoe"
    assert prefs.site_folder == str(tmp_path)
    assert not dialog.isVisible()


def test_start_writing_with_empty_fields_keeps_existing_preferences(window, qtbot) -> None:
    from dataclasses import replace

    store = SettingsStore()
    store.set_preferences(replace(store.preferences, default_author="badely"))
    dialog = welcome.show_welcome(window, store)
    assert dialog.author.text() == "badely"
    dialog.author.clear()
    dialog.start_writing()
    assert SettingsStore().preferences.default_author == "badely"


def test_skip_stores_nothing_and_closes(window, qtbot, tmp_path) -> None:
    dialog = show(window)
    qtbot.keyClicks(dialog.author, "jdoe")
    dialog.site.setText(str(tmp_path))
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    prefs = SettingsStore().preferences
    assert (prefs.default_author, prefs.site_folder) == ("", "")
    assert show(window) is None


def test_escape_is_like_skip(window, qtbot) -> None:
    dialog = show(window)
    qtbot.keyClicks(dialog.author, "jdoe")
    with qtbot.waitSignal(dialog.finished_with) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == [None]
    assert SettingsStore().preferences.default_author == ""


def test_choose_button_fills_the_site_folder(window, qtbot, monkeypatch, tmp_path) -> None:
    (tmp_path / "_config.yml").write_text("title: Test\n")
    monkeypatch.setattr(dialogs, "choose_folder", lambda *_args: tmp_path)
    dialog = show(window)
    choose = next(b for b in dialog.findChildren(type(dialog.start_button))
                  if b.text() == "Choose…")
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert dialog.site.text() == str(tmp_path)
    assert "Jekyll site" in dialog.site_hint.text()


def test_site_hint_names_a_folder_without_config(window, tmp_path) -> None:
    dialog = show(window)
    dialog.site.setText(str(tmp_path))
    assert "_config.yml" in dialog.site_hint.text()
    dialog.site.setText(str(tmp_path / "missing"))
    assert "does not exist" in dialog.site_hint.text()


@pytest.mark.skipif(samples.checkout_sample_site() is None, reason="no sample_posts/ here")
def test_sample_button_opens_the_checkout_sample_site(window, qtbot) -> None:
    opened: list[Path] = []
    dialog = show(window, opened)
    assert dialog.sample_button.text() == "Open the sample site"
    qtbot.mouseClick(dialog.sample_button, Qt.MouseButton.LeftButton)
    assert opened == [samples.checkout_sample_site()]


def test_without_a_checkout_the_sample_site_is_created(window, qtbot, monkeypatch,
                                                       tmp_path) -> None:
    monkeypatch.setattr(samples, "checkout_sample_site", lambda: None)
    monkeypatch.setattr(dialogs, "choose_folder", lambda *_args: tmp_path)
    opened: list[Path] = []
    dialog = show(window, opened)
    assert dialog.sample_button.text() == "Create a sample site…"
    qtbot.mouseClick(dialog.sample_button, Qt.MouseButton.LeftButton)
    assert opened == [tmp_path / samples.SAMPLE_FOLDER_NAME]
    assert (opened[0] / "_config.yml").is_file()
    assert any((opened[0] / "_posts").iterdir())


def test_creating_the_sample_site_can_be_cancelled(window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(samples, "checkout_sample_site", lambda: None)
    monkeypatch.setattr(dialogs, "choose_folder", lambda *_args: None)
    opened: list[Path] = []
    dialog = show(window, opened)
    qtbot.mouseClick(dialog.sample_button, Qt.MouseButton.LeftButton)
    assert opened == []
    assert dialog.isVisible()


def test_no_sample_link_when_the_install_has_none(window, monkeypatch) -> None:
    monkeypatch.setattr(samples, "checkout_sample_site", lambda: None)
    monkeypatch.setattr(samples, "packaged_sample_site", lambda: None)
    dialog = show(window)
    assert dialog.sample_button is None


def test_started_on_a_site_the_welcome_offers_it_as_the_site_folder(window, tmp_path) -> None:
    dialog = welcome.maybe_show_welcome(window, SettingsStore(), None, tmp_path)
    assert dialog is not None and dialog.site.text() == str(tmp_path)


def test_the_name_given_goes_into_a_new_post_already_open(make_window, qtbot) -> None:
    from editor.app import give_author
    from tests.conftest import SAMPLE_POSTS

    window = make_window()  # a new, untitled post
    used: list[str] = []
    dialog = welcome.maybe_show_welcome(window, window.settings, None, None,
                                        lambda name: used.append(name) or give_author(window, name))
    qtbot.keyClicks(dialog.author, "jdoe")
    dialog.start_writing()
    assert used == ["jdoe"]
    assert window.document.post.get("author") == "jdoe"
    assert window.form.author_edit.text() == "jdoe"
    opened = make_window(SAMPLE_POSTS / "_posts" / "2025-03-18-riverside-library-reopens.md")
    assert give_author(opened, "jdoe") is False  # a post from disk keeps its byline
    assert opened.document.post.get("author") == "mrivera"

"""Spell checking in the body editor: red wavy underlines, suggestions, Add to Dictionary."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextCharFormat

from editor.core.post import new_post_bytes

SPELL = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
BODY = "The mayor said teh plan would pass.\n\n```\nteh code\n```\n"


def _window_with_post(make_window: Any, qtbot: Any, tmp_path: Path) -> Any:
    path = tmp_path / "2024-05-01-plan.md"
    path.write_bytes(new_post_bytes({"title": "Plan", "date": "2024-05-01"}, BODY))
    window = make_window(path)
    highlighter = window.editor.highlighter
    if not highlighter.speller.loaded:
        with qtbot.waitSignal(highlighter.spelling_ready, timeout=30000):
            pass
    return window


def _underlined(editor: Any, position: int) -> bool:
    """Whether the character at ``position`` in the editor has the spelling underline."""
    block = editor.document().findBlock(position)
    column = position - block.position()
    return any(r.start <= column < r.start + r.length and r.format.underlineStyle() == SPELL
               for r in block.layout().formats())


def _at(editor: Any, word: str, nth: int = 0) -> int:
    text = editor.toPlainText()
    position = -1
    for _ in range(nth + 1):
        position = text.index(word, position + 1)
    return position


def test_a_misspelled_word_gets_a_wavy_underline(make_window: Any, qtbot: Any,
                                                 tmp_path: Path) -> None:
    window = _window_with_post(make_window, qtbot, tmp_path)
    editor = window.editor
    assert _underlined(editor, _at(editor, "teh"))
    assert not _underlined(editor, _at(editor, "mayor"))
    assert not _underlined(editor, _at(editor, "teh", 1))  # inside a fenced code block


def test_a_suggestion_replaces_the_word_in_one_undo_step(make_window: Any, qtbot: Any,
                                                         tmp_path: Path) -> None:
    window = _window_with_post(make_window, qtbot, tmp_path)
    editor = window.editor
    position = _at(editor, "teh") + 1
    assert editor.misspelling_at(position)[2] == "teh"
    suggestions = editor.spelling_suggestions(position)
    assert suggestions[0] == "the"
    assert editor.replace_misspelling(position, suggestions[0])
    assert "The mayor said the plan would pass." in editor.toPlainText()
    assert not _underlined(editor, position)
    editor.undo()
    assert "The mayor said teh plan would pass." in editor.toPlainText()


def test_add_to_dictionary_removes_the_underline(make_window: Any, qtbot: Any,
                                                 tmp_path: Path) -> None:
    window = _window_with_post(make_window, qtbot, tmp_path)
    editor = window.editor
    assert _underlined(editor, _at(editor, "teh"))
    editor.add_to_dictionary("teh")
    assert not _underlined(editor, _at(editor, "teh"))
    assert editor.misspelling_at(_at(editor, "teh")) is None
    assert "teh" in editor.speller.personal_words()


def test_spell_checking_follows_the_preference(make_window: Any, qtbot: Any,
                                               tmp_path: Path) -> None:
    from dataclasses import replace

    window = _window_with_post(make_window, qtbot, tmp_path)
    window.settings.set_preferences(replace(window.settings.preferences, spell_check=False))
    assert window.editor.speller is None
    assert not _underlined(window.editor, _at(window.editor, "teh"))


def _checks_british(window: Any, qtbot: Any, american: str, british: str) -> None:
    """The window checks its post in British English: the American spelling is underlined
    once the dictionary is in, the British one is not."""
    editor = window.editor
    assert window.spelling_language() == "en_GB" and editor.speller.language == "en_GB"
    if not editor.speller.loaded:
        with qtbot.waitSignal(editor.highlighter.spelling_ready, timeout=30000):
            pass
    assert _underlined(editor, _at(editor, american))
    assert not _underlined(editor, _at(editor, british))


def test_a_posts_lang_picks_british_english(make_window: Any, qtbot: Any,
                                            tmp_path: Path) -> None:
    path = tmp_path / "2024-05-01-colour.md"
    path.write_bytes(new_post_bytes({"title": "Colour", "lang": "en-GB"},
                                    "The colour and the color.\n"))
    _checks_british(make_window(path), qtbot, american="color", british="colour")


def test_preferences_name_the_languages_in_full(make_window: Any) -> None:
    from editor.ui.preferences import PreferencesDialog

    window = make_window()
    dialog = PreferencesDialog(window.settings.preferences, window)
    names = [dialog.spell_language.itemText(i) for i in range(dialog.spell_language.count())]
    assert "English (United Kingdom)" in names and "English (Australia)" in names
    dialog.spell_language.setCurrentIndex(names.index("English (United Kingdom)"))
    assert dialog.preferences().spell_language == "en_GB"
    dialog.deleteLater()


def test_typing_while_the_dictionary_loads_never_stalls_the_window(
        make_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first keystrokes after a post opens come while the dictionary loads on its
    worker thread; pyspellchecker's own loading held the GIL for 60-140 ms at a time and
    the window froze (the longest typing stall of a fresh window). A 1 ms heartbeat
    on the UI thread notes the longest gap while keys are typed until the underlines come."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtTest import QTest

    from editor.core import spelling
    from editor.ui import highlighter
    from tests.timing import CoreWaits

    monkeypatch.setattr(spelling, "_dictionaries", {})  # a fresh load, not the cached one
    monkeypatch.setattr(highlighter, "_SPELLING_DELAY_MS", 300)
    words = "council mayor budget vote residents street school water report city said".split()
    body = "\n\n".join(" ".join(words[(i * 7 + j) % len(words)] for j in range(60)) + "."
                       for i in range(20))  # 1,200 words
    path = tmp_path / "2024-05-01-budget.md"
    path.write_bytes(new_post_bytes({"title": "Budget", "date": "2024-05-01"}, body + "\n"))
    window = make_window(path)
    editor = window.editor
    assert not editor.speller.loaded
    editor.setFocus()
    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last = [clock.nsecsElapsed()]

    waits = CoreWaits()  # this thread's, and the loader's once it runs

    def beat() -> None:  # a busy machine's waits for a core are not the window's stalls
        waits.watch(*(t.native_id for t in threading.enumerate() if t.name == "dictionary"))
        now = clock.nsecsElapsed() - waits.seconds() * 1e9
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    def type_one() -> None:
        if not editor.speller.loaded:
            QTest.keyClick(editor, "x")
            QTimer.singleShot(30, type_one)

    QTest.keyClick(editor, "x")  # the post's first change (the checklist, the title's [*])
    # ... and its render, whose thread holds the interpreter for its own ~10-20 ms: what is
    # measured here is the dictionary's load, which starts later (_SPELLING_DELAY_MS).
    qtbot.waitUntil(lambda: not window.scheduler.busy, timeout=10000)
    assert not editor.speller.loaded
    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(beat)
    last[0] = clock.nsecsElapsed() - waits.seconds() * 1e9
    heartbeat.start()
    type_one()
    with qtbot.waitSignal(editor.highlighter.spelling_ready, timeout=30000):
        pass
    heartbeat.stop()
    assert len(gaps) > 100  # the load took a while, and keys were typed all along
    assert max(gaps) < 30, f"the window stalled {max(gaps):.0f} ms while the dictionary loaded"


@pytest.mark.parametrize("where", ["config", "defaults"])
def test_a_sites_lang_picks_the_dictionary_of_its_posts(
        make_window: Any, qtbot: Any, tmp_path: Path, where: str) -> None:
    """Jekyll sites set ``lang`` once, in _config.yml or its front-matter defaults."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    config = ("lang: en-GB\n" if where == "config" else
              "defaults:\n  - scope: {path: '', type: posts}\n    values: {lang: en-GB}\n")
    (site / "_config.yml").write_text("title: Ledger\n" + config, encoding="utf-8")
    path = site / "_posts" / "2024-05-01-harbour.md"
    path.write_bytes(new_post_bytes({"title": "Harbour"}, "The harbour and the harbor.\n"))
    _checks_british(make_window(path), qtbot, american="harbor", british="harbour")


def test_the_sample_site_is_checked_in_its_own_spelling(make_window: Any) -> None:
    from tests.conftest import SAMPLE_POSTS

    window = make_window(SAMPLE_POSTS / "_posts" / "2025-03-25-spring-ferry-timetable-adds-early-crossing.md")
    assert window.spelling_language() == "en_GB"

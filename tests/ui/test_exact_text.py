"""The editors give back the exact characters of the file: no-break spaces, U+2028/U+2029,
CR and the final newline survive typing in the body, the excerpt box and the raw front
matter (toPlainText() used to turn them into spaces and newlines)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

SPECIALS = "10\u00a0€\u2028line\u2029para\ufdd0\ufdd1\rcr\ue000pua"


def _type_at_end(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_body_editor_gives_back_every_character(qtbot: Any) -> None:
    from editor.ui.markdown_editor import MarkdownEditor

    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    body = f"\nFirst {SPECIALS} end.\n"
    editor.set_body(body)
    assert editor.body() == body
    _type_at_end(qtbot, editor, "x")
    assert editor.body() == body[:-1] + "x\n"
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.body() == body


def test_body_without_a_final_newline_gets_none(qtbot: Any) -> None:
    from editor.ui.markdown_editor import MarkdownEditor

    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    editor.set_body("\nNo newline\u00a0here")
    _type_at_end(qtbot, editor, "!")
    assert editor.body() == "\nNo newline\u00a0here!"
    editor.set_body("\n\n")
    _type_at_end(qtbot, editor, "a")
    assert editor.body() == "\na\n"


def test_a_typed_paragraph_break_is_a_newline(qtbot: Any) -> None:
    from editor.ui.markdown_editor import MarkdownEditor

    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    editor.set_body("one\u2029two\n")
    _type_at_end(qtbot, editor, "")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "three")
    assert editor.body() == "one\u2029two\nthree\n"


def test_excerpt_edit_keeps_no_break_spaces(make_window: Any, qtbot: Any,
                                            tmp_path: Path) -> None:
    path = tmp_path / "2024-01-01-nbsp.md"
    before = "---\ntitle: Prices\nexcerpt: Tickets cost 10\u00a0€ each\n---\n\nBody.\n".encode()
    path.write_bytes(before)
    window = make_window(path)
    _type_at_end(qtbot, window.form.excerpt_edit, "!")
    assert window.save()
    assert path.read_bytes() == before.replace(b"each", b"each!")


def test_raw_front_matter_editor_keeps_no_break_spaces(make_window: Any, qtbot: Any,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "2024-01-01-broken.md"
    before = "---\ntitle: \"10\u00a0€ and\u2028more\n---\n\nBody\u00a0text.\n".encode()
    path.write_bytes(before)
    window = make_window(path)
    assert window.form.raw_editor.isVisible()
    raw = window.form.raw_editor
    raw.setFocus()
    cursor = raw.textCursor()
    cursor.setPosition(raw.document().firstBlock().length() - 1)  # end of the title line
    raw.setTextCursor(cursor)
    qtbot.keyClicks(raw, '"')
    qtbot.waitUntil(lambda: window.document.post.problem is None)
    assert window.save()
    assert path.read_bytes() == before.replace(b"more\n", b"more\"\n")


def test_special_characters_typed_into_a_plain_body_are_kept(qtbot: Any) -> None:
    """A body without them is read the fast way; one typed or pasted switches to exact."""
    from editor.ui.markdown_editor import MarkdownEditor

    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    editor.set_body("Plain text.\n")
    _type_at_end(qtbot, editor, " 10")
    editor.textCursor().insertText("\u00a0€")
    assert editor.body() == "Plain text. 10\u00a0€\n"
    editor.set_body("Plain again.\n")
    editor.textCursor().insertText("a\u2028b")
    assert editor.body() == "a\u2028bPlain again.\n"
    editor.set_body("Undo.\n")
    cursor = editor.textCursor()
    cursor.insertText("x\u00a0y")
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.movePosition(cursor.MoveOperation.End, cursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    editor.undo()
    assert editor.body() == "x\u00a0yUndo.\n"

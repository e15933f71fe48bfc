"""A long post's editor lays out what is on the screen only: highlighting it off the screen
does not (a laid-out paragraph keeps its shaped text: 60 MB for a 1 MB post)."""

from __future__ import annotations

from typing import Any

from editor.ui.markdown_editor import LARGE_TEXT, MarkdownEditor

PARAGRAPH = ("The council voted late on Tuesday to keep the branch library open through "
             "the winter, after a long and sometimes heated public session. ") * 4


def test_highlighting_a_long_post_lays_out_no_paragraph_off_the_screen(qtbot: Any) -> None:
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    editor.resize(600, 400)
    editor.show()
    qtbot.waitExposed(editor)
    text = "\n\n".join(f"## Part {n}\n\n{PARAGRAPH}*Again* {n}." for n in range(1000))
    assert len(text) > LARGE_TEXT  # highlighted progressively, a slice at a time
    editor.set_body(text)
    editor.fill_now()
    qtbot.waitUntil(lambda: editor.highlighter._frontier is None, timeout=30000)
    document = editor.document()
    last_heading = document.findBlockByNumber(document.blockCount() - 3)
    assert last_heading.text() == "## Part 999"
    assert last_heading.layout().formats(), "the last heading is highlighted"
    # Off the screen: past the first page, before the last (the scroll bar lays out a
    # page from the end to know its range).
    far = [document.findBlockByNumber(n) for n in range(1002, document.blockCount() - 400, 4)]
    assert all(block.text().startswith("The council") for block in far)
    # A paragraph this long wraps into several lines at 600 px once laid out; never laid
    # out, it counts as the one line the plain-text layout assumes.
    assert [block.lineCount() for block in far] == [1] * len(far)

"""The two front-matter editors that are YAML text: "Other fields" (every key without a
row of its own) and, for a post whose front matter cannot be read, the banner naming the
problem with the raw front matter to fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from editor.core.post import Post
from editor.core.yamlstyle import same_value
from editor.ui import form_values as fv
from editor.ui.exact_text import exact_text, set_exact_text
from editor.ui.highlighter import MarkdownHighlighter

#: ``(source, changes, remove)``: how an edit leaves "Other fields".
Apply = Callable[[str, dict[str, Any], list[str]], None]

#: The problem banner's background, text and border colours (contrast 12:1 and 11:1).
BANNER_LIGHT = ("#fdecea", "#611a15", "#f5c2c0")
BANNER_DARK = ("#4a1c1a", "#ffd9d5", "#8c3a35")


class OtherFields:
    """Every key without its own row, as YAML the writer edits; an edit that is not
    valid YAML (or names a key with its own row) is flagged and not applied."""

    def __init__(self, apply: Apply, flag: Callable[[str], None]) -> None:
        self._apply = apply
        self._flag = flag
        self.values: dict[str, Any] = {}
        self.own_keys: frozenset[str] = frozenset()
        self.loading = False
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("other_fields")
        self.edit.setAccessibleName("Other fields (YAML)")
        self.edit.setToolTip("Every field without its own row above, as YAML")
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self._highlighter = MarkdownHighlighter(self.edit.document(), yaml_only=True)
        self.edit.textChanged.connect(self._on_edit_text_changed)

    def set_dark(self, dark: bool) -> None:
        """Colours for a dark or light background."""
        self._highlighter.set_dark(dark)

    def show(self, values: dict[str, Any], own_keys: frozenset[str]) -> None:
        """Show ``values``; ``own_keys`` have a row of their own and may not be added here."""
        self.values, self.own_keys = values, own_keys
        self.loading = True
        try:
            set_exact_text(self.edit, fv.others_text(values))
        finally:
            self.loading = False

    def _on_edit_text_changed(self) -> None:
        if self.loading:
            return
        try:
            new = fv.parse_others(exact_text(self.edit), self.own_keys - set(self.values))
        except fv.OthersError as exc:
            self._flag(str(exc))
            return
        changes = {k: v for k, v in new.items()
                   if k not in self.values or not same_value(self.values[k], v)}
        remove = [k for k in self.values if k not in new]
        self._flag("")
        if changes or remove:
            self.values = new
            self._apply("others", changes, remove)


class BrokenFrontMatter:
    """The banner naming what is wrong with the front matter, and the raw text to fix."""

    def __init__(self, edited: Callable[[str], None]) -> None:
        self._edited = edited
        self.loading = False
        self.banner = QLabel()
        self.banner.setObjectName("problem_banner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Front matter problem")
        self.banner.hide()
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("raw_front_matter")
        self.editor.setAccessibleName("Raw front matter (YAML)")
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._highlighter = MarkdownHighlighter(self.editor.document(), yaml_only=True)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.hide()
        self.set_dark(False)

    def set_dark(self, dark: bool) -> None:
        """Colours for a dark or light background (the banner keeps its alarm in both)."""
        background, text, border = BANNER_DARK if dark else BANNER_LIGHT
        self.banner.setStyleSheet(f"QLabel {{ background: {background}; color: {text}; border: "
                                  f"1px solid {border}; border-radius: 4px; padding: 8px; }}")
        self._highlighter.set_dark(dark)

    def show(self, post: Post) -> bool:
        """Show the banner and raw text when ``post`` cannot be read; whether it cannot."""
        problem = post.problem
        if problem is not None:
            encoding = not post.encoding.valid
            headline = ("This file is not UTF-8 text" if encoding
                        else "The front matter cannot be read")
            self.banner.setText(
                f"<b>{headline}</b> — {_place(post)}, column "
                f"{problem.column}: {problem.message}.<br>"
                + ("The character is selected below; retype it and save to store the post "
                   "as UTF-8." if encoding else "Fix it below; nothing is saved until you do."))
            if exact_text(self.editor) != post.front_matter_text:
                self.loading = True
                try:
                    set_exact_text(self.editor, post.front_matter_text)
                finally:
                    self.loading = False
            self._point_at(problem.line - 1, problem.column)
        self.banner.setVisible(problem is not None)
        self.editor.setVisible(problem is not None)
        return problem is not None

    def _point_at(self, line: int, column: int) -> None:
        """Select the character at ``line``/``column`` (1-based) of the raw front matter,
        so the banner's line and column are found at a glance (no focus taken)."""
        block = self.editor.document().findBlockByNumber(line - 1)
        if not block.isValid() or line < 1:
            return
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.Right, n=max(0, column - 1))
        cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)

    def _on_editor_text_changed(self) -> None:
        if not self.loading:
            self._edited(exact_text(self.editor))


def _place(post: Post) -> str:
    """Where the problem is, counted as the writer sees it: the raw front matter shown below
    the banner starts after the opening ``---`` (the checklist counts the same way)."""
    assert post.problem is not None
    line = post.problem.line - 1
    if 1 <= line <= post.front_matter_text.count("\n") + 1:
        return f"front matter line {line}"
    return f"line {post.problem.line} of the file"

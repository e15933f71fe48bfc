"""The Markdown editor: a QPlainTextEdit with highlighting and formatting commands."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QImage,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from editor.ui.exact_text import exact_text, note_insertion, set_exact_text
from editor.ui.highlighter import MarkdownHighlighter

if TYPE_CHECKING:
    from editor.core.spelling import Speller
    from editor.ui.body_fill import PendingBody

_WORD_RE = re.compile(r"[\w'’-]+", re.UNICODE)
WORDS_PER_MINUTE = 230
LARGE_TEXT = 200_000  # characters
PLACEHOLDER = "Write your story here…"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


class _LineWordCounts:
    """Word counts of the lines of the last text counted: counting again after an edit
    looks up the unchanged lines (a 1 MB post: ~3 ms instead of ~60 ms on the UI thread)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def count(self, text: str) -> int:
        old = self._counts
        new: dict[str, int] = {}
        total = 0
        for line in text.split("\n"):  # a word never spans a newline
            n = new.get(line)
            if n is None:
                n = old.get(line)
                if n is None:
                    n = len(_WORD_RE.findall(line))
                new[line] = n
            total += n
        self._counts = new
        return total


_LINE_COUNTS = _LineWordCounts()


def word_count(text: str) -> int:
    """Words as a writer counts them (Markdown punctuation ignored)."""
    return _LINE_COUNTS.count(text)


#: Writing fonts in order of preference (the first installed is used).
WRITING_FONTS = ("Charter", "Iowan Old Style", "Source Serif 4", "Source Serif Pro",
                 "Noto Serif", "Georgia", "DejaVu Serif")


def writing_font() -> QFont:
    """The house writing font: a proportional serif made for long reading, else the
    system's general font."""
    families = set(QFontDatabase.families())
    for family in WRITING_FONTS:
        if family in families:
            return QFont(family)
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)


def reading_minutes(words: int) -> int:
    """Reading time in whole minutes (at least 1 for any text)."""
    return 0 if words == 0 else max(1, round(words / WORDS_PER_MINUTE))


class MarkdownEditor(QPlainTextEdit):
    """The body editor. Emits ``body_changed`` from the document's ``contentsChange``
    (not ``textChanged``, which the highlighter's format changes also fire)."""

    body_changed = Signal()
    scrolled = Signal(float)  # fraction of the document at the top of the view
    file_drop_requested = Signal(object)  # Path of a post dropped on the editor: open it
    image_insert_requested = Signal(object)  # Path of an image dropped or pasted: add it
    image_data_pasted = Signal(object, str)  # image bytes pasted (a screenshot) and their suffix

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdown_editor")
        self.setAccessibleName("Post body (Markdown)")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Lines wrap to the column: a horizontal bar would only flicker in while the
        # measure's margins settle after a resize.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabChangesFocus(False)
        self._loading = False
        self._pending: PendingBody | None = None  # a long body waiting for the first paint
        self.highlighter = MarkdownHighlighter(self.document())
        self.document().contentsChange.connect(self._on_document_contents_change)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.setPlaceholderText(PLACEHOLDER)
        self.set_font("", 0)
        self.document().setDocumentMargin(12)

    def set_font(self, family: str, size: int, monospace: bool = False) -> None:
        """Use ``family``/``size``; '' / 0 = the house writing font (a proportional serif
        at a reading size), or the system's fixed-width font with ``monospace``."""
        if family:
            font = QFont(family)
        elif monospace:
            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        else:
            font = writing_font()
        if size > 0:
            font.setPointSize(size)
        elif font.pointSize() > 0:
            font.setPointSize(max(font.pointSize(), 12))
        self.setFont(font)
        self._apply_measure()

    # -- a comfortable measure ------------------------------------------

    #: The longest line, in average characters ("0" widths), before the text is centred.
    MEASURE_CH = 70
    def _apply_measure(self) -> None:
        """Centre a column of at most MEASURE_CH characters in a wide editor."""
        column = self.fontMetrics().horizontalAdvance("0") * self.MEASURE_CH
        spare = self.width() - self.verticalScrollBar().sizeHint().width() - column - 24
        side = max(0, spare // 2)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Keep the text column's measure when the editor is resized."""
        super().resizeEvent(event)
        self._apply_measure()

    def set_body(self, text: str) -> None:
        """Replace the whole text (a newly loaded post): no change signal, fresh undo history.

        A long post is put in just after the editor has painted once, saying the post is
        opening (see editor.ui.body_fill), then highlighted from the top a slice at a time
        between events (see MarkdownHighlighter): neither the window's first frame nor typing
        waits for the ~40 ms that laying out 1 MB takes or the second highlighting it takes.
        """
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if len(text) <= LARGE_TEXT:
            self._fill(text)
            return
        from editor.ui.body_fill import PendingBody

        self._replace_text("")
        self.setReadOnly(True)
        self.setPlaceholderText(f"Opening the post ({len(text.encode('utf-8')) / 1e6:.1f} MB)…")
        self._pending = PendingBody(self, text, self._fill)

    def _fill(self, text: str) -> None:
        self._pending = None
        if len(text) > LARGE_TEXT:
            self.highlighter.highlight_progressively()
        else:
            self.highlighter.stop_progressive()
        self._replace_text(text)
        if self.isReadOnly():
            self.setReadOnly(False)
            self.setPlaceholderText(PLACEHOLDER)

    def _replace_text(self, text: str) -> None:
        self._loading = True
        try:
            set_exact_text(self, text, hide_final_newline=True, reports_insertions=True)
        finally:
            self._loading = False
        self.document().setModified(False)

    def fill_now(self) -> None:
        """Put a long body still waiting for the first paint in now (no-op otherwise)."""
        if self._pending is not None:
            self._pending.fill_now()

    def body(self) -> str:
        """The text exactly as loaded plus the writer's edits (LF newlines; the final
        newline the post had, which the editor does not show, is kept)."""
        return self._pending.text if self._pending is not None else exact_text(self)

    def _on_document_contents_change(self, position: int, removed: int, added: int) -> None:
        if not self._loading and (removed or added):
            note_insertion(self.document(), position, added)
            self.body_changed.emit()

    def _on_scroll(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self.scrolled.emit(value / bar.maximum() if bar.maximum() > 0 else 0.0)

    # -- drops and pastes -------------------------------------------------------------

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt override
        """Accept dropped or pasted local files and image data as well as text."""
        return (bool(self._local_files(source)) or _has_image(source)
                or super().canInsertFromMimeData(source))

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        """Pasted image data goes into the site as a file; local files are handled as drops."""
        files = self._local_files(source)
        if not files and _has_image(source) and not source.hasText():
            pasted = pasted_image(source)
            if pasted is not None:
                self.image_data_pasted.emit(*pasted)
            return
        if not files:
            super().insertFromMimeData(source)
            return
        for path in files:
            if path.suffix.lower() in IMAGE_SUFFIXES:
                self.image_insert_requested.emit(path)
            else:
                self.file_drop_requested.emit(path)
                return

    @staticmethod
    def _local_files(source: QMimeData) -> list[Path]:
        if not source.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in source.urls() if u.isLocalFile()]

    def insert_image(self, site_path: str, alt: str = "") -> None:
        """Insert a Markdown image at the cursor (alt text selected for the writer to fill)."""
        cursor = self.textCursor()
        start = cursor.position() + 2
        cursor.insertText(f"![{alt}]({site_path})")
        cursor.setPosition(start)
        cursor.setPosition(start + len(alt), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    # -- formatting ------------------------------------------------------------------

    def wrap_selection(self, before: str, after: str, placeholder: str = "text") -> None:
        """Put ``before``/``after`` around the selection (or a selected placeholder),
        or take them away when already there."""
        cursor = self.textCursor()
        text = cursor.selectedText()
        cursor.beginEditBlock()
        if text.startswith(before) and text.endswith(after) and len(text) >= len(before + after):
            cursor.insertText(text[len(before):len(text) - len(after)])
        else:
            start = cursor.selectionStart()
            inner = text or placeholder
            cursor.insertText(before + inner + after)
            cursor.setPosition(start + len(before))
            cursor.setPosition(start + len(before) + len(inner), QTextCursor.MoveMode.KeepAnchor)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def bold(self) -> None:
        """**Bold** the selection."""
        self.wrap_selection("**", "**")

    def italic(self) -> None:
        """*Italicise* the selection."""
        self.wrap_selection("*", "*")

    def code(self) -> None:
        """`Code` the selection (a fenced block when it spans lines)."""
        if "\u2029" in self.textCursor().selectedText():
            self.wrap_selection("```\n", "\n```")
        else:
            self.wrap_selection("`", "`")

    def link(self) -> None:
        """Make the selection a link: [text](https://) with the URL selected."""
        cursor = self.textCursor()
        text = cursor.selectedText() or "link text"
        cursor.beginEditBlock()
        start = cursor.selectionStart()
        url = "https://"
        cursor.insertText(f"[{text}]({url})")
        cursor.setPosition(start + len(text) + 3)
        cursor.setPosition(start + len(text) + 3 + len(url), QTextCursor.MoveMode.KeepAnchor)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def toggle_line_prefix(self, prefix: str) -> None:
        """Add ``prefix`` to every selected line, or remove it when all have it."""
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart())
        last = doc.findBlock(cursor.selectionEnd())
        blocks = []
        block = first
        while block.isValid():
            blocks.append(block)
            if block == last:
                break
            block = block.next()
        remove = all(b.text().startswith(prefix) for b in blocks)
        cursor.beginEditBlock()
        for b in blocks:
            c = QTextCursor(b)
            if remove:
                c.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor,
                               len(prefix))
                c.removeSelectedText()
            else:
                c.insertText(prefix)
        cursor.endEditBlock()

    def heading(self) -> None:
        """Cycle the line through heading levels ## → ### → plain."""
        cursor = self.textCursor()
        block = cursor.block()
        text = block.text()
        m = re.match(r"^(#{1,6})\s+", text)
        level = len(m.group(1)) if m else 0
        new_prefix = "## " if level == 0 else ("#" * (level + 1) + " " if level < 4 else "")
        c = QTextCursor(block)
        c.beginEditBlock()
        c.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor,
                       len(m.group(0)) if m else 0)
        c.insertText(new_prefix)
        c.endEditBlock()

    def quote(self) -> None:
        """Toggle a > quote on the selected lines."""
        self.toggle_line_prefix("> ")

    def bullet_list(self) -> None:
        """Toggle a - list on the selected lines."""
        self.toggle_line_prefix("- ")

    # -- find -----------------------------------------------------------------------

    def find_text(self, text: str, backward: bool = False, case: bool = False) -> bool:
        """Select the next match (wrapping around); False when there is none."""
        if not text:
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if case:
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if self.find(text, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backward
                            else QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)
        return self.find(text, flags)

    def replace_selection(self, find: str, replacement: str, case: bool = False) -> bool:
        """Replace the selected match, then find the next."""
        cursor = self.textCursor()
        selected = cursor.selectedText()
        matches = selected == find if case else selected.lower() == find.lower()
        if cursor.hasSelection() and matches:
            cursor.insertText(replacement)
        return self.find_text(find, case=case)

    def replace_all(self, find: str, replacement: str, case: bool = False) -> int:
        """Replace every match in one undo step; returns how many."""
        if not find:
            return 0
        flags = QTextDocument.FindFlag.FindCaseSensitively if case else QTextDocument.FindFlag(0)
        doc = self.document()
        count = 0
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        cursor = doc.find(find, 0, flags)
        while not cursor.isNull():
            cursor.insertText(replacement)
            count += 1
            cursor = doc.find(find, cursor.position(), flags)
        edit.endEditBlock()
        return count

    # -- spelling -------------------------------------------------------------------

    def set_spell_checking(self, enabled: bool, language: str = "en") -> None:
        """Underline misspelled words (the dictionary loads in the background on first use)."""
        current = self.highlighter.speller
        if not enabled:
            self.highlighter.set_speller(None)
        elif current is None or current.language != language:
            from editor.core.spelling import Speller

            self.highlighter.set_speller(Speller(language))

    @property
    def speller(self) -> Speller | None:
        """The speller in use (None when spell checking is off)."""
        return self.highlighter.speller

    def misspelling_at(self, position: int) -> tuple[int, int, str] | None:
        """(document start, length, word) of the misspelled word at ``position``, if any."""
        block = self.document().findBlock(position)
        if not block.isValid():
            return None
        text = block.text()
        offset = _python_index(text, position - block.position())
        for start, length in self.highlighter.misspellings(block):
            if start <= offset <= start + length:
                doc_start = block.position() + _utf16_len(text[:start])
                return doc_start, _utf16_len(text[start:start + length]), text[start:start + length]
        return None

    def spelling_suggestions(self, position: int) -> list[str]:
        """Up to five corrections for the misspelled word at ``position``."""
        found = self.misspelling_at(position)
        speller = self.highlighter.speller
        return speller.suggestions(found[2]) if found and speller is not None else []

    def replace_misspelling(self, position: int, replacement: str) -> bool:
        """Replace the misspelled word at ``position`` (one undo step)."""
        found = self.misspelling_at(position)
        if found is None:
            return False
        start, length, _ = found
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        return True

    def add_to_dictionary(self, word: str) -> None:
        """Accept ``word`` from now on (personal word list) and redraw the underlines."""
        speller = self.highlighter.speller
        if speller is None:
            return
        speller.add_word(word)
        self.highlighter.refresh()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        """The standard menu with spelling suggestions at the top."""
        menu = self.createStandardContextMenu(event.pos())
        self._add_spelling_actions(menu, self.cursorForPosition(event.pos()).position())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _add_spelling_actions(self, menu: QMenu, position: int) -> None:
        """Put the suggestions and "Add to Dictionary" at the top of ``menu``."""
        found = self.misspelling_at(position)
        if found is None:
            return
        word = found[2]
        standard = menu.actions()
        for action in standard:
            menu.removeAction(action)
        suggestions = self.spelling_suggestions(position)
        for suggestion in suggestions:
            replace_action = menu.addAction(suggestion)
            replace_action.triggered.connect(
                lambda _=False, s=suggestion: self.replace_misspelling(position, s))
        if not suggestions:
            menu.addAction("No Suggestions").setEnabled(False)
        menu.addAction("Add to Dictionary").triggered.connect(
            lambda: self.add_to_dictionary(word))
        menu.addSeparator()
        menu.addActions(standard)

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        """Return continues a list, task or quote (:meth:`continue_block`); other keys as usual."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() \
                and self.continue_block():
            return
        super().keyPressEvent(event)

    def continue_block(self) -> bool:
        """Return in a list item or quote, as ghostwriter, Typora and VS Code do.

        In an item with text, the next line starts the next item (``- ``, ``2. ``, ``- [ ] ``,
        ``> ``). On an empty item the marker goes and a blank line is left, so the next
        paragraph is not swallowed by the list or quote. False when Return is just a newline.
        """
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        block = cursor.block()
        text = block.text()
        m = _BLOCK_PREFIX_RE.match(text)
        column = cursor.position() - block.position()
        if m is None or not (m["quote"] or m["marker"]) or column < _utf16_len(m["prefix"]):
            return False
        cursor.beginEditBlock()
        if not m["rest"].strip() and column >= _utf16_len(text):
            # An empty item: end the block, leaving a blank line before what comes next.
            outer = m["quote"] if m["marker"] and m["quote"] else ""
            outer = outer.rstrip() if outer and not m["indent"] else outer
            line = QTextCursor(block)
            line.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                              QTextCursor.MoveMode.KeepAnchor)
            line.insertText(outer)
            cursor = QTextCursor(line)
            cursor.insertText("\n" + (outer + " " if outer else ""))
        else:
            prefix = m["indent"] + m["quote"]
            marker = m["marker"] or ""
            number = re.match(r"(\d+)([.)])", marker)
            if number:
                marker = f"{int(number.group(1)) + 1}{number.group(2)}" \
                    + marker[number.end():]
            if m["task"]:
                marker = marker[:len(marker) - len(m["task"])] + "[ ] "
            cursor.insertText("\n" + prefix + marker)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True


#: A line's block prefix: indentation, quote markers, a list marker (with a task box).
_BLOCK_PREFIX_RE = re.compile(
    r"^(?P<prefix>(?P<indent>[ \t]*)(?P<quote>(?:>[ ]?)*)"
    r"(?P<marker>(?:[-*+]|\d{1,9}[.)])[ \t]+(?P<task>\[[ xX]\][ \t]+)?)?)(?P<rest>.*)$")


def _has_image(source: QMimeData) -> bool:
    """Whether the clipboard holds a picture (Qt's image, or image/* bytes from a browser)."""
    return source.hasImage() or any(f.startswith("image/") for f in source.formats())


def pasted_image(source: QMimeData) -> tuple[bytes, str] | None:
    """The image on the clipboard as file bytes and a suffix: the original JPEG or PNG bytes
    when offered (a JPEG keeps its metadata, so the location question can be asked), else
    the picture encoded as PNG (a screenshot). None when it cannot be read."""
    for mime, suffix in (("image/jpeg", ".jpg"), ("image/png", ".png")):
        if source.hasFormat(mime):
            data = bytes(source.data(mime).data())
            if data:
                return data, suffix
    image = source.imageData()
    if not isinstance(image, QImage) or image.isNull():
        return None
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stubs want bytes
        return None
    return bytes(buffer.data().data()), ".png"


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _python_index(text: str, utf16: int) -> int:
    """A Qt (UTF-16) position in ``text`` as a Python index."""
    if text.isascii():
        return utf16
    units = 0
    for i, c in enumerate(text):
        if units >= utf16:
            return i
        units += 2 if ord(c) > 0xFFFF else 1
    return len(text)

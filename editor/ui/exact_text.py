"""Text in and out of Qt's plain-text editors exactly as the file has it.

``QPlainTextEdit.toPlainText()`` turns U+00A0 into a space and U+2028/U+2029 into
newlines, and ``setPlainText()`` makes every CR, U+2029 and Qt's frame markers
(U+FDD0/U+FDD1) a paragraph break, so a post that went through the widget came back
changed where the writer never typed. Here the text goes in with each of those
characters swapped for a private-use character the text does not contain, and comes
out of the document's raw text (``toRawText()``: every character as stored, paragraph
breaks as U+2029) with only Qt's own paragraph breaks read as newlines and the
swapped characters put back. A widget may also keep a final newline out of sight
(the Markdown editor): typing "at the end" then types before it, as in other editors,
and the file keeps the final newline it had.

Every widget whose text is saved reads and writes through these two functions.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

#: Characters Qt does not keep as themselves in a document: each becomes a paragraph break.
_QT_BREAKS = ("\r", "\u2029", "\ufdd0", "\ufdd1")
_PARAGRAPH = "\u2029"
_SWAPS = "dateline_exact_swaps"  # "<placeholder><original>..." pairs
_FINAL_NEWLINE = "dateline_exact_final_newline"
_PRIVATE_USE = range(0xE000, 0xF900)


def set_exact_text(edit: QPlainTextEdit, text: str, *, hide_final_newline: bool = False) -> None:
    """Show ``text`` in ``edit`` so that :func:`exact_text` gives it back unchanged.

    With ``hide_final_newline``, one final ``"\\n"`` is not shown (the cursor at the end
    is at the end of the last line) and :func:`exact_text` adds it back.
    """
    final = hide_final_newline and text.endswith("\n")
    if final:
        text = text[:-1]
    swaps = []
    for special in _QT_BREAKS:
        if special in text:
            placeholder = _unused_char(text)
            text = text.replace(special, placeholder)
            swaps.append(placeholder + special)
    doc = edit.document()
    doc.setProperty(_SWAPS, "".join(swaps))
    doc.setProperty(_FINAL_NEWLINE, final)
    edit.setPlainText(text)


def exact_text(edit: QPlainTextEdit) -> str:
    """The text in ``edit``: what :func:`set_exact_text` put there plus the writer's edits
    (a typed or pasted paragraph break is a ``"\\n"``)."""
    return document_text(edit.document())


def document_text(doc: QTextDocument) -> str:
    """The exact text of a document filled by :func:`set_exact_text`."""
    text = doc.toRawText().replace(_PARAGRAPH, "\n")
    swaps = doc.property(_SWAPS) or ""
    for i in range(0, len(swaps), 2):
        text = text.replace(swaps[i], swaps[i + 1])
    if doc.property(_FINAL_NEWLINE):
        text += "\n"
    return text


def _unused_char(text: str) -> str:
    for code in _PRIVATE_USE:
        if chr(code) not in text:
            return chr(code)
    raise ValueError("the text uses every private-use character")  # pragma: no cover

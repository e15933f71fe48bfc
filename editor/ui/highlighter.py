"""Markdown + Liquid + front-matter highlighting: a declarative rule table, a pure lexer
and a thin QSyntaxHighlighter adapter that stores the lexer state in the block state."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from time import perf_counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Q_ARG, QMetaObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

if TYPE_CHECKING:
    from editor.core.spelling import Speller

# Block states (the int QSyntaxHighlighter keeps per block).
NORMAL, FENCE, FRONT_MATTER, HTML_COMMENT, LIQUID_COMMENT = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Rule:
    """Text matching ``pattern`` gets the style ``style`` (group ``group`` of the match)."""

    pattern: re.Pattern[str]
    style: str
    group: int = 0


def _r(pattern: str, style: str, group: int = 0, flags: int = 0) -> Rule:
    return Rule(re.compile(pattern, flags), style, group)


#: Inline and line rules for Markdown with Liquid, applied in order (later wins).
MARKDOWN_RULES: tuple[Rule, ...] = (
    _r(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])(?=\s)", "list"),
    _r(r"^\s{0,3}>.*$", "quote"),
    _r(r"\*\*(?=\S)[^*]+?\*\*|__(?=\S)[^_]+?__", "strong"),
    _r(r"(?<![*\w])\*(?=[^\s*])[^*]*?\*(?![*\w])"
       r"|(?<![_\w])_(?=[^\s_])[^_]*?_(?![_\w])", "emphasis"),
    _r(r"~~[^~]+~~", "strike"),
    _r(r"!?\[[^\]\n]*\]\([^)\n]*\)|!?\[[^\]\n]*\]\[[^\]\n]*\]|<https?://[^>\s]+>", "link"),
    _r(r"^\s{0,3}\[[^\]]+\]:\s*\S.*$", "link"),
    _r(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>", "html"),
    _r(r"`[^`\n]+`", "code"),
    _r(r"\{\{.*?\}\}", "liquid"),
    _r(r"\{%-?.*?-?%\}", "liquid"),
    _r(r"^\s{0,3}\{:.*\}\s*$|\{:[^}]*\}", "ial"),
    _r(r"^\s{0,3}(?:[-*_]\s*){3,}$", "rule"),
    _r(r"^\s{0,3}#{1,6}(?:\s.*)?$", "heading"),
    _r(r"\bTK\b", "marker"),
)

#: Rules inside a YAML front matter.
YAML_RULES: tuple[Rule, ...] = (
    _r(r"^\s*(?:-\s+)?([^\s#:][^:#]*?)\s*:(?=\s|$)", "key", 1),
    _r(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'", "string"),
    _r(r"(?:^|\s)(#.*)$", "comment", 1),
)

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_FM_FENCE_RE = re.compile(r"^(?:---|\.\.\.)\s*$")

#: Style name -> (light colour, dark colour, bold, italic).
STYLES: dict[str, tuple[str, str, bool, bool]] = {
    "heading": ("#1d4f91", "#8fb8ff", True, False),
    "strong": ("", "", True, False),
    "emphasis": ("", "", False, True),
    "strike": ("#777777", "#999999", False, False),
    "link": ("#0b6b77", "#6fd0db", False, False),
    "code": ("#8a3b12", "#f0a875", False, False),
    "fence": ("#8a3b12", "#f0a875", False, False),
    "quote": ("#5a5a5a", "#a8a8a8", False, True),
    "list": ("#9a2f8f", "#e08ad8", True, False),
    "html": ("#7a5b00", "#d8b85a", False, False),
    "liquid": ("#6b3fa0", "#c2a0f0", False, False),
    "ial": ("#888888", "#8a8a8a", False, True),
    "rule": ("#888888", "#8a8a8a", True, False),
    "comment": ("#888888", "#8a8a8a", False, True),
    "front_matter": ("#666666", "#9a9a9a", False, False),
    "key": ("#1d4f91", "#8fb8ff", True, False),
    "string": ("#2e7d32", "#8fd694", False, False),
    "marker": ("#ffffff", "#000000", True, False),
}

Span = tuple[int, int, str]


def lex_line(text: str, state: int, first_block: bool = False,
             front_matter: bool = True) -> tuple[list[Span], int]:
    """Spans (start, length, style) for one line and the state the next line starts in."""
    if state == FRONT_MATTER:
        if _FM_FENCE_RE.match(text):
            return [(0, len(text), "front_matter")], NORMAL
        return _apply(YAML_RULES, text), FRONT_MATTER
    if first_block and front_matter and text.rstrip() == "---":
        return [(0, len(text), "front_matter")], FRONT_MATTER
    if state == FENCE:
        closed = _FENCE_RE.match(text) is not None
        return [(0, len(text), "fence")], NORMAL if closed else FENCE
    if state in (HTML_COMMENT, LIQUID_COMMENT):
        end_token = "-->" if state == HTML_COMMENT else "{% endcomment %}"
        end = text.find(end_token)
        if end < 0:
            return [(0, len(text), "comment")], state
        end += len(end_token)
        spans, next_state = lex_line(text[end:], NORMAL)
        return [(0, end, "comment")] + [(s + end, n, st) for s, n, st in spans], next_state
    if _FENCE_RE.match(text):
        return [(0, len(text), "fence")], FENCE
    spans = _apply(MARKDOWN_RULES, text)
    for token, end_token, next_state in (("<!--", "-->", HTML_COMMENT),
                                         ("{% comment %}", "{% endcomment %}", LIQUID_COMMENT)):
        start = text.find(token)
        if start >= 0 and text.find(end_token, start + len(token)) < 0:
            spans.append((start, len(text) - start, "comment"))
            return spans, next_state
    return spans, NORMAL


def _apply(rules: tuple[Rule, ...], text: str) -> list[Span]:
    spans: list[Span] = []
    for rule in rules:
        for m in rule.pattern.finditer(text):
            start, end = m.span(rule.group)
            if end > start:
                spans.append((start, end - start, rule.style))
    return spans


def _format(style: str, dark: bool) -> QTextCharFormat:
    light_colour, dark_colour, bold, italic = STYLES[style]
    fmt = QTextCharFormat()
    colour = dark_colour if dark else light_colour
    if colour:
        fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if style == "marker":
        fmt.setBackground(QColor("#c62828" if not dark else "#ff8a80"))
    if style == "strike":
        fmt.setFontStrikeOut(True)
    return fmt


#: Styles whose text is never spell checked.
_NOT_PROSE_STYLES = frozenset({"code", "fence", "front_matter", "comment", "html", "liquid", "ial"})
_INDENTED_CODE_RE = re.compile(r"^(?: {4}|\t)")
#: The dictionary (~0.3 s to load) waits this long after it is first needed.
_SPELLING_DELAY_MS = 1000
_SPELLING_COLOUR = ("#d32f2f", "#ff6e6e")


def spelling_spans(speller: Speller, text: str, state: int,
                   spans: list[Span]) -> list[tuple[int, int]]:
    """Misspelled (start, length) in a line lexed from ``state`` into ``spans`` (none inside
    code, front matter, comments, Liquid or HTML)."""
    if state != NORMAL or _INDENTED_CODE_RE.match(text):
        return []
    if any(style in ("fence", "front_matter") for _, _, style in spans):
        return []
    found = speller.misspelled_spans(text)
    skip = [(s, s + n) for s, n, style in spans if style in _NOT_PROSE_STYLES]
    if skip:
        found = [(s, n) for s, n in found if not any(a < s + n and s < b for a, b in skip)]
    return found


def _utf16(text: str, index: int) -> int:
    """A Python index in ``text`` as Qt's (UTF-16) position."""
    return index + sum(1 for c in text[:index] if ord(c) > 0xFFFF)


#: A document longer than this (characters) is highlighted a slice at a time.
PROGRESSIVE_CHARS = 200_000
_SLICE_SECONDS = 0.006
_SLICE_PAUSE_MS = 8
#: After the first slice (the top of the post: what the window shows) the rest waits this
#: long, leaving the start-up work (the preview's render process, QtWebEngine) the CPU.
_AFTER_FIRST_SLICE_MS = 1000


#: QSyntaxHighlighter's private slot for the blocks an edit touched (see its _reformat).
_REFORMAT = "_q_reformatBlocks(int,int,int)"


class MarkdownHighlighter(QSyntaxHighlighter):
    """Applies :func:`lex_line` to each block of a QTextDocument.

    A long document is highlighted progressively: from the top, a few milliseconds at a time
    between events, so that a 1 MB post (about a second of highlighting) never freezes the
    window. Blocks past the progress mark are left plain until their turn.

    With a :class:`~editor.core.spelling.Speller` (``set_speller``) misspelled prose gets a
    red wavy underline, a pass after the rules; the dictionary loads on a worker thread the
    first time it is needed and ``spelling_ready`` is emitted once it is in."""

    spelling_ready = Signal()

    def __init__(self, document: QTextDocument, dark: bool = False, yaml_only: bool = False,
                 front_matter: bool = False) -> None:
        super().__init__(document)
        self._yaml_only = yaml_only
        self._front_matter = front_matter
        self._formats: dict[str, QTextCharFormat] = {}
        self._frontier: int | None = None  # blocks numbered from here wait for their turn
        self._reformat_slot: bool | None = None  # see _reformat
        self._slices = QTimer(self)
        self._slices.setSingleShot(True)
        self._slices.timeout.connect(self._highlight_slice)
        self._speller: Speller | None = None
        self._spell_format = QTextCharFormat()
        self._spell_wait = QTimer(self)
        self._spell_wait.setInterval(50)
        self._spell_wait.timeout.connect(self._check_speller_loaded)
        self._spell_start = QTimer(self)
        self._spell_start.setSingleShot(True)
        self._spell_start.timeout.connect(self._load_speller_in_background)
        self.set_dark(dark)

    # -- spelling ------------------------------------------------------------------------

    @property
    def speller(self) -> Speller | None:
        """The speller in use (None: no spell checking)."""
        return self._speller

    def set_speller(self, speller: Speller | None) -> None:
        """Underline misspellings found by ``speller`` (None: stop checking)."""
        if speller is self._speller:
            return
        self._speller = speller
        self._spell_wait.stop()
        self._spell_start.stop()
        self.refresh()

    def refresh(self) -> None:
        """Highlight every block again (progressively for a long document)."""
        document = self.document()
        if document is not None and document.characterCount() > PROGRESSIVE_CHARS:
            self.highlight_progressively()
        else:
            self.stop_progressive()
            self.rehighlight()

    def _start_loading_speller(self) -> None:
        if self._spell_start.isActive() or self._spell_wait.isActive():
            return
        # Start-up (the window, the preview's render process) goes first.
        self._spell_start.start(_SPELLING_DELAY_MS)

    def _load_speller_in_background(self) -> None:
        speller = self._speller
        if speller is None:
            return
        threading.Thread(target=speller.load, name="dictionary", daemon=True).start()
        self._spell_wait.start()

    def _check_speller_loaded(self) -> None:
        if self._speller is None or self._speller.loaded:
            self._spell_wait.stop()
            if self._speller is not None:
                self.refresh()
                self.spelling_ready.emit()

    def misspellings(self, block: QTextBlock) -> list[tuple[int, int]]:
        """Misspelled (start, length) in ``block`` (Python indices into its text); none
        while the dictionary is loading."""
        if self._speller is None or self._yaml_only or not self._speller.loaded:
            return []
        text = block.text()
        previous = block.previous()
        state = max(previous.userState(), NORMAL) if previous.isValid() else NORMAL
        spans, _ = lex_line(text, state, block.blockNumber() == 0, self._front_matter)
        return spelling_spans(self._speller, text, state, spans)

    def _underline_misspellings(self, text: str, state: int, spans: list[Span]) -> None:
        speller = self._speller
        if speller is None or self._yaml_only:
            return
        if not speller.loaded:
            self._start_loading_speller()
            return
        found = spelling_spans(speller, text, state, spans)
        if not found:
            return
        wide = not text.isascii() and any(ord(c) > 0xFFFF for c in text)
        for start, length in found:
            if wide:
                start, end = _utf16(text, start), _utf16(text, start + length)
            else:
                end = start + length
            for i in range(start, end):
                fmt = self.format(i)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
                fmt.setUnderlineColor(self._spell_format.underlineColor())
                self.setFormat(i, 1, fmt)

    def highlight_progressively(self) -> None:
        """Highlight the document from the top a slice at a time, starting on the next
        event-loop turn. Call it before filling the document with a long text."""
        self._frontier = 0
        self._slices.start(0)

    def stop_progressive(self) -> None:
        """Back to highlighting every change at once (call before loading a short text)."""
        self._frontier = None
        self._slices.stop()

    def _highlight_slice(self) -> None:
        document = self.document()
        if document is None or self._frontier is None:
            self._frontier = None
            return
        block = document.findBlockByNumber(self._frontier)
        start = self._frontier
        deadline = perf_counter() + _SLICE_SECONDS
        while block.isValid():
            self._frontier = block.blockNumber() + 1
            self._reformat(block)
            block = block.next()
            if perf_counter() > deadline:
                break
        if block.isValid():
            # A pause as long as the slice: typing, painting and the preview keep at least
            # half of the time.
            self._slices.start(_AFTER_FIRST_SLICE_MS if start == 0 else _SLICE_PAUSE_MS)
        else:
            self._frontier = None

    def _reformat(self, block: QTextBlock) -> None:
        """Highlight ``block`` the way Qt does after an edit, not with ``rehighlightBlock``.

        ``rehighlightBlock`` moves a QTextCursor to the end of the block, and moving a cursor
        lays its block out (QTextCursorPrivate::blockLayout): every block highlighted that
        way kept its shaped text, ~19 kB for a paragraph, 60 MB of a 1 MB post's editor
        that is never on the screen. QSyntaxHighlighter's own handler for an edit
        (the ``_q_reformatBlocks`` slot it connects to ``contentsChange``) highlights the
        same block, and the blocks after it whose state changed, without a cursor.
        """
        if self._reformat_slot is None:  # Qt 5 and 6 have it; another Qt may not
            self._reformat_slot = self.metaObject().indexOfMethod(_REFORMAT) >= 0
        length = max(0, block.length() - 1)
        if not self._reformat_slot or not QMetaObject.invokeMethod(
                self, _REFORMAT.split("(")[0], Qt.ConnectionType.DirectConnection,
                Q_ARG(int, block.position()), Q_ARG(int, 0), Q_ARG(int, length)):
            self.rehighlightBlock(block)  # the old way

    def set_dark(self, dark: bool) -> None:
        """Switch colours for a dark or light background."""
        self._formats = {name: _format(name, dark) for name in STYLES}
        self._spell_format = QTextCharFormat()
        self._spell_format.setUnderlineColor(QColor(_SPELLING_COLOUR[1 if dark else 0]))
        self.refresh()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        """Style one block (Qt calls this for every changed line)."""
        if self._frontier is not None and self.currentBlock().blockNumber() >= self._frontier:
            # Not its turn yet: keep the state, so that Qt stops re-highlighting here.
            self.setCurrentBlockState(self.currentBlockState())
            return
        if self._yaml_only:
            spans, state = _apply(YAML_RULES, text), NORMAL
        else:
            previous = self.previousBlockState()
            first = self.currentBlock().blockNumber() == 0
            spans, state = lex_line(text, max(previous, NORMAL), first, self._front_matter)
        for start, length, style in spans:
            self.setFormat(start, length, self._formats[style])
        if self._speller is not None and not self._yaml_only:
            self._underline_misspellings(text, max(previous, NORMAL), spans)
        self.setCurrentBlockState(state)

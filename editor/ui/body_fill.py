"""A very long body goes into the editor just after the editor has painted once.

Laying out a 1 MB body in a QPlainTextEdit (and giving each of its lines to the highlighter)
takes ~40 ms. Done before the window is shown it holds back the whole first frame; so for a
body past ``LARGE_TEXT`` the window shows at once, complete (the form filled, the toolbar,
the status bar) with the editor saying the post is opening, and the text is put in on the
next event-loop turn after that frame.

Nothing typed meanwhile is lost: a key on the editor puts the text in first and then goes
to the editor as usual. An editor that is not on the screen (a window
not shown, or hidden) gets its text on the next turn; one on the screen that does not paint
(a minimised window) ``limit_ms`` later.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QPlainTextEdit

#: Events that must find the text in place: they edit it, move in it or select it. (A
#: click or a drop in that one turn meets an empty read-only editor, which ignores it.)
_EDITOR_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride,
                           QEvent.Type.InputMethod})


class PendingBody(QObject):
    """Holds ``text`` for ``editor`` until it has painted once (or input needs it), then
    calls ``fill(text)`` exactly once."""

    def __init__(self, editor: QPlainTextEdit, text: str, fill: Callable[[str], None],
                 limit_ms: int = 1000) -> None:
        super().__init__(editor)
        self.text = text
        self._fill: Callable[[str], None] | None = fill
        self._editor = editor
        self._limit_ms = limit_ms
        # The window's first paint paints the editor too. (Not the editor's viewport: the
        # first viewport() call makes PySide6 set up every QWidget class, ~14 ms.)
        self._window = editor.window()
        editor.installEventFilter(self)
        if self._window is not editor:
            self._window.installEventFilter(self)
        QTimer.singleShot(0, self, self._first_turn)

    def fill_now(self) -> None:
        """Put the text in now (no-op once done or cancelled)."""
        fill, self._fill = self._fill, None
        if fill is None:
            return
        self._release()
        fill(self.text)

    def cancel(self) -> None:
        """Forget the text (another post was opened first)."""
        self._fill = None
        self._release()

    def _release(self) -> None:
        self._editor.removeEventFilter(self)
        self._window.removeEventFilter(self)
        self.deleteLater()

    def _first_turn(self) -> None:
        if not self._editor.isVisible():
            self.fill_now()
        else:  # counted from here: the window may have taken long to build
            QTimer.singleShot(self._limit_ms, self, self.fill_now)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Fill on the first paint's next turn, or at once for input that needs the text."""
        if self._fill is None:
            return False
        kind = event.type()
        if watched is self._editor and kind in _EDITOR_INPUT:
            self.fill_now()
        elif watched is self._window and kind == QEvent.Type.Paint:
            # The next turn: after this frame has reached the screen.
            QTimer.singleShot(0, self, self.fill_now)
        return False

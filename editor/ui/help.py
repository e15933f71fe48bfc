"""The Help menu: keyboard shortcuts (read from the window's actions), a Markdown and
front-matter cheat sheet, and About (version and licences).

The dialogs live in :mod:`editor.ui.help_dialogs`, imported when one is first opened (or a
name of theirs is asked of this module), so that building the window does not load them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

if TYPE_CHECKING:
    from editor.ui.help_dialogs import AboutDialog, CheatSheet, ShortcutSheet


def __getattr__(name: str) -> Any:
    """The dialogs' names (``AboutDialog``, ``shortcut_rows``...), imported on first use."""
    if name.startswith("__"):
        # The import system asks every module for ``__path__`` (``from editor.ui.help import
        # app_icon`` does): that question must not load the dialogs.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import editor.ui.help_dialogs as dialogs_module

    try:
        return getattr(dialogs_module, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


# -- menu --------------------------------------------------------------------------------


def app_icon(scalable: bool = True) -> QIcon:
    """The application icon from package data (editor/resources/icons), every size; without
    ``scalable`` only the packaged PNGs, as the window's icon: X11 takes it as pixels, and
    adding the SVG made Qt load its SVG module and render it before the window (~6 ms)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "resources" / "icons"
    icon = QIcon()
    for png in sorted(folder.glob("dateline-*.png")):
        icon.addFile(str(png))
    svg = folder / "dateline.svg"
    if scalable and svg.is_file():
        icon.addFile(str(svg))
    return icon


class HelpMenu:
    """Fills a window's Help menu and keeps the dialogs it opens (one of each)."""

    def __init__(self, window: QMainWindow, menu: QMenu, about: QAction | None = None) -> None:
        self.window = window
        self.shortcuts_action = QAction("&Keyboard Shortcuts", window)
        self.shortcuts_action.setObjectName("help.shortcuts")
        self.shortcuts_action.setShortcuts(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.setStatusTip("Every keyboard shortcut of this window")
        self.cheat_action = QAction("&Markdown and Front Matter", window)
        self.cheat_action.setObjectName("help.cheat_sheet")
        self.cheat_action.setStatusTip("Markdown, Liquid and front-matter reminders")
        first = menu.actions()[0] if menu.actions() else None
        # The stub omits that `before` may be None (then the action is appended).
        menu.insertAction(first, self.shortcuts_action)  # type: ignore[arg-type]
        menu.insertAction(first, self.cheat_action)  # type: ignore[arg-type]
        if first is not None:
            menu.insertSeparator(first)
        if about is None:
            # No About action of the window's own: add ours. When the window passes its
            # action, the window connects it (to show_about) in its _connect_signals.
            about = QAction("&About Dateline", window)
            about.setObjectName("help.about")
            menu.addSeparator()
            menu.addAction(about)
            about.triggered.connect(self.show_about)
        self.about_action = about
        window.addAction(self.shortcuts_action)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.cheat_action.triggered.connect(self.show_cheat_sheet)
        self.dialogs: dict[str, QDialog] = {}

    def _show(self, key: str, dialog: QDialog) -> QDialog:
        old = self.dialogs.pop(key, None)
        if old is not None:
            old.close()
            old.deleteLater()
        self.dialogs[key] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def show_shortcuts(self) -> ShortcutSheet:
        """The shortcut sheet, built now from the window's actions."""
        from editor.ui.help_dialogs import ShortcutSheet, shortcut_rows

        sheet = ShortcutSheet(shortcut_rows(self.window), self.window)
        return self._show("shortcuts", sheet)  # type: ignore[return-value]

    def show_cheat_sheet(self) -> CheatSheet:
        """The Markdown and front-matter cheat sheet."""
        from editor.ui.help_dialogs import CheatSheet

        form = getattr(self.window, "form", None)  # the site's own fields too
        sheet = CheatSheet(self.window, form.schema if form is not None else None)
        return self._show("cheat", sheet)  # type: ignore[return-value]

    def show_about(self) -> AboutDialog:
        """The About dialog."""
        from editor import __version__
        from editor.ui.help_dialogs import AboutDialog

        dialog = AboutDialog(__version__, app_icon(), self.window)
        return self._show("about", dialog)  # type: ignore[return-value]

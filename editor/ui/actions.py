"""The action registry: every menu command under a stable id, with its standard shortcut."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """How one action looks: its id, text and shortcut (a StandardKey or a portable string)."""

    id: str
    text: str
    shortcut: QKeySequence.StandardKey | str | None = None
    tip: str = ""
    checkable: bool = False
    #: Used when the platform has no binding for the StandardKey (Linux has none for Quit).
    fallback: str = ""


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("file.new", "&New", SK.New, "Start a new post"),
    ActionSpec("file.open", "&Open…", SK.Open, "Open a post"),
    ActionSpec("file.save", "&Save", SK.Save, "Save the post"),
    ActionSpec("file.save_as", "Save &As…", SK.SaveAs, "Save the post under a new name"),
    ActionSpec("file.revert", "&Revert", None, "Drop unsaved changes and reload the file"),
    ActionSpec("file.clear_recent", "Clear Recent Files", None),
    ActionSpec("file.quit", "&Quit", SK.Quit, fallback="Ctrl+Q"),
    ActionSpec("edit.undo", "&Undo", SK.Undo),
    ActionSpec("edit.redo", "&Redo", SK.Redo),
    ActionSpec("edit.cut", "Cu&t", SK.Cut),
    ActionSpec("edit.copy", "&Copy", SK.Copy),
    ActionSpec("edit.paste", "&Paste", SK.Paste),
    ActionSpec("edit.select_all", "Select &All", SK.SelectAll),
    ActionSpec("edit.find", "&Find…", SK.Find),
    # StandardKey.Replace is empty on Linux (GNOME and KDE); Ctrl+H is what editors there use.
    ActionSpec("edit.replace", "Find and &Replace…", SK.Replace, fallback="Ctrl+H"),
    ActionSpec("edit.find_next", "Find &Next", SK.FindNext),
    ActionSpec("edit.find_previous", "Find Pre&vious", SK.FindPrevious),
    ActionSpec("edit.preferences", "&Preferences…", SK.Preferences, fallback="Ctrl+,"),
    ActionSpec("format.bold", "&Bold", SK.Bold),
    ActionSpec("format.italic", "&Italic", SK.Italic),
    ActionSpec("format.link", "&Link", "Ctrl+K"),
    ActionSpec("format.heading", "&Heading", "Ctrl+Shift+H"),
    ActionSpec("format.quote", "&Quote", "Ctrl+Shift+."),
    ActionSpec("format.list", "Bulleted &List", "Ctrl+Shift+8"),
    ActionSpec("format.code", "&Code", "Ctrl+Shift+C"),
    ActionSpec("view.preview", "Show &Preview", None, checkable=True),
    ActionSpec("view.form", "Show &Front Matter", None, checkable=True),
    ActionSpec("view.remote_images", "Load &Remote Images", None, checkable=True),
    ActionSpec("view.site_look", "Preview in the &Site's Look", None,
               "Show the post in the site's own layouts and stylesheets (off: the reading view)",
               checkable=True),
    ActionSpec("view.focus", "&Focus Mode", "Ctrl+Shift+F",
               "Only the text: hide the form and preview, dim all but the current paragraph",
               checkable=True),
    ActionSpec("view.fullscreen", "F&ull Screen", SK.FullScreen, checkable=True,
               fallback="F11"),
    ActionSpec("insert.image", "Insert &Image…", "Ctrl+Shift+I",
               "Add a picture to the site and put it in the text"),
    ActionSpec("help.about", "&About Dateline", None),
)


class ActionRegistry:
    """Creates the QActions once, parented to the window; look them up by id."""

    def __init__(self, parent: QWidget) -> None:
        self._actions: dict[str, QAction] = {}
        #: Called with the id of each action registered later (the toolbar adds its own).
        self.added: list[Callable[[str], object]] = []
        for spec in SPECS:
            action = QAction(spec.text, parent)
            action.setObjectName(spec.id)
            if isinstance(spec.shortcut, QKeySequence.StandardKey):
                action.setShortcuts(spec.shortcut)
                if not action.shortcuts() and spec.fallback:
                    action.setShortcut(QKeySequence(spec.fallback))
            elif spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            if spec.tip:
                action.setStatusTip(spec.tip)
            action.setCheckable(spec.checkable)
            parent.addAction(action)
            self._actions[spec.id] = action

    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def ids(self) -> list[str]:
        """Every registered id."""
        return list(self._actions)

    def add(self, action_id: str, action: QAction) -> None:
        """Register an action made elsewhere (panels added later)."""
        action.setObjectName(action_id)
        self._actions[action_id] = action
        for callback in list(self.added):
            callback(action_id)

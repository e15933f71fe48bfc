"""The slim toolbar and the writing-view commands it carries: the site/reading preview
toggle (remembered), focus mode, full screen and inserting an image.

Built from the action registry (``ui/actions.py``); commands other parts of the app
register later (publish, get latest, send) join it when they exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar

if TYPE_CHECKING:
    from editor.ui.focus import FocusMode
    from editor.ui.main_window import MainWindow

#: The settings key of the preview's view: "site" (default) or "reading".
VIEW_KEY = "preview/view"
#: Toolbar entries: an action id, a list of ids of which the first registered is used
#: (commands other parts add under their own names), or None for a gap.
TOOLBAR: tuple[str | tuple[str, ...] | None, ...] = (
    "file.new", "file.save", ("file.publish", "edit.publish", "site.publish", "publish.publish"),
    None, "insert.image", "format.link", None,
    ("git.get_latest", "site.get_latest", "file.get_latest"),
    ("git.send", "site.send", "file.send"),
    None, "view.site_look", "view.preview", "view.focus",
)
#: Short labels for the toolbar (the menus keep their longer names).
LABELS = {"file.new": "New draft", "file.save": "Save", "file.publish": "Publish",
          "insert.image": "Image",
          "format.link": "Link", "view.site_look": "Site view", "view.preview": "Preview",
          "view.focus": "Focus"}


class WritingToolbar(QToolBar):
    """A slim text toolbar: the commands a writer uses every time."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__("Toolbar", window)
        self.setObjectName("writing_toolbar")
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setIconSize(QSize(16, 16))
        self._window = window
        self.focus_mode: FocusMode | None = None
        self.refresh()
        wanted = {i for entry in TOOLBAR if entry is not None
                  for i in ((entry,) if isinstance(entry, str) else entry)}
        # Commands other parts register after the window is up (the desk's Publish, the
        # shared repository's Get latest and Send) join the toolbar then.
        window.actions.added.append(
            lambda action_id: self.refresh() if action_id in wanted else None)

    def refresh(self) -> None:
        """(Re)build from the registry: commands registered since then join."""
        self.clear()
        ids = set(self._window.actions.ids())
        gap = False
        for entry in TOOLBAR:
            if entry is None:
                gap = True
                continue
            choices = (entry,) if isinstance(entry, str) else entry
            found = next((c for c in choices if c in ids), None)
            if found is None:
                continue
            if gap and self.actions():
                self.addSeparator()
            gap = False
            action = self._window.actions[found]
            label = LABELS.get(found)
            if label:  # the toolbar shows the icon text; menus keep the full text
                action.setIconText(label)
            self.addAction(action)
            widget = self.widgetForAction(action)
            if widget is not None:
                widget.setToolTip(_plain(action))


def _plain(action: QAction) -> str:
    """An action's menu text without its mnemonic, with its shortcut."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    keys = action.shortcut().toString(action.shortcut().SequenceFormat.NativeText)
    return f"{text} ({keys})" if keys else text


def install(window: MainWindow) -> WritingToolbar:
    """Add the toolbar and wire the site view, focus, full screen and image commands."""
    from editor.ui.focus import FocusMode

    a = window.actions
    view = window.settings.value(VIEW_KEY, "site")
    window.scheduler.view = "reading" if view == "reading" else "site"
    a["view.site_look"].setChecked(window.scheduler.view == "site")
    a["view.site_look"].toggled.connect(lambda on: _set_view(window, on))
    focus = FocusMode(window)
    a["view.focus"].toggled.connect(focus.set_active)
    a["view.fullscreen"].toggled.connect(lambda on: _full_screen(window, on))
    a["insert.image"].triggered.connect(lambda: _insert_image(window))
    window.view_menu.addSeparator()
    for action_id in ("view.site_look", "view.focus", "view.fullscreen"):
        window.view_menu.addAction(a[action_id])
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if isinstance(menu, QMenu) and entry.text().replace("&", "") == "Format":
            menu.addSeparator()
            menu.addAction(a["insert.image"])
    from PySide6.QtGui import QGuiApplication

    from editor.ui.theme import apply_house_style

    apply_house_style()
    window.settings.preferences_changed.connect(lambda _prefs: apply_house_style())
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: apply_house_style())
    _remember_folding(window)
    toolbar = WritingToolbar(window)
    toolbar.focus_mode = focus
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar


#: The settings key of the form's folded sections (comma-separated groups).
FOLDED_KEY = "form/folded"


def _remember_folding(window: MainWindow) -> None:
    """The form's sections open as the writer left them (Advanced folded at first)."""
    stored = window.settings.value(FOLDED_KEY, "\0")
    if stored != "\0":
        window.form.set_folded([g for g in stored.split(",") if g])
    window.form.folding_changed.connect(
        lambda groups: window.settings.set_value(FOLDED_KEY, ",".join(groups)))


def _set_view(window: MainWindow, site: bool) -> None:
    view = "site" if site else "reading"
    if window.scheduler.view != view:
        window.scheduler.view = view
        window.settings.set_value(VIEW_KEY, view)
        window.refresh_preview()


def _full_screen(window: MainWindow, on: bool) -> None:
    if on:
        window.showFullScreen()
    else:
        window.showNormal()


def _insert_image(window: MainWindow) -> None:
    """Ask for a picture, add it to the site (GPS question as for a drop), put it in."""
    from editor.ui import dialogs

    root = window.document.site.root
    start = root / "assets" / "images" if root else None
    chosen = dialogs.open_image_path(window, start)
    if chosen is not None:
        window.editor.image_insert_requested.emit(Path(chosen))

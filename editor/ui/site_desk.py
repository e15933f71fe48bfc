"""The site desk's panels in the writing window: the site panel (a tab beside the form),
the checklist (under it) and their menu commands. The logic is
:class:`editor.services.site_desk.SiteDeskController`; this module is its :class:`DeskHost`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from editor.core.checks import Finding
from editor.services.site_desk import SiteDeskController, Worker, run_in_thread
from editor.services.site_indexer import SiteIndexer
from editor.ui import dialogs
from editor.ui.checklist import ChecklistPanel
from editor.ui.main_window import MainWindow
from editor.ui.site_panel import SitePanel

#: How long status-bar messages from the desk stay (ms).
STATUS_MS = 10_000


def _titled(widget: QWidget, title: str) -> QWidget:
    """``widget`` under a small bold heading (a pane of the left column)."""
    box = QWidget()
    box.setObjectName(f"{widget.objectName()}_box")
    heading = QLabel(f"<b>{title}</b>")
    heading.setContentsMargins(6, 4, 0, 0)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(heading)
    layout.addWidget(widget, 1)
    return box


class SiteDeskPanels(QObject):
    """Adds the site panel, the checklist and the desk's commands to ``window`` and
    implements :class:`~editor.services.site_desk.DeskHost` over them."""

    def __init__(self, window: MainWindow, indexer: SiteIndexer) -> None:
        super().__init__(window)
        self.window = window
        self.site_panel = SitePanel()
        self.site_panel.setObjectName("site_panel")
        self.checklist = ChecklistPanel()
        self.checklist.setObjectName("checklist_panel")
        self._site_tab = window.add_side_panel(self.site_panel, "Site")
        window.side_tabs.setTabVisible(self._site_tab, False)
        window.add_side_panel(_titled(self.checklist, "Checklist"), "Checklist", below=True)
        self.find_action = QAction("Open from &Site…", window)
        self.find_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.find_action.setStatusTip("Find a post or draft of the site by title, author, tag…")
        window.actions.add("view.site", self.find_action)
        window.file_menu.insertAction(window.actions["file.save"], self.find_action)
        window.file_menu.insertSeparator(window.actions["file.save"])
        self.export_action = QAction("Export &Ready-to-Publish…", window)
        self.export_action.setStatusTip("Check the post and write it into a Jekyll site's _posts")
        self.bundle_action = QAction("Export &Bundle…", window)
        self.bundle_action.setStatusTip("Write a zip of the post and its images for the desk")
        self.publish_action = QAction("&Publish Draft…", window)
        self.publish_action.setStatusTip("Check the open draft and move it into the site's "
                                         "_posts (asks first)")
        window.add_file_action("file.publish", self.publish_action)
        window.add_file_action("file.export_post", self.export_action)
        window.add_file_action("file.export_bundle", self.bundle_action)
        self.site_panel.attach(indexer)
        self.checklist.line_activated.connect(window.go_to_line)
        self.checklist.line_namer = window.describe_line
        self.checklist.is_pristine = window.is_pristine

    def connect_controller(self, desk: SiteDeskController) -> None:
        """Send the panels' requests and the window's commands to ``desk``."""
        self.site_panel.open_requested.connect(desk.open_from_site)
        self.site_panel.new_post_requested.connect(desk.new_post)
        self.site_panel.publish_requested.connect(desk.publish_draft)
        self.publish_action.triggered.connect(desk.publish_current)
        self.export_action.triggered.connect(desk.export_post)
        self.bundle_action.triggered.connect(desk.export_bundle)
        self.find_action.triggered.connect(desk.show_site_panel)
        self.window.closing.connect(desk.shutdown)

    # -- DeskHost: panels and form ---------------------------------------------------------

    def show_site(self, name: str | None, bring_forward: bool) -> None:
        """Show the site tab titled ``name`` (in front if asked); None: hide it, no site."""
        if name is None:
            self.site_panel.set_busy(False)
            self.site_panel.set_entries([])
            self.site_panel.set_site_name("No site open")
            self.window.side_tabs.setTabVisible(self._site_tab, False)
            return
        self.site_panel.set_site_name(name)
        self.window.side_tabs.setTabVisible(self._site_tab, True)
        if bring_forward:
            self.window.side_tabs.setCurrentWidget(self.site_panel)

    def site_in_front(self) -> bool:
        """Whether the site tab is the one in front."""
        return self.window.side_tabs.currentWidget() is self.site_panel

    def set_site_busy(self, busy: bool) -> None:
        """Show or hide the site panel's indexing indicator."""
        self.site_panel.set_busy(busy)

    def select_post(self, path: Path) -> None:
        """Select the post at ``path`` in the site panel."""
        self.site_panel.select_path(path)

    def show_site_panel(self) -> None:
        """Bring the site panel forward with the cursor in its filter."""
        self.window.actions["view.form"].setChecked(True)
        self.window.side_tabs.setCurrentWidget(self.site_panel)
        self.site_panel.filter_edit.setFocus()
        self.site_panel.filter_edit.selectAll()

    def show_findings(self, findings: list[Finding]) -> None:
        """Show check results in the checklist."""
        self.checklist.set_findings(findings)

    def set_suggestions(self, authors: list[str], categories: list[str], tags: list[str],
                        layouts: list[str]) -> None:
        """Offer these values in the form's fields."""
        self.window.form.set_suggestions(authors, categories, tags, layouts)

    def set_defaults(self, defaults: dict[str, Any]) -> None:
        """Show the values the site's ``defaults`` give the post as placeholders."""
        self.window.form.set_defaults(defaults)

    def show_status(self, text: str) -> None:
        """A short message in the status bar."""
        self.window.statusBar().showMessage(text, STATUS_MS)

    def focus_editor(self) -> None:
        """Put the keyboard focus in the Markdown editor."""
        self.window.editor.setFocus()

    # -- DeskHost: the window's file commands ------------------------------------------------

    def maybe_save(self) -> bool:
        """True when the window's post may be replaced (saved, discarded, or unchanged)."""
        return self.window.maybe_save()

    def save(self) -> bool:
        """Save the window's post; True when saved."""
        return self.window.save()

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open ``path`` in the window (``ask``: offer to save changes first)."""
        return self.window.open_path(path, ask=ask)

    # -- DeskHost: questions ---------------------------------------------------------------

    def inform(self, title: str, text: str) -> None:
        """A message the writer acknowledges."""
        dialogs.show_info(self.window, title, text)

    def warn(self, title: str, text: str) -> None:
        """An error message the writer acknowledges."""
        dialogs.show_error(self.window, title, text)

    def confirm(self, title: str, text: str) -> bool:
        """A yes/no question."""
        return dialogs.confirm(self.window, title, text)

    def ask_text(self, title: str, label: str) -> str | None:
        """One line of text (None: cancelled)."""
        return dialogs.ask_text(self.window, title, label)

    def choose_folder(self, title: str, start: Path | None) -> Path | None:
        """A folder (None: cancelled)."""
        return dialogs.choose_folder(self.window, title, start)

    def bundle_path(self, proposed: Path) -> Path | None:
        """Where to write a zip bundle (None: cancelled)."""
        return dialogs.save_bundle_path(self.window, proposed)

    def ask_publish_blocked(self, title: str, text: str, details: str, anyway: str,
                            anyway_label: str = "Publish anyway") -> str:
        """Errors block publishing (or an export): "fix", "publish_anyway" or "cancel"."""
        return dialogs.ask_publish_blocked(self.window, title, text, details, anyway,
                                           anyway_label).value

    def confirm_publish(self, title: str, text: str, details: str) -> bool:
        """Publish (True) or not."""
        return dialogs.confirm_publish(self.window, title, text, details)

    def go_to_line(self, line: int) -> None:
        """Show file line ``line`` of the open post."""
        self.window.go_to_line(line)

    def new_draft(self) -> bool:
        """File ▸ New: a new draft of the site, title field in focus."""
        return self.window.new_post()


def add_site_desk(window: MainWindow, indexer: SiteIndexer | None = None,
                  worker: Worker = run_in_thread) -> SiteDeskController:
    """Give ``window`` the site desk: the panels here, the logic in services."""
    indexer = indexer or SiteIndexer(parent=window)
    panels = SiteDeskPanels(window, indexer)
    desk = SiteDeskController(window.document, window.settings, panels, indexer, worker,
                              parent=window)
    panels.connect_controller(desk)
    window.desk = desk
    return desk

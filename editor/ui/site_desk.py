"""The site desk: the site panel, the live checklist, site suggestions for the form, new
posts, publishing drafts and export, wired to the writing window."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from editor.core import checks
from editor.core.site import PostEntry, SiteIndex
from editor.services.site_indexer import SiteIndexer
from editor.ui import dialogs
from editor.ui.checklist import ChecklistPanel
from editor.ui.site_panel import SitePanel

if TYPE_CHECKING:
    from editor.core.publish import PublishError
    from editor.ui.main_window import MainWindow

#: The pause after an edit before the checks run again on the text in the window (ms).
CHECK_DELAY_MS = 300
#: Which tab of the left column was in front when the window closed ("form" or "site").
SIDE_TAB_KEY = "state/side_tab"


def _describe(exc: PublishError) -> str:
    """A refusal in plain words, with the check results that caused it."""
    text = str(exc)
    text = text[:1].upper() + text[1:]
    errors = [f for f in exc.findings if f.severity == checks.ERROR]
    if errors:
        lines = [f"• {f.message}" + (f" (line {f.line})" if f.line else "") for f in errors]
        text += "\n\nFix these first (the checklist shows them):\n" + "\n".join(lines)
    return text


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


#: Posts at least this long are checked on a worker thread.
LARGE_POST_CHARS = 100_000


class SiteDesk(QObject):
    """Adds the site panel (a tab beside the form, shown while a site is open) and the
    checklist (under it) to ``window``, and runs the site's work: the index (through
    ``indexer``, off the UI thread), the checks, new posts, publishing and export.

    Signal ``checked(list[Finding])`` after each check run.
    """

    checked = Signal(object)
    _checked_in_background = Signal(object, int)  # findings, the run they belong to

    def __init__(self, window: MainWindow, indexer: SiteIndexer) -> None:
        super().__init__(window)
        self.window = window
        self.indexer = indexer
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
        self.site_panel.attach(indexer)
        self._indexed: SiteIndex | None = None  # the index once its first refresh ended
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self.export_action = QAction("Export &Ready-to-Publish…", window)
        self.export_action.setStatusTip("Check the post and write it into a Jekyll site's _posts")
        self.bundle_action = QAction("Export &Bundle…", window)
        self.bundle_action.setStatusTip("Write a zip of the post and its images for the desk")
        window.add_file_action("file.export_post", self.export_action)
        window.add_file_action("file.export_bundle", self.bundle_action)
        self._connect_signals()
        self.sync_site()
        self.run_checks()

    def _connect_signals(self) -> None:
        d = self.window.document
        d.loaded.connect(self._on_document_loaded)
        d.path_changed.connect(lambda _path: self.sync_site())
        d.text_changed.connect(self._check_timer.start)
        d.saved.connect(self._on_document_saved)
        self.window.settings.preferences_changed.connect(lambda _prefs: self.sync_site())
        self.window.closing.connect(self.shutdown)
        self.indexer.indexed.connect(self._on_indexer_indexed)
        self.indexer.failed.connect(self._on_indexer_failed)
        self.site_panel.open_requested.connect(self._on_site_panel_open_requested)
        self.site_panel.new_post_requested.connect(self.new_post)
        self.site_panel.publish_requested.connect(self.publish_draft)
        self.checklist.line_activated.connect(self.window.go_to_line)
        self._check_timer.timeout.connect(self._on_check_timer_timeout)
        self._check_run = 0
        self._checked_in_background.connect(self._on_checked_in_background)
        self.export_action.triggered.connect(self.export_post)
        self.bundle_action.triggered.connect(self.export_bundle)
        self.find_action.triggered.connect(self.show_site_panel)

    # -- the site ----------------------------------------------------------------------

    def site_root(self) -> Path | None:
        """The open site: the post's, else the preferences' site folder."""
        root = self.window.document.site.root
        if root is None:
            folder = self.window.settings.preferences.site_folder
            if folder and (Path(folder) / "_config.yml").is_file():
                root = Path(folder)
        return root.resolve() if root is not None else None

    def index(self) -> SiteIndex | None:
        """The index of the open post's site (None while there is none)."""
        index = self.indexer.index
        root = self.window.document.site.root
        if index is None or root is None or index.root != root.resolve():
            return None
        # Until its first refresh ends the index is empty: every post_url would look broken.
        return index if index is self._indexed else None

    def show_site_panel(self) -> None:
        """Bring the site's posts forward with the cursor in the filter."""
        if self.site_root() is None:
            dialogs.show_info(self.window, "No site open", "Open a post of your site, or "
                              "choose the site folder in Preferences, first.")
            return
        self.window.actions["view.form"].setChecked(True)
        self.window.side_tabs.setCurrentWidget(self.site_panel)
        self.site_panel.filter_edit.setFocus()
        self.site_panel.filter_edit.selectAll()

    def sync_site(self) -> None:
        """Index the open site (the post's, else the preferences' folder); none: hide the tab."""
        root = self.site_root()
        current = self.indexer.index.root if self.indexer.index is not None else None
        if root == current:
            return
        if root is None:
            self.indexer.close_site()
            self.site_panel.set_busy(False)
            self.site_panel.set_entries([])
            self.site_panel.set_site_name("No site open")
            self.window.side_tabs.setTabVisible(self._site_tab, False)
            return
        self.site_panel.set_site_name(root.name)
        self.window.side_tabs.setTabVisible(self._site_tab, True)
        if self.window.settings.value(SIDE_TAB_KEY) == "site":  # as the writer left it
            self.window.side_tabs.setCurrentWidget(self.site_panel)
        self.indexer.open_site(root)

    def _on_document_loaded(self, _post: object) -> None:
        self.sync_site()
        self._apply_index()
        self._check_timer.stop()
        self.run_checks()

    def _on_document_saved(self, path: Path) -> None:
        self.indexer.note_saved(path)
        self._check_timer.start()

    def _on_indexer_indexed(self, _entries: list[PostEntry]) -> None:
        self._indexed = self.indexer.index
        self._apply_index()
        self._check_timer.start()

    def _on_indexer_failed(self, text: str) -> None:
        self.site_panel.set_busy(False)
        self.window.statusBar().showMessage(text[:1].upper() + text[1:], 10_000)

    def _apply_index(self) -> None:
        """Suggestions and inherited defaults from the index; the open post selected."""
        index = self.index()
        path = self.window.document.path
        if path is not None:
            self.site_panel.select_path(path.resolve())
        if index is None:
            return
        form = self.window.form
        default_author = self.window.settings.preferences.default_author
        authors = index.authors() + ([default_author] if default_author else [])
        form.set_suggestions(sorted(set(authors), key=str.casefold), index.categories(),
                             index.tags(), index.layouts())
        if self.window.document.post.problem is None:
            target = path if path is not None else "_drafts/untitled.md"
            form.set_defaults(index.defaults_for(target))

    def _on_site_panel_open_requested(self, path: Path) -> None:
        current = self.window.document.path
        if current is not None and current.resolve() == Path(path).resolve():
            self.window.editor.setFocus()
            return
        self.window.open_path(path)

    # -- checks ------------------------------------------------------------------------

    def _on_check_timer_timeout(self) -> None:
        """Check small posts right away; a long post on a worker thread, so typing never waits.

        (At 1 MB the body scans take 0.1-0.2 s of Python: too long for the UI thread.)
        """
        d = self.window.document
        if len(d.post.body) < LARGE_POST_CHARS:
            self.run_checks()
            return
        self._check_run += 1
        args = (d.post.to_bytes(), d.path, d.site, self.index(), self._check_run)
        threading.Thread(target=self._check_in_background, args=args, daemon=True).start()

    def _check_in_background(self, data: bytes, path: Path | None, site: object,
                             index: SiteIndex | None, run: int) -> None:
        from editor.core.post import read_post

        try:
            post = read_post(data)
            post.path = path
            findings = checks.check_post(post, path, site=site, index=index)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - the next run will try again; typing goes on
            return
        self._checked_in_background.emit(findings, run)

    def _on_checked_in_background(self, findings: list[checks.Finding], run: int) -> None:
        if run == self._check_run:  # older runs were overtaken by newer edits
            self.checklist.set_findings(findings)
            self.checked.emit(findings)

    def run_checks(self) -> list[checks.Finding]:
        """Check the post as it is in the window now (with the site index when there is one)."""
        self._check_timer.stop()
        self._check_run += 1  # a background run still going is now out of date
        d = self.window.document
        try:
            findings = checks.check_post(d.post, d.path, site=d.site, index=self.index())
        except Exception as exc:  # noqa: BLE001 - a checker bug must not interrupt typing
            self.window.statusBar().showMessage(f"The checks could not run: {exc}", 10_000)
            return []
        self.checklist.set_findings(findings)
        self.checked.emit(findings)
        return findings

    # -- new post and publishing ---------------------------------------------------------

    def new_post(self) -> Path | None:
        """Ask for a headline, create a draft in the site's ``_drafts`` and open it."""
        from editor.core.publish import PublishError, new_post

        root = self.site_root()
        if root is None:
            dialogs.show_info(self.window, "New post", "Open a post of your site, or choose the "
                              "site folder in Preferences, first.")
            return None
        title = dialogs.ask_text(self.window, "New post", "Headline of the new draft:")
        if title is None or not title.strip() or not self.window.maybe_save():
            return None
        try:
            path = new_post(root, title, draft=True)
        except PublishError as exc:
            dialogs.show_error(self.window, "No new post", _describe(exc))
            return None
        self.indexer.note_saved(path)
        return path if self.window.open_path(path, ask=False) else None

    def _saved_first(self, doing: str) -> bool:
        """The window's post has no unsaved changes (the writer saved them when asked)."""
        d = self.window.document
        if not d.is_modified and d.path is not None:
            return True
        if not dialogs.confirm(self.window, doing, f"Save “{d.display_name()}” first? "
                               f"{doing} uses the saved file."):
            return False
        return self.window.save()

    def publish_draft(self, draft: Path) -> Path | None:
        """Move ``draft`` into ``_posts`` dated now (warnings shown), then open it."""
        from editor.core.publish import PublishError, publish_draft

        d = self.window.document
        if d.is_modified and not self._saved_first("Publishing"):
            return None
        try:
            result = publish_draft(draft, self.site_root())
        except PublishError as exc:
            dialogs.show_error(self.window, "Not published", _describe(exc))
            return None
        self.indexer.note_saved(result.path)
        self.window.open_path(result.path, ask=False)
        if result.warnings:
            dialogs.show_info(self.window, "Published, with a warning",
                              f"{draft.name} is now {result.path.name}.\n\n"
                              + "\n".join(f"• {w[:1].upper()}{w[1:]}" for w in result.warnings))
        else:
            self.window.statusBar().showMessage(f"Published as {result.path.name}", 6000)
        return result.path

    # -- export --------------------------------------------------------------------------

    def export_post(self) -> Path | None:
        """File ▸ Export ready-to-publish: check the post and write it into a chosen site."""
        from editor.core.publish import PublishError, export_post

        if not self._saved_first("Export"):
            return None
        src = self.window.document.path
        assert src is not None
        last = self.window.settings.value("state/export_folder")
        folder = dialogs.choose_folder(self.window, "Export into which site folder?",
                                       Path(last) if last else None)
        if folder is None:
            return None
        try:
            result = export_post(src, folder)
        except PublishError as exc:
            dialogs.show_error(self.window, "Not exported", _describe(exc))
            return None
        self.window.settings.set_value("state/export_folder", str(folder))
        text = f"The post is ready to publish at\n{result.path}"
        if result.images:
            text += f"\n\n{len(result.images)} image(s) copied into the site."
        if result.warnings:
            text += "\n\nWarnings:\n" + "\n".join(f"• {w}" for w in result.warnings)
        dialogs.show_info(self.window, "Exported", text)
        return result.path

    def export_bundle(self) -> Path | None:
        """File ▸ Export bundle: a zip of the post and its images for the desk."""
        from editor.core.publish import PublishError, export_bundle

        if not self._saved_first("Export"):
            return None
        src = self.window.document.path
        assert src is not None
        out = dialogs.save_bundle_path(self.window, src.parent / f"{src.stem}.zip")
        if out is None:
            return None
        try:
            result = export_bundle(src, out)
        except PublishError as exc:
            dialogs.show_error(self.window, "Bundle not written", _describe(exc))
            return None
        dialogs.show_info(self.window, "Bundle written",
                          f"The post and {len(result.images)} image(s) are in\n{result.path}")
        return result.path

    def shutdown(self) -> None:
        """Stop indexing (the window is closing); remember which left tab was in front."""
        front = self.window.side_tabs.currentWidget() is self.site_panel
        self.window.settings.set_value(SIDE_TAB_KEY, "site" if front else "form")
        self._check_timer.stop()
        self.indexer.close_site()
        self.indexer.wait(5)

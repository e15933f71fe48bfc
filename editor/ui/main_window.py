"""The writing window: front-matter form, Markdown editor and live preview side by side."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.core.files import ChangedOnDiskError
from editor.core.post import Post, PostError
from editor.services.document import DocumentController, DocumentError, import_image, suggested_path
from editor.services.preview import PreviewScheduler
from editor.services.settings import Preferences, SettingsStore
from editor.ui import dialogs
from editor.ui.actions import ActionRegistry
from editor.ui.form import FrontMatterForm
from editor.ui.form_values import key_at_line
from editor.ui.help import HelpMenu
from editor.ui.markdown_editor import MarkdownEditor, reading_minutes, word_count
from editor.ui.preview_pane import PlaceholderPane, PreviewPane

if TYPE_CHECKING:
    from editor.services.preview_render import RenderResult
    from editor.services.site_desk import SiteDeskController
    from editor.ui.find_bar import FindBar

DEFAULT_SIZE = (1440, 880)
DEFAULT_SPLIT = [420, 520, 500]
DEFAULT_LEFT_SPLIT = [660, 160]


class MainWindow(QMainWindow):
    """Wires the form, editor and preview to the document controller and the preview
    scheduler. File work goes through the controller; questions through ``dialogs``."""

    preview_ready = Signal(object)  # PreviewPane, once the real backend replaced the placeholder
    closing = Signal()  # the writer closed the window (after any unsaved changes were settled)

    # Shadows QWidget.actions() (kept: callers use the name).
    actions: ActionRegistry  # type: ignore[assignment]

    def __init__(self, document: DocumentController, scheduler: PreviewScheduler,
                 settings: SettingsStore,
                 preview_factory: Callable[[QWidget], PreviewPane]) -> None:
        super().__init__()
        self.document = document
        self.scheduler = scheduler
        self.settings = settings
        self._preview_factory = preview_factory
        self._last_result: RenderResult | None = None
        self._suppress_body_sync = False
        self.desk: SiteDeskController | None = None  # the site desk (editor.ui.site_desk adds it)
        self.setObjectName("dateline_main_window")
        self.setAcceptDrops(True)
        self.actions = ActionRegistry(self)
        self._build_widgets()
        self._build_menus()
        self._connect_signals()
        self.apply_preferences(settings.preferences)
        self._restore_state()

    # -- construction ---------------------------------------------------------------

    def _build_widgets(self) -> None:
        # Containers first, each put in its place before what goes into it is made: a
        # widget given a parent makes Qt walk its whole subtree (fonts, palette, style), so
        # building bottom-up walked the form's ~150 widgets once per level (~10 ms).
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        # The left column: the form and the site's posts as tabs, panels such as the
        # checklist below them.
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.setObjectName("left_splitter")
        self.left_splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.left_splitter)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("side_tabs")
        self.side_tabs.setDocumentMode(True)
        self.left_splitter.addWidget(self.side_tabs)
        self.left_splitter.setStretchFactor(0, 1)
        self.form = FrontMatterForm(rows_later=True)
        self.side_tabs.addTab(self.form, "Front matter")
        self.form.build_rows()
        editor_box = QWidget()
        self.splitter.addWidget(editor_box)
        self._editor_column = box = QVBoxLayout(editor_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.editor = MarkdownEditor()
        self._find_bar: FindBar | None = None  # made on first use, under the editor
        box.addWidget(self.editor, 1)
        self.preview: PreviewPane = PlaceholderPane()
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.words_label = QLabel()
        self.words_label.setAccessibleName("Word count and reading time")
        self.position_label = QLabel()
        self.position_label.setAccessibleName("Cursor line and column")
        self.statusBar().addPermanentWidget(self.position_label)
        self.statusBar().addPermanentWidget(self.words_label)
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(250)

    def _build_menus(self) -> None:
        a = self.actions
        action_id: str | None
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        for action_id in ("file.new", "file.open"):
            file_menu.addAction(a[action_id])
        self.recent_menu = QMenu("Open &Recent", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        for action_id in ("file.save", "file.save_as", "file.revert"):
            file_menu.addAction(a[action_id])
        #: Where parts added later (export) put their commands, above Quit.
        self.file_menu_anchor = file_menu.addSeparator()
        file_menu.addAction(a["file.quit"])
        edit_menu = self.menuBar().addMenu("&Edit")
        for action_id in ("edit.undo", "edit.redo", None, "edit.cut", "edit.copy", "edit.paste",
                          "edit.select_all", None, "edit.find", "edit.replace",
                          "edit.find_next", "edit.find_previous", None, "edit.preferences"):
            if action_id is None:
                edit_menu.addSeparator()
            else:
                edit_menu.addAction(a[action_id])
        format_menu = self.menuBar().addMenu("F&ormat")
        for action_id in ("format.bold", "format.italic", "format.link", "format.heading",
                          "format.quote", "format.list", "format.code"):
            format_menu.addAction(a[action_id])
        self.view_menu = self.menuBar().addMenu("&View")
        for action_id in ("view.form", "view.preview", "view.remote_images"):
            self.view_menu.addAction(a[action_id])
        a["view.form"].setChecked(True)
        a["view.preview"].setChecked(True)
        self.help_menu = self.menuBar().addMenu("&Help")
        self.help_menu.addAction(a["help.about"])
        self.help = HelpMenu(self, self.help_menu, a["help.about"])  # shortcuts, cheat sheet
        self._update_recent_menu(self.settings.recent_files())

    def _connect_signals(self) -> None:
        a = self.actions
        d = self.document
        a["file.new"].triggered.connect(self.new_post)
        a["file.open"].triggered.connect(self.open_dialog)
        a["file.save"].triggered.connect(self.save)
        a["file.save_as"].triggered.connect(self.save_as)
        a["file.revert"].triggered.connect(self.revert)
        a["file.quit"].triggered.connect(self.close)
        a["file.clear_recent"].triggered.connect(self.settings.clear_recent_files)
        a["edit.undo"].triggered.connect(self.editor.undo)
        a["edit.redo"].triggered.connect(self.editor.redo)
        for action_id, name in (("edit.cut", "cut"), ("edit.copy", "copy"),
                                ("edit.paste", "paste"), ("edit.select_all", "selectAll")):
            a[action_id].triggered.connect(lambda _=False, m=name: self._edit_focused(m))
        a["edit.find"].triggered.connect(lambda: self.find_bar.open_bar(replace=False))
        a["edit.replace"].triggered.connect(lambda: self.find_bar.open_bar(replace=True))
        a["edit.find_next"].triggered.connect(lambda: self.find_bar.find_next())
        a["edit.find_previous"].triggered.connect(lambda: self.find_bar.find_previous())
        a["edit.preferences"].triggered.connect(self.show_preferences)
        for action_id, method in (("format.bold", self.editor.bold),
                                  ("format.italic", self.editor.italic),
                                  ("format.link", self.editor.link),
                                  ("format.heading", self.editor.heading),
                                  ("format.quote", self.editor.quote),
                                  ("format.list", self.editor.bullet_list),
                                  ("format.code", self.editor.code)):
            a[action_id].triggered.connect(method)
        a["view.form"].toggled.connect(self.left_splitter.setVisible)
        a["view.preview"].toggled.connect(lambda on: self.preview.setVisible(on))
        a["view.remote_images"].toggled.connect(self._on_remote_images_toggled)
        a["help.about"].triggered.connect(self._on_about_triggered)
        self.editor.undoAvailable.connect(a["edit.undo"].setEnabled)
        self.editor.redoAvailable.connect(a["edit.redo"].setEnabled)
        self.editor.body_changed.connect(self._on_editor_body_changed)
        self.editor.scrolled.connect(self._on_editor_scrolled)
        self.editor.cursorPositionChanged.connect(self._update_position)
        self.editor.file_drop_requested.connect(self.open_path)
        self.editor.image_insert_requested.connect(self._on_editor_image_insert_requested)
        self.editor.image_data_pasted.connect(self._on_editor_image_data_pasted)
        self.form.fields_edited.connect(self._on_form_fields_edited)
        self.form.raw_edited.connect(self._on_form_raw_edited)
        self.form.image_choose_requested.connect(self._on_form_image_choose_requested)
        self.form.staged_image = self.document.staged_image
        d.loaded.connect(self._on_document_loaded)
        d.modified_changed.connect(self._on_document_modified_changed)
        d.path_changed.connect(self._on_document_path_changed)
        d.front_matter_changed.connect(self._on_document_front_matter_changed)
        d.saved.connect(self._on_document_saved)
        self.scheduler.rendered.connect(self._on_scheduler_rendered)
        self.settings.recent_changed.connect(self._update_recent_menu)
        self.settings.preferences_changed.connect(self.apply_preferences)
        self._stats_timer.timeout.connect(self._update_stats)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: self._apply_dark())

    @property
    def find_bar(self) -> FindBar:
        """The find and replace bar under the editor (made, hidden, on first use)."""
        if self._find_bar is None:
            from editor.ui.find_bar import FindBar

            self._find_bar = FindBar(self.editor)
            self._editor_column.addWidget(self._find_bar)
        return self._find_bar

    def _edit_focused(self, method: str) -> None:
        """Cut, copy, paste or select all in the focused text field (the editor otherwise)."""
        focused = QApplication.focusWidget()
        target = focused if isinstance(focused, (QLineEdit, QPlainTextEdit, QTextEdit)) \
            else self.editor
        getattr(target, method)()

    # -- panels added by other parts of the app -------------------------------------

    def add_side_panel(self, widget: QWidget, title: str, below: bool = False) -> int:
        """Add a tab to the left panel (the site panel), or with ``below`` a pane under
        the tabs (the checklist); returns its tab or pane index."""
        if below:
            widget.setAccessibleName(widget.accessibleName() or title)
            self.left_splitter.addWidget(widget)
            index = self.left_splitter.indexOf(widget)
            self.left_splitter.setStretchFactor(index, 0)
            state = self.settings.window_state("left_splitter")
            if state is None or not self.left_splitter.restoreState(state):
                self.left_splitter.setSizes(DEFAULT_LEFT_SPLIT)
            return index
        return self.side_tabs.addTab(widget, title)

    def add_file_action(self, action_id: str, action: QAction) -> None:
        """Put a command made elsewhere (export) in the File menu, above Quit."""
        self.actions.add(action_id, action)
        self.file_menu.insertAction(self.file_menu_anchor, action)

    def go_to_line(self, line: int) -> None:
        """Show file line ``line`` (1-based): a body line in the editor, a front-matter line
        in its form field (or the raw front matter of a broken post)."""
        post = self.document.post
        offset = post.body_line_offset
        if line > offset:
            self.editor.fill_now()  # a long body still waiting for the first paint
            block = self.editor.document().findBlockByNumber(line - offset - 1)
            if not block.isValid():
                block = self.editor.document().lastBlock()
            cursor = self.editor.textCursor()
            cursor.setPosition(block.position())
            self.editor.setTextCursor(cursor)
            self.editor.centerCursor()
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.actions["view.form"].setChecked(True)
        self.side_tabs.setCurrentWidget(self.form)
        fm_line = line - 1  # the opening --- is file line 1
        self.form.focus_field(key_at_line(post.front_matter_text, fm_line), fm_line)

    def describe_line(self, line: int) -> str:
        """File line ``line`` as the writer finds it: "line 3" of the body as the editor
        counts (shown in the status bar), or the front-matter field it belongs to."""
        from editor.core.checks import where

        return where(self.document.post, line)

    def is_pristine(self) -> bool:
        """A new post the writer has not touched yet."""
        return self.document.path is None and not self.document.is_modified

    def start_preview(self) -> PreviewPane:
        """Replace the placeholder with the real preview backend (after the window is shown,
        so QtWebEngine's start-up does not delay the first paint)."""
        if not isinstance(self.preview, PlaceholderPane):
            return self.preview
        pane = self._preview_factory(self)
        visible = self.actions["view.preview"].isChecked()
        sizes = self.splitter.sizes()
        self.splitter.replaceWidget(2, pane)
        self.preview.deleteLater()
        self.preview = pane
        self.splitter.setSizes(sizes)
        pane.setVisible(visible)
        pane.set_dark(self._is_dark())
        pane.set_remote_images(self.settings.preferences.remote_images)
        pane.set_site_root(self.document.site.root)
        if self._last_result is not None:
            pane.show_page(self._last_result.page_html)
            pane.show_content(self._last_result.header_html, self._last_result.body_html)
        if self.scheduler.view != "site" or self.document.site.root is None:
            pane.load_reading_page()  # the page loads while the post renders
        self.preview_ready.emit(pane)
        return pane

    def release_preview(self) -> None:
        """Delete the preview backend now (QtWebEngine wants its pages gone before the
        application's profiles are)."""
        import shiboken6

        pane = self.preview
        if isinstance(pane, PlaceholderPane):
            return
        self.preview = PlaceholderPane()
        self.splitter.replaceWidget(2, self.preview)
        shiboken6.delete(pane)

    # -- document events --------------------------------------------------------------

    def _on_document_loaded(self, post: Post) -> None:
        self._suppress_body_sync = True
        try:
            self.editor.set_body(post.body)
        finally:
            self._suppress_body_sync = False
        self.form.show_post(post, self.document.site, self.settings.preferences.excerpt_target)
        self._update_title()
        self.preview.set_site_root(self.document.site.root)
        self._request_preview(post.body, immediate=True)
        self._stats_timer.start()
        if self._find_bar is not None:
            self._find_bar.hide()
        self._apply_spelling()

    def _on_document_modified_changed(self) -> None:
        self.setWindowModified(self.document.is_modified)

    def _on_document_path_changed(self, path: Path | None) -> None:
        if path is not None:
            self.document.draft_folder = None  # a new draft saved, or another post opened
        self._update_title()
        self.preview.set_site_root(self.document.site.root)

    def _on_document_front_matter_changed(self) -> None:
        self.form.update_publish_info(self.document.post, self.document.site)
        self._request_preview(self.document.post.body)
        self._apply_spelling()

    def spelling_language(self) -> str:
        """The language Jekyll gives the post (``lang:`` in its front matter, else in the
        site's front-matter defaults, else in ``_config.yml``) when it has a dictionary,
        else the writer's from Preferences."""
        from editor.core.spelling import has_dictionary, normalise_language

        post, site = self.document.post, self.document.site
        relpath = site.relpath(self.document.path) if self.document.path else None
        for lang in (post.get("lang") if post.problem is None else None,
                     site.defaults_for(relpath).get("lang") if relpath else None,
                     site.config.get("lang")):
            if isinstance(lang, str) and has_dictionary(lang):
                return normalise_language(lang)
        return self.settings.preferences.spell_language

    def _apply_spelling(self) -> None:
        self.editor.set_spell_checking(self.settings.preferences.spell_check,
                                       self.spelling_language())

    def _on_document_saved(self, path: Path) -> None:
        self.settings.add_recent_file(path)
        self.settings.set_value("state/last_folder", str(path.parent))
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        self.form.update_publish_info(self.document.post, self.document.site)

    def _update_position(self) -> None:
        """"Line 3, column 5" of the body, the lines the checklist names."""
        cursor = self.editor.textCursor()
        self.position_label.setText(f"Line {cursor.blockNumber() + 1}, "
                                    f"column {cursor.positionInBlock() + 1}")

    def _on_editor_body_changed(self) -> None:
        if self._suppress_body_sync:
            return
        text = self.editor.body()
        self.document.set_body(text)
        self._request_preview(text)
        self._stats_timer.start()

    def _on_editor_scrolled(self, fraction: float) -> None:
        self.preview.scroll_to_fraction(fraction)

    def _on_form_fields_edited(self, source: str, changes: dict[str, Any],
                               remove: list[str]) -> None:
        try:
            self.document.update_fields(changes, remove)
        except PostError as exc:
            self.form.flag_error(source, str(exc))

    def _on_form_raw_edited(self, text: str) -> None:
        try:
            self.document.set_front_matter_text(text)
        except PostError as exc:
            self.form.flag_error("raw", str(exc))
        self.form.update_problem(self.document.post, self.document.site)

    def _on_form_image_choose_requested(self) -> None:
        root = self.document.site.root
        start = root / "assets" / "images" if root else None
        chosen = dialogs.open_image_path(self, start)
        if chosen is None:
            return
        if root is None:
            self.form.set_image(str(chosen))
            return
        try:
            inside = chosen.resolve().relative_to(root)
            self.form.set_image(inside.as_posix())
        except ValueError:
            try:  # copied into the site when the post is saved (nothing left if it is not)
                self.form.set_image(self.document.stage_image(
                    chosen, strip_location=self._ask_strip(chosen)))
            except DocumentError as exc:
                dialogs.show_error(self, "Image not added", str(exc))

    def _on_editor_image_insert_requested(self, path: Path) -> None:
        root = self.document.site.root
        if root is None:
            self.editor.insert_image(path.resolve().as_uri())
            return
        try:
            inside = path.resolve().relative_to(root)
            self.editor.insert_image("/" + inside.as_posix())
        except ValueError:
            try:
                self.editor.insert_image("/" + import_image(path, root,
                                                            strip_location=self._ask_strip(path)))
            except DocumentError as exc:
                dialogs.show_error(self, "Image not added", str(exc))

    def _on_editor_image_data_pasted(self, data: bytes, suffix: str) -> None:
        """A pasted picture (a screenshot, "Copy image"): ask its alt text, save it as
        ``assets/images/<md5>.<ext>`` of the site (or beside a post outside a site), insert it."""
        root = self.document.site.root
        post_path = self.document.path
        folder = root if root is not None else (post_path.parent if post_path else None)
        if folder is None:
            dialogs.show_error(self, "Image not added", "Save the post first: a pasted image is "
                               "saved in the folder of the post (or of its site).")
            return
        alt = dialogs.ask_text(self, "Describe the image",
                               "Alt text: what the image shows, for readers who cannot see it")
        if alt is None:
            return
        try:
            relpath = import_image(data, folder, suffix,
                                   strip_location=self._ask_strip(Path(f"pasted image{suffix}")))
        except DocumentError as exc:
            dialogs.show_error(self, "Image not added", str(exc))
            return
        self.editor.insert_image(("/" if root is not None else "") + relpath, alt.strip())

    def _ask_strip(self, path: Path) -> Callable[[], bool]:
        """The question asked (only) for an image that records where it was taken."""
        return lambda: dialogs.ask_strip_location(self, path.name)

    # -- preview ------------------------------------------------------------------------

    def _request_preview(self, body: str, immediate: bool = False) -> None:
        post = self.document.post
        page = post.front_matter if post.problem is None else {}
        if post.problem is not None:  # a front matter never closed: Jekyll shows it all
            from editor.core.render.source import published_text

            body = published_text(post.to_text()) or body
        site = self.document.site
        self.scheduler.request(body, page, site.root, site.baseurl, immediate=immediate,
                               post_path=self.document.path,
                               header_fields=self.form.schema.header_fields())

    def _on_scheduler_rendered(self, result: RenderResult) -> None:
        self._last_result = result
        self.preview.show_page(result.page_html)
        self.preview.show_content(result.header_html, result.body_html)

    def refresh_preview(self) -> None:
        """Render the post again now (after the preview's view changed)."""
        self._request_preview(self.document.post.body, immediate=True)

    def _on_remote_images_toggled(self, enabled: bool) -> None:
        from dataclasses import replace

        prefs = self.settings.preferences
        if prefs.remote_images != enabled:
            self.settings.set_preferences(replace(prefs, remote_images=enabled))

    # -- status ---------------------------------------------------------------------------

    def _update_stats(self) -> None:
        words = word_count(self.editor.body())
        minutes = reading_minutes(words)
        self.words_label.setText(f"{words:,} words · {minutes} min read")

    def _update_title(self) -> None:
        path = self.document.path
        self.setWindowFilePath(str(path) if path else "")
        self.setWindowTitle(f"{self.document.display_name()}[*] — Dateline")

    def _update_recent_menu(self, files: list[str]) -> None:
        self.recent_menu.clear()
        for name in files:
            action = QAction(Path(name).name, self.recent_menu)
            action.setStatusTip(name)
            action.setToolTip(name)
            action.triggered.connect(lambda _checked=False, n=name: self.open_path(Path(n)))
            self.recent_menu.addAction(action)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.actions["file.clear_recent"])
        self.recent_menu.setEnabled(bool(files))

    def _on_about_triggered(self) -> None:
        self.help.show_about()

    # -- file commands -------------------------------------------------------------------

    def new_post(self) -> bool:
        """File ▸ New: a new **draft** (after offering to save changes). In a site it is saved
        to the site's ``_drafts/`` (named from its title on the first save); outside a site it
        is an untitled post the writer saves where they choose, dated now in their timezone.
        The author comes from Preferences; no key is written empty; the title field has focus.
        """
        if not self.maybe_save():
            return False
        from editor.core import dates
        from editor.core.publish import new_post_fields

        site = self.document.site
        author = self.settings.preferences.default_author
        when = None
        if site.root is None:
            zone = dates.site_zone(site)
            when = dt.datetime.now(zone).replace(microsecond=0)
        fields = new_post_fields(site, "", "drafts" if site.root else "posts",
                                 "_drafts/untitled.md" if site.root else "untitled.md", when,
                                 author)
        if site.root is not None:
            self.document.set_default_site(site.root)  # the new draft belongs to this site
        self.document.new_post(fields, "\n")
        self.document.draft_folder = site.root / "_drafts" if site.root is not None else None
        self.actions["view.form"].setChecked(True)
        self.side_tabs.setCurrentWidget(self.form)
        self.form.focus_field("title")
        return True

    def open_dialog(self) -> bool:
        """Ask for a post and open it."""
        if not self.maybe_save():
            return False
        folder = self.document.path.parent if self.document.path else self._last_folder()
        path = dialogs.open_post_path(self, folder)
        return self.open_path(path, ask=False) if path else False

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open ``path`` (after offering to save changes); errors are shown, never raised."""
        if ask and not self.maybe_save():
            return False
        try:
            self.document.open(path)
        except DocumentError as exc:
            dialogs.show_error(self, "Cannot open", str(exc))
            return False
        self.settings.add_recent_file(path)
        self.settings.set_value("state/last_folder", str(Path(path).parent))
        self.editor.setFocus()
        return True

    @property
    def new_draft_folder(self) -> Path | None:
        """The site's ``_drafts/`` a new draft is saved into (File ▸ New in a site)."""
        return self.document.draft_folder

    def save(self) -> bool:
        """Save; a new draft of a site goes to its ``_drafts/`` (named from the title), another
        untitled post asks where."""
        if self.document.path is None and self.new_draft_folder is not None:
            from editor.core import jekyll

            title = str(self.document.post.get("title") or "") \
                if self.document.post.problem is None else ""
            name = jekyll.draft_filename(title) if jekyll.slugify(title) else "untitled.md"
            path = self.new_draft_folder / name
            n = 2
            while path.exists():
                path = path.with_name(f"{Path(name).stem}-{n}{Path(name).suffix}")
                n += 1
            self.new_draft_folder.mkdir(parents=True, exist_ok=True)
            return self._save_to(path)
        if self.document.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        """Save under a new name (proposing `YYYY-MM-DD-slug.md` in the site's `_posts`)."""
        site_root = self.document.site.root
        proposed = suggested_path(self.document.post, site_root, self._last_folder())
        if self.document.path is not None and site_root is None:
            proposed = self.document.path.parent / proposed.name
        if site_root is not None and proposed.parent.parent == site_root:
            with contextlib.suppress(OSError):  # the dialog opens in the site's _drafts/
                proposed.parent.mkdir(exist_ok=True)
        path = dialogs.save_post_path(self, proposed)
        if path is None:
            return False
        return self._save_to(path)

    def _save_to(self, path: Path | None, force: bool = False) -> bool:
        try:
            self.document.save(path, force=force)
        except ChangedOnDiskError:
            choice = dialogs.ask_changed_on_disk(self, self.document.display_name())
            if choice is dialogs.Choice.OVERWRITE:
                return self._save_to(path, force=True)
            if choice is dialogs.Choice.RELOAD:
                self._reload()
            return False
        except (DocumentError, PostError) as exc:
            dialogs.show_error(self, "Not saved", str(exc))
            return False
        return True

    def revert(self) -> bool:
        """Drop unsaved changes and read the file again (asks first)."""
        if self.document.path is None:
            return False
        if self.document.is_modified and not dialogs.confirm(
                self, "Revert", f"Drop your changes to “{self.document.display_name()}”?"):
            return False
        return self._reload()

    def _reload(self) -> bool:
        try:
            self.document.revert()
        except DocumentError as exc:
            dialogs.show_error(self, "Cannot reload", str(exc))
            return False
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current post (saved, discarded, or unchanged)."""
        if not self.document.is_modified:
            return True
        choice = dialogs.ask_save_changes(self, self.document.display_name())
        if choice is dialogs.Choice.SAVE:
            return self.save()
        return choice is dialogs.Choice.DISCARD

    def _last_folder(self) -> Path | None:
        text = self.settings.value("state/last_folder") or self.settings.preferences.site_folder
        return Path(text) if text and Path(text).is_dir() else None

    # -- preferences -------------------------------------------------------------------------

    def show_preferences(self) -> None:
        """The Preferences dialog."""
        from editor.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings.preferences, self)
        dialog.folder_choose_requested.connect(
            lambda: (folder := dialogs.choose_folder(dialog, "Site folder", self._last_folder()))
            and dialog.set_site_folder(folder))  # type: ignore[func-returns-value]  # slot lambda
        if dialog.exec():
            self.settings.set_preferences(dialog.preferences())

    def apply_preferences(self, prefs: Preferences) -> None:
        """Font, theme, remote images, site folder."""
        self.editor.set_font(prefs.editor_font, prefs.editor_font_size, prefs.editor_monospace)
        self._apply_spelling()
        from editor.ui.theme import apply_theme

        apply_theme(prefs.theme)
        self._apply_dark()
        self.actions["view.remote_images"].setChecked(prefs.remote_images)
        self.preview.set_remote_images(prefs.remote_images) if not isinstance(
            self.preview, PlaceholderPane) else None
        self.document.set_default_site(Path(prefs.site_folder) if prefs.site_folder else None)

    def _is_dark(self) -> bool:
        from editor.ui.theme import is_dark

        return is_dark()

    def _apply_dark(self) -> None:
        dark = self._is_dark()
        self.editor.highlighter.set_dark(dark)
        self.form.set_dark(dark)
        if not isinstance(self.preview, PlaceholderPane):
            self.preview.set_dark(dark)

    # -- window state and events -------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.window_state("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                # A laptop screen smaller than the default gets all of it on the first
                # start: at 1366x768 a 90 % window hid the form's Categories and Tags.
                room = screen.availableGeometry()
                self.resize(min(DEFAULT_SIZE[0], room.width()),
                            min(DEFAULT_SIZE[1], room.height()))
            else:
                self.resize(*DEFAULT_SIZE)
        split = self.settings.window_state("splitter")
        if split is None or not self.splitter.restoreState(split):
            self.splitter.setSizes(DEFAULT_SPLIT)

    def save_state(self) -> None:
        """Remember geometry and splitter sizes."""
        self.settings.set_window_state("geometry", QByteArray(self.saveGeometry()))
        self.settings.set_window_state("splitter", QByteArray(self.splitter.saveState()))
        if self.left_splitter.count() > 1:
            self.settings.set_window_state("left_splitter",
                                           QByteArray(self.left_splitter.saveState()))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Settle unsaved changes first; cancelling keeps the window open."""
        if not self.maybe_save():
            event.ignore()
            return
        self.save_state()
        self.closing.emit()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        """Accept files dragged onto the window."""
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        """Open the first file dropped on the window."""
        for url in event.mimeData().urls():
            if url.isLocalFile():
                event.acceptProposedAction()
                self.open_path(Path(url.toLocalFile()))
                return

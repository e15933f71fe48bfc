"""The site panel: the open site's posts and drafts, filtered as you type, newest first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from editor.core.git.status import FileStatus, RepoStatus
from editor.core.site import DRAFT, PostEntry

COLUMNS = ("Title", "Date", "Author", "Status")
SHARED_COLUMN = len(COLUMNS)  # shown only when the site is in a shared repository
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class PostTableModel(QAbstractTableModel):
    """Rows of :class:`PostEntry` with their status (computed once per ``set_entries``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[PostEntry, str, str]] = []  # entry, status, search text
        self._shared: dict[str, FileStatus] | None = None  # site relpath → state (git only)
        self._shared_default = ""

    def set_entries(self, entries: list[PostEntry], future_allowed: bool = False,
                    now: dt.datetime | None = None) -> None:
        """Replace every row."""
        now = now or dt.datetime.now(dt.UTC)
        self.beginResetModel()
        self._rows = []
        for e in entries:
            status = e.status(now, future_allowed)
            search = " ".join((e.title, e.author, status, e.relpath,
                               e.date.strftime("%Y-%m-%d") if e.date else "",
                               *e.categories, *e.tags)).casefold()
            self._rows.append((e, status, search))
        self.endResetModel()

    def set_shared(self, states: dict[str, FileStatus] | None, default: str = "") -> None:
        """Each post's state in the shared repository (None: no repository, no column)."""
        if (states is None) != (self._shared is None):
            self.beginResetModel()
            self._shared, self._shared_default = states, default
            self.endResetModel()
            return
        self._shared, self._shared_default = states, default
        if self._rows:
            self.dataChanged.emit(self.index(0, SHARED_COLUMN),
                                  self.index(len(self._rows) - 1, SHARED_COLUMN))

    def shared_label(self, entry: PostEntry) -> str:
        """The post's state in the shared repository ('' when there is none)."""
        if self._shared is None:
            return ""
        state = self._shared.get(entry.relpath)
        return state.label if state is not None else self._shared_default

    #: The post open in the editor (its row is shown in bold).
    open_path: Path | None = None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """The number of posts listed."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """The number of columns."""
        return 0 if parent.isValid() else len(COLUMNS) + (self._shared is not None)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if section < SHARED_COLUMN else "Shared"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, tooltip or sort key."""
        if not index.isValid():
            return None
        entry, status, search = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return entry.title or f"({Path(entry.relpath).name})"
            if col == 1:
                # The day is what a desk scans for; the time is in the tooltip.
                return entry.date.strftime("%Y-%m-%d") if entry.date else ""
            if col == 2:
                return entry.author
            if col == SHARED_COLUMN:
                return self.shared_label(entry)
            return status
        if role == SORT_ROLE:
            if col == SHARED_COLUMN:
                return self.shared_label(entry).casefold()
            if col == 1:
                return entry.date.timestamp() if entry.date else float("-inf")
            return (entry.title if col == 0 else entry.author if col == 2 else status).casefold()
        if role == SEARCH_ROLE:
            return search
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.FontRole and self.open_path is not None \
                and entry.path == self.open_path:
            font = QFont()
            font.setBold(True)  # the post open in the editor
            return font
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and entry.path == self.open_path:
            return "open in the editor"
        if role == Qt.ItemDataRole.ToolTipRole:
            when = f"\n{entry.date:%Y-%m-%d %H:%M %Z}" if entry.date else ""
            if entry.problem:
                problem = f"The front matter has a problem: {entry.problem}"
                return f"{entry.title}\n{entry.relpath}{when}\n{problem}"
            return f"{entry.title}\n{entry.relpath}{when}"
        return None


class _FilterProxy(QSortFilterProxyModel):
    """Keeps rows whose text contains every word typed (any order, any column)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9 (invalidateFilter is deprecated)
            self.beginFilterChange()
            self._words = text.casefold().split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = text.casefold().split()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE) or ""
        return all(w in haystack for w in self._words)


class SitePanel(QWidget):
    """Posts and drafts of the open site (a dockable widget; it never touches files).

    Signals: ``open_requested(Path)`` on double-click or Enter, ``new_post_requested()``,
    ``publish_requested(Path)`` for the selected draft. Slots: ``set_entries(list[PostEntry])``,
    ``set_progress(done, total)``, ``set_busy(bool)``, ``set_site_name(str)``.
    """

    open_requested = Signal(Path)
    new_post_requested = Signal()
    publish_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Site posts and drafts")
        self.title_label = QLabel("No site open")
        self.title_label.setAccessibleName("Site")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter posts…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter posts")
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Indexing progress")
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("Reading posts… %v of %m")
        self.progress_bar.hide()
        self.model = PostTableModel(self)
        self.proxy = _FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setAccessibleName("Posts")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)  # fast with thousands of rows
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):  # measured on at most 1000 rows (resizeContentsPrecision)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QPushButton("New post")
        self.new_button.setAccessibleName("New post")
        self.publish_button = QPushButton("Publish draft")
        self.publish_button.setAccessibleName("Publish draft")
        self.publish_button.setEnabled(False)
        self.count_label = QLabel("")
        self.count_label.setAccessibleName("Number of posts shown")

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.publish_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_edit_return_pressed)
        self.filter_edit.installEventFilter(self)
        self.view.activated.connect(self._on_view_activated)
        self.view.doubleClicked.connect(self._on_view_activated)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.new_button.clicked.connect(self.new_post_requested)
        self.publish_button.clicked.connect(self._on_publish_button_clicked)

    # -- slots for the indexer ---------------------------------------------------------

    @Slot(object)
    def set_entries(self, entries: list[PostEntry], future_allowed: bool = False) -> None:
        """Show these posts and drafts (the selection is kept when the post is still there)."""
        current = self.selected_entry()
        self.model.set_entries(list(entries), future_allowed)
        self._update_count()
        keep = current.path if current is not None else self.model.open_path
        if keep is not None:
            self._select_row(keep)
        self._on_view_current_changed()

    @Slot(int, int)
    def set_progress(self, done: int, total: int) -> None:
        """Indexing progress; the bar hides itself when done."""
        if total <= 0 or done >= total:
            self.progress_bar.hide()
            return
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        self.progress_bar.show()

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        """Show a busy indicator while the site is read (size unknown yet)."""
        if busy:
            self.progress_bar.setRange(0, 0)
            self.progress_bar.show()
        else:
            self.progress_bar.hide()

    @Slot(str)
    def set_site_name(self, name: str) -> None:
        """The site's title shown above the list."""
        self.title_label.setText(name)

    @Slot(object)
    def set_shared_status(self, status: RepoStatus | None, site_root: Path | None = None) -> None:
        """Show each post's state in the shared repository (None: the column goes away)."""
        states: dict[str, FileStatus] | None = None
        try:
            prefix = (Path(site_root).resolve().relative_to(status.top).as_posix()
                      if status is not None and site_root is not None else None)
        except ValueError:
            prefix = None
        if status is not None and prefix is not None:
            lead = "" if prefix == "." else prefix + "/"
            states = {rel[len(lead):]: state for rel, state in status.files.items()
                      if rel.startswith(lead)}
        current = self.selected_entry()
        # The column coming or going resets the model, and with it the selection: keep it.
        self.model.set_shared(states, "Sent" if status is None or status.has_commits else "New")
        keep = current.path if current is not None else self.model.open_path
        if keep is not None and self.selected_entry() is None:
            self._select_row(keep)
            self._on_view_current_changed()
        if states is not None:
            self.view.header().setSectionResizeMode(
                SHARED_COLUMN, QHeaderView.ResizeMode.ResizeToContents)

    def attach(self, indexer: Any) -> None:
        """Convenience wiring to a :class:`~editor.services.site_indexer.SiteIndexer`."""
        indexer.started.connect(lambda: self.set_busy(True))
        indexer.progress.connect(self.set_progress)

        def on_indexed(entries: list[PostEntry]) -> None:
            index = indexer.index
            future = bool(index is not None and index.site.future)
            if index is not None:
                self.set_site_name(index.site.title or index.root.name)
            self.set_entries(entries, future)
            self.set_busy(False)

        indexer.indexed.connect(on_indexed)

    # -- queries -----------------------------------------------------------------------

    def visible_entries(self) -> list[PostEntry]:
        """The rows shown, in display order."""
        return [self.proxy.data(self.proxy.index(r, 0), ENTRY_ROLE)
                for r in range(self.proxy.rowCount())]

    def selected_entry(self) -> PostEntry | None:
        """The selected post or draft."""
        index = self.view.currentIndex()
        return self.proxy.data(index.siblingAtColumn(0), ENTRY_ROLE) if index.isValid() else None

    def select_path(self, path: Path) -> bool:
        """Mark ``path`` as the post open in the editor (bold) and select its row; the mark
        stays when the list is read again (the site's index arrives after the post)."""
        self.model.open_path = Path(path)
        self.view.viewport().update()
        return self._select_row(Path(path))

    def _select_row(self, path: Path) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            entry = self.proxy.data(index, ENTRY_ROLE)
            if entry is not None and entry.path == Path(path):
                self.view.setCurrentIndex(index)
                return True
        return False

    # -- private slots -----------------------------------------------------------------

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    @Slot()
    def _on_filter_edit_return_pressed(self) -> None:
        """Enter in the filter opens the post when only one is left."""
        if self.proxy.rowCount() == 1:
            self._on_view_activated(self.proxy.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Down in the filter moves into the list."""
        if (watched is self.filter_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and self.proxy.rowCount()):
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.proxy.index(0, 0))
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex) -> None:
        entry = self.proxy.data(index.siblingAtColumn(0), ENTRY_ROLE)
        if entry is not None:
            self.open_requested.emit(entry.path)

    @Slot()
    def _on_view_current_changed(self, *_: object) -> None:
        entry = self.selected_entry()
        self.publish_button.setEnabled(entry is not None and entry.kind == "drafts"
                                       and entry.status() == DRAFT)

    @Slot()
    def _on_publish_button_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.kind == "drafts":
            self.publish_requested.emit(entry.path)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {total}" if shown != total else f"{total} posts")

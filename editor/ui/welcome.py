"""The first-run welcome: the writer's name and site folder, and a way to the sample site.

It never blocks a writer who just wants to type: the window is non-modal and shown
without taking the keyboard focus from the editor, "Start writing" closes it, and it is
shown once (the settings key ``state/welcome_shown`` remembers the version that showed it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core import samples
from editor.services.settings import SettingsStore
from editor.ui import dialogs

SHOWN_KEY = "state/welcome_shown"


class WelcomeDialog(QDialog):
    """Asks for the default author and the site folder; offers the sample site.

    Emits ``sample_open_requested(path)`` (a sample site folder to open) or
    ``sample_create_requested()`` (this install has no sample folder: make one from
    package data); ``folder_choose_requested()`` for the Choose… button.
    """

    sample_open_requested = Signal(Path)
    sample_create_requested = Signal()
    folder_choose_requested = Signal()
    #: The writer is done: (author, site folder) when they pressed Start writing, None on Skip.
    finished_with = Signal(object)

    def __init__(self, author: str = "", site_folder: str = "",
                 sample_site: Path | None = None, can_create_sample: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome_dialog")
        self.setWindowTitle("Welcome to Dateline")
        self.setModal(False)
        # Shown beside the window without stealing the keyboard from the editor.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self._sample_site = sample_site
        self._done = False

        intro = QLabel(
            "<h2>Welcome to Dateline</h2>"
            "<p>Write in the middle and see on the right what your Jekyll site will "
            "publish. The form on the left edits the post's front matter; nothing else "
            "in the file changes when you save.</p>"
            "<p>Two things help Dateline fill in new posts. Both are optional and can be "
            "changed later in Preferences.</p>")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.author = QLineEdit(author)
        self.author.setAccessibleName("Your name as author")
        self.author.setPlaceholderText("as it appears in author: fields, e.g. jdoe")
        self.site = QLineEdit(site_folder)
        self.site.setAccessibleName("Your site folder")
        self.site.setPlaceholderText("the folder of your Jekyll site (with _config.yml)")
        self.site.textChanged.connect(self._update_site_hint)
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose site folder")
        choose.clicked.connect(self.folder_choose_requested)
        site_row = QHBoxLayout()
        site_row.addWidget(self.site, 1)
        site_row.addWidget(choose)
        self.site_hint = QLabel()
        self.site_hint.setWordWrap(True)
        self.site_hint.setAccessibleName("Site folder hint")
        form = QFormLayout()
        form.addRow("Your &name:", self.author)
        site_label = QLabel("Your &site folder:")
        site_label.setBuddy(self.site)  # a row holding a layout gets no buddy by itself
        form.addRow(site_label, site_row)
        form.addRow("", self.site_hint)

        if sample_site is not None:
            self.sample_button: QPushButton | None = QPushButton("Open the sample site")
            self.sample_button.setToolTip(str(sample_site))
            self.sample_button.clicked.connect(self._on_sample_open_clicked)
        elif can_create_sample:
            self.sample_button = QPushButton("Create a sample site…")
            self.sample_button.setToolTip("Copy a small example newsroom site into a folder "
                                          "you choose, and open it")
            self.sample_button.clicked.connect(self._on_sample_create_clicked)
        else:
            self.sample_button = None
        sample_row = QHBoxLayout()
        if self.sample_button is not None:
            self.sample_button.setObjectName("welcome_sample")
            sample_label = QLabel("New here? Look around a small example site first.")
            sample_label.setWordWrap(True)
            sample_row.addWidget(sample_label, 1)
            sample_row.addWidget(self.sample_button)

        self.skip_button = QPushButton("Skip")
        self.skip_button.setObjectName("welcome_skip")
        self.skip_button.setToolTip("Close without saving your name or site folder")
        self.skip_button.clicked.connect(self.skip)
        self.start_button = QPushButton("Start writing")
        self.start_button.setObjectName("welcome_start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_writing)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(sample_row)
        layout.addLayout(buttons)
        self._update_site_hint()
        self.resize(520, self.sizeHint().height())

    # -- public API ------------------------------------------------------------------

    def set_site_folder(self, folder: Path) -> None:
        """The writer chose a site folder."""
        self.site.setText(str(folder))

    def values(self) -> tuple[str, str]:
        """(author, site folder) as typed, trimmed."""
        return self.author.text().strip(), self.site.text().strip()

    def start_writing(self) -> None:
        """Keep what was typed and close."""
        self._finish(self.values())
        self.accept()

    def skip(self) -> None:
        """Close without keeping anything."""
        self._finish(None)
        self.reject()

    # -- internals -------------------------------------------------------------------

    def _finish(self, result: tuple[str, str] | None) -> None:
        if not self._done:
            self._done = True
            self.finished_with.emit(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing the welcome is like skipping it."""
        self._finish(None)
        super().closeEvent(event)

    def reject(self) -> None:
        """Escape or the close button: like Skip."""
        self._finish(None)
        super().reject()

    def _on_sample_open_clicked(self) -> None:
        if self._sample_site is not None:
            self.sample_open_requested.emit(self._sample_site)

    def _on_sample_create_clicked(self) -> None:
        self.sample_create_requested.emit()

    def _update_site_hint(self) -> None:
        text = self.site.text().strip()
        if not text:
            hint = "Leave empty if you write drafts outside a site."
        elif not Path(text).expanduser().is_dir():
            hint = "That folder does not exist."
        elif not (Path(text).expanduser() / "_config.yml").is_file():
            hint = "No _config.yml in that folder: Dateline works, without the site's checks."
        else:
            hint = "A Jekyll site: new posts go into its _posts folder."
        self.site_hint.setText(hint)


# -- wiring (used by the composition root) ----------------------------------------------


def should_show(settings: SettingsStore) -> bool:
    """True on the first start (the welcome was never shown to this user)."""
    return not settings.value(SHOWN_KEY)


def store_choice(settings: SettingsStore, result: tuple[str, str] | None) -> None:
    """Keep the writer's name and site folder (Start writing); nothing on Skip."""
    if result is None:
        return
    author, site_folder = result
    prefs = settings.preferences
    changed = replace(prefs, default_author=author or prefs.default_author,
                      site_folder=site_folder or prefs.site_folder)
    if changed != prefs:
        settings.set_preferences(changed)


def show_welcome(window: QWidget, settings: SettingsStore,
                 open_folder: Callable[[Path], object] | None = None,
                 site_root: Path | None = None,
                 use_author: Callable[[str], object] | None = None) -> WelcomeDialog:
    """Build, wire and show the welcome beside ``window`` (non-modal); mark it shown.

    ``open_folder(path) -> bool`` opens a site folder in the window (the sample site).
    ``site_root``: the site the app was started on (offered as the site folder).
    ``use_author(name)``: gives the name to the post already open (Start writing).
    """
    from editor import __version__

    prefs = settings.preferences
    sample = samples.checkout_sample_site()
    folder_text = prefs.site_folder or (str(site_root) if site_root is not None else "")
    dialog = WelcomeDialog(prefs.default_author, folder_text, sample_site=sample,
                           can_create_sample=samples.packaged_sample_site() is not None,
                           parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def open_site(folder: Path) -> None:
        if open_folder is not None:
            open_folder(folder)

    def create_sample() -> None:
        parent_folder = dialogs.choose_folder(dialog, "Where should the sample site go?",
                                              Path.home())
        if parent_folder is None:
            return
        try:
            folder = samples.create_sample_site(parent_folder)
        except OSError as exc:
            dialogs.show_error(dialog, "Sample site", f"Could not create the sample site: "
                               f"{exc.strerror or exc}")
            return
        open_site(folder)

    def choose_folder() -> None:
        start = Path(dialog.site.text()).expanduser() if dialog.site.text().strip() else None
        folder = dialogs.choose_folder(dialog, "Your site folder", start)
        if folder is not None:
            dialog.set_site_folder(folder)

    dialog.sample_open_requested.connect(open_site)
    dialog.sample_create_requested.connect(create_sample)
    dialog.folder_choose_requested.connect(choose_folder)
    dialog.finished_with.connect(lambda result: store_choice(settings, result))
    if use_author is not None:
        dialog.finished_with.connect(
            lambda result: result is not None and bool(result[0]) and use_author(result[0]))
    settings.set_value(SHOWN_KEY, __version__)
    settings.sync()
    dialog.show()
    return dialog


def maybe_show_welcome(window: QWidget, settings: SettingsStore,
                       open_folder: Callable[[Path], object] | None = None,
                       site_root: Path | None = None,
                       use_author: Callable[[str], object] | None = None,
                       ) -> WelcomeDialog | None:
    """Show the welcome on the first start only; None otherwise."""
    if not should_show(settings):
        return None
    return show_welcome(window, settings, open_folder, site_root, use_author)

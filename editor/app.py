"""The composition root: builds the services and the main window and starts the GUI."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from editor import APP_ID
from editor.core.jekyll import POST_EXTENSIONS
from editor.services.document import DocumentController
from editor.services.memory import HeapTrimmer, limit_malloc_arenas
from editor.services.preview import PreviewScheduler
from editor.services.qt_messages import MessageFilter
from editor.services.settings import SettingsStore
from editor.services.watcher import ExternalChangeMonitor
from editor.ui import dialogs
from editor.ui.help import app_icon
from editor.ui.main_window import MainWindow
from editor.ui.preview_factory import create_preview
from editor.ui.preview_pane import PlaceholderPane, after_first_paint

if TYPE_CHECKING:
    from editor.services.site_desk import SiteDeskController
    from editor.services.startup_cache import RegexCache
    from editor.ui.preview_pane import PreviewPane
from editor.ui.welcome import maybe_show_welcome

__all__ = ["add_desk", "add_heap_trimmer", "add_journal", "build_window", "give_author",
           "newest_post", "offer_recovery", "quick_handoffs_until_previewed", "run_gui",
           "use_software_rendering"]


def newest_post(site: Path) -> Path | None:
    """The site's newest post: the last `_posts` file by name (dates lead), else a draft."""
    for folder in (site / "_posts", site / "_drafts"):
        if not folder.is_dir():
            continue
        posts = sorted(
            (p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in POST_EXTENSIONS),
            key=lambda p: (p.name, p.stat().st_mtime),
        )
        if posts:
            return posts[-1]
    return None


def build_window(args: list[str], threaded_preview: bool = True,
                 desk_later: bool = False, render_later: bool = False) -> MainWindow:
    """Make the services and the window and open what ``args`` names (see :func:`run_gui`).

    With ``desk_later`` the site desk (site panel, checklist, shared repository) and the
    recovery journal are left for :func:`add_desk` and :func:`add_journal`, which
    :func:`run_gui` calls once the window is on the screen. With ``render_later`` the first
    render waits for ``window.scheduler.release()`` (run_gui: once the preview started).
    A QApplication must exist. Raises ``ValueError`` for a path that does not exist.
    """
    target = Path(args[0]).expanduser() if args else None
    if target is not None and not target.exists():
        raise ValueError(f"{target}: no such file or folder")
    settings = SettingsStore()
    document = DocumentController()
    scheduler = PreviewScheduler(threaded=threaded_preview)
    if render_later:
        scheduler.hold()  # its worker thread would compete with the first frame for the GIL
    _style_before_widgets(settings)
    window = MainWindow(document, scheduler, settings, create_preview)
    scheduler.setParent(window)
    document.setParent(window)
    _add_toolbar(window)
    _watch_disk(window)
    if not desk_later:
        add_journal(window)
        add_desk(window)
    if target is not None and target.is_dir():
        document.set_default_site(target.resolve())
        post = newest_post(target)
        if post is not None and window.open_path(post, ask=False):
            return window
    elif target is not None and window.open_path(target, ask=False):
        return window
    window.new_post()
    return window


def _style_before_widgets(settings: SettingsStore) -> None:
    """The theme and the house style sheet, set before any widget exists: each widget is
    then styled once as it is made (setting a style sheet later re-styles them all,
    ~20 ms at start)."""
    from editor.ui.theme import apply_house_style, apply_theme

    apply_theme(settings.preferences.theme)
    apply_house_style()


def _add_toolbar(window: MainWindow) -> None:
    """The slim toolbar, focus mode, full screen and the site/reading preview toggle (set
    before the first post is opened, so its first render is in the remembered view)."""
    from editor.ui.toolbar import install

    install(window)


def add_desk(window: MainWindow) -> None:
    """The site panel and checklist, with the site indexer working off the UI thread, and
    the shared repository's commands; they take up the post already open."""
    from editor.ui.site_desk import add_site_desk

    _add_git_desk(window, add_site_desk(window))


def _add_git_desk(window: MainWindow, desk: SiteDeskController) -> None:
    """Get latest and Send, when the site is in a shared repository (git)."""
    from editor.ui.git_desk import install

    install(window, desk)


#: The site desk's modules, bottom up (the desk's own code, the checks and git, ~40 ms).
DESK_MODULES = ("editor.core.checks", "editor.core.site", "editor.core.git.runner",
                "editor.core.git.safety", "editor.core.git.repo", "editor.core.git.status",
                "editor.core.git.send", "editor.core.git.sync", "editor.services.git_sync",
                "editor.services.site_indexer", "editor.services.site_desk",
                "editor.ui.checklist", "editor.ui.site_panel", "editor.ui.site_desk",
                "editor.ui.git_desk")


_DESK_STEP_SECONDS = 0.005


class _DeskInSteps(QObject):
    """:func:`add_desk` at start-up, its modules imported one per event-loop turn first.

    The browser side of QtWebEngine runs on the UI thread: while the desk's code loaded
    in one go, the preview's page load waited for it (perf: the renderer idle). Between
    steps the page loads. :meth:`finish` (connected to the preview's ``page_loaded``) does
    what is left at once while Chromium lays out and paints the post, so the desk is there
    before the post shows in the preview and both settle in one frame."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._todo = list(DESK_MODULES)
        self._done = False
        QTimer.singleShot(0, self, self._step)

    def _step(self) -> None:
        if self._done:
            return
        import importlib

        deadline = time.perf_counter() + _DESK_STEP_SECONDS
        while self._todo and time.perf_counter() < deadline:
            importlib.import_module(self._todo.pop(0))
        if self._todo:
            QTimer.singleShot(0, self, self._step)
        else:
            self.finish()

    def finish(self) -> None:
        """Add the desk now (the modules not imported yet are imported on the way)."""
        if not self._done:
            self._done = True
            add_desk(self._window)


def add_journal(window: MainWindow) -> None:
    """The recovery journal for the window's document (it takes up the post already open)."""
    from editor.services.recovery import JournalService

    journal = JournalService(parent=window)
    journal.start()
    journal.track(window.document)
    journal.failed.connect(lambda text: window.statusBar().showMessage(text, 10_000))


def _watch_disk(window: MainWindow) -> None:
    """The external-change monitor for the window's document."""
    monitor = ExternalChangeMonitor(
        window.document,
        lambda name, mine, theirs: dialogs.ask_external_change(window, name, mine, theirs),
        parent=window)
    monitor.notice.connect(lambda text: window.statusBar().showMessage(text, 10_000))
    monitor.file_deleted.connect(lambda text: dialogs.show_info(window, "File deleted", text))
    monitor.failed.connect(lambda text: dialogs.show_error(window, "Cannot reload", text))


def offer_recovery(window: MainWindow) -> None:
    """After a crash, offer back the unsaved posts the journal kept: restore one into the
    window (as unsaved changes), discard others, leave the rest for next time."""
    from editor.services.recovery import JournalService
    from editor.ui.recovery_dialog import RecoveryChoice

    journal = window.findChild(JournalService)
    if journal is None:
        return
    entries = journal.journal.recoverable()
    if not entries:
        return
    for entry, choice in dialogs.offer_recovery(window, entries):
        if choice is RecoveryChoice.DISCARD:
            journal.discard(entry)
        elif choice is RecoveryChoice.RESTORE and window.maybe_save():
            journal.restore(window.document, entry)


class _Timing(QObject):
    """Prints start-up milestones for benchmarks/bench_window.py (env DATELINE_TIMING)."""

    def __init__(self, launched: float, window: MainWindow, quit_after: bool) -> None:
        super().__init__(window)
        self._launched = launched
        self._mapped = False
        self._quit_after = quit_after
        window.installEventFilter(self)
        window.preview_ready.connect(lambda pane: pane.body_updated.connect(self._on_body_updated))

    def _elapsed(self) -> float:
        return time.time() - self._launched

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # A widget gets its first Paint right after its window is exposed (mapped).
        if not self._mapped and event.type() in (QEvent.Type.Expose, QEvent.Type.Paint):
            self._mapped = True
            print(f"dateline-timing mapped {self._elapsed():.4f}", file=sys.stderr, flush=True)
        return False

    def _on_body_updated(self) -> None:
        print(f"dateline-timing preview {self._elapsed():.4f}", file=sys.stderr, flush=True)
        if self._quit_after:
            QTimer.singleShot(0, QApplication.quit)


def use_software_rendering() -> None:
    """Draw the window and the preview without OpenGL (before the QApplication exists).

    The preview is a page of text: Qt Quick's software renderer composes it well enough,
    and with X11's OpenGL integration off QtWebEngine composites in software too, so no
    OpenGL driver is loaded into the process (llvmpipe where there is no GPU: 25-35 MB PSS,
    and frame copies on the UI thread). DATELINE_PREVIEW_GPU=1 opts out.
    """
    if os.environ.get("DATELINE_PREVIEW_GPU"):
        return
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    os.environ.setdefault("QT_XCB_GL_INTEGRATION", "none")


def run_gui(args: list[str], regexes: RegexCache | None = None) -> int:
    """`dateline [FILE | SITE_DIR]`: open a new post, a post, or a site's newest post.

    ``regexes``, started before the imports, is finished (its new patterns kept for the next
    start) once the started window has settled (the caller finishes it otherwise)."""
    if len(args) > 1:
        print("dateline: give at most one file or site folder", file=sys.stderr)
        return 2
    if args and not Path(args[0]).expanduser().exists():
        print(f"dateline: {args[0]}: no such file or folder", file=sys.stderr)
        return 2
    # QtWebEngine is imported only after the window is shown; it needs this set first.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    use_software_rendering()
    messages = _quiet_gpu_probe()
    try:
        return _run(args, regexes)
    finally:
        if messages is not None:
            messages.uninstall()


def _quiet_gpu_probe() -> MessageFilter | None:
    """Without X11's OpenGL integration QtWebEngine's GPU probe fails by design and Qt says
    so on stderr at every start: drop exactly those lines (see editor.services.qt_messages)."""
    if os.environ.get("QT_XCB_GL_INTEGRATION") != "none":
        return None  # OpenGL is on: its failures are news
    messages = MessageFilter()
    messages.install()
    return messages


def _run(args: list[str], regexes: RegexCache | None = None) -> int:
    """The QApplication, the window and the event loop (see :func:`run_gui`)."""
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("Dateline")
    app.setOrganizationName("Dateline")
    app.setDesktopFileName(APP_ID)  # = the .desktop file's name (packaging/linux/)
    app.setWindowIcon(app_icon(scalable=False))
    # The site desk's code (checks, images, git) is not needed for the first frame.
    window = build_window(args, desk_later=True, render_later=True)
    timing = os.environ.get("DATELINE_TIMING")
    if timing:
        _Timing(float(timing), window, bool(os.environ.get("DATELINE_TIMING_QUIT")))
    app.aboutToQuit.connect(window.scheduler.shutdown)
    trimmer = add_heap_trimmer(window)
    if regexes is not None:  # the first quiet moment: the preview and the desk are up
        trimmer.settled.connect(regexes.finish)
    window.show()

    def after_shown() -> None:  # the first frame is on the screen: start the slow parts
        limit_malloc_arenas()  # before Chromium's threads and processes (ctypes: after the frame)
        quick_handoffs_until_previewed(window)
        # QtWebEngine first: its helper processes start on the other core while the UI
        # thread goes on with the journal and the desk.
        try:
            window.start_preview()
        finally:  # the render and the journal whatever the preview does
            # The post renders while QtWebEngine loads the page (held until now: the worker
            # thread's Python competed with the first frame for the GIL).
            window.scheduler.release()
            # Before any keystroke is handled (they wait in the queue behind this).
            add_journal(window)
            from editor.services.recovery import JournalService

            journal = window.findChild(JournalService)
            if journal is not None:
                app.aboutToQuit.connect(journal.shutdown)
        desk = _DeskInSteps(window)
        if not isinstance(window.preview, PlaceholderPane):
            window.preview.page_loaded.connect(desk.finish)
        QTimer.singleShot(0, lambda: offer_recovery(window))
        # After the preview has started: adding QtWebEngine re-creates the native window,
        # which would put it above a welcome shown earlier.
        QTimer.singleShot(0, lambda: maybe_show_welcome(
            window, window.settings, lambda folder: _open_site(window, folder),
            window.document.site.root, lambda name: give_author(window, name)))

    after_first_paint(window, after_shown)
    sys.excepthook = lambda kind, exc, tb: _report_unexpected(window, kind, exc, tb)
    status = int(app.exec())
    sys.excepthook = sys.__excepthook__
    window.release_preview()  # QtWebEngine wants its page gone before its profile
    return status


#: The interpreter's switch interval while the preview starts (Python's default: 5 ms).
START_SWITCH_INTERVAL = 0.001


def quick_handoffs_until_previewed(window: MainWindow, limit_ms: int = 10_000) -> None:
    """Until the preview first shows the post (or ``limit_ms``), hand the interpreter over
    between threads every millisecond instead of every 5 ms.

    The first render runs on its worker thread while QtWebEngine loads the page on the UI
    thread. Chromium's own work there needs no interpreter, but every Python slot in
    between (the desk's steps, the page's signals, the request interceptor) waits for the
    render thread to hand the interpreter over, up to the switch interval each time.
    Launch -> preview final 0.808 -> 0.734 s (median, 14 interleaved runs, busy machine).
    """
    previous = sys.getswitchinterval()
    sys.setswitchinterval(START_SWITCH_INTERVAL)
    restored = False

    def restore() -> None:
        nonlocal restored
        if not restored:
            restored = True
            sys.setswitchinterval(previous)

    def on_preview_ready(pane: PreviewPane) -> None:
        if pane.backend_name == "webengine":
            pane.body_updated.connect(restore)
        else:  # the text preview has shown the post already, on this thread
            restore()

    window.preview_ready.connect(on_preview_ready)
    QTimer.singleShot(limit_ms, window, restore)


def add_heap_trimmer(window: MainWindow) -> HeapTrimmer:
    """Once the writer and the preview have paused, collect and set aside the garbage
    collector's work and give freed heap back (editor.services.memory): start-up and each
    render leave freed heap in glibc's arenas (10-15 MB of PSS, benchmarks/RESULTS-window.md),
    and the collector's walks over every object were the longest typing stall in a long post.
    """
    trimmer = HeapTrimmer(window)
    window.preview_ready.connect(lambda pane: pane.body_updated.connect(trimmer.poke))
    window.editor.textChanged.connect(trimmer.poke)  # never between two keystrokes
    # The dictionary (read on a worker thread after the first paint) leaves its slices behind.
    window.editor.highlighter.spelling_ready.connect(trimmer.poke)
    return trimmer


def give_author(window: MainWindow, name: str) -> bool:
    """The name the writer gave in the welcome goes into the post already open when that
    post is a new one without an author (a post read from disk keeps its own byline)."""
    post = window.document.post
    if window.document.path is not None or post.problem is not None or post.get("author"):
        return False
    window.document.update_fields({"author": name}, [])
    window.form.show_post(post, window.document.site, window.settings.preferences.excerpt_target)
    return True


def _report_unexpected(window: MainWindow, kind: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> None:
    """A bug in a slot: keep the window, tell the writer in words, log the details."""
    import traceback

    traceback.print_exception(kind, exc, tb, file=sys.stderr)
    from editor.ui import dialogs

    dialogs.show_error(window, "Something went wrong",
                       f"Dateline hit an unexpected problem ({exc}). Your text is still in the "
                       "window; save it, and please report this.")


def _open_site(window: MainWindow, folder: Path) -> None:
    """Open a site folder (the sample site from the welcome): its newest post."""
    window.document.set_default_site(folder.resolve())
    if window.desk is not None:
        window.desk.sync_site()
    post = newest_post(folder)
    if post is not None:
        window.open_path(post)

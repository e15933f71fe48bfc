"""The shared repository in the window: a Share menu (Get latest, Send, Send for review),
the branch and ahead/behind in the status bar, each post's state in the site panel, the
password prompt and the conflict choices. Nothing of it shows for a site without git."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar

from editor.core.git.send import Identity
from editor.core.git.status import RepoStatus
from editor.core.git.sync import Conflict
from editor.core.words import plural
from editor.services.git_sync import GET_LATEST, REVIEW, GitSync
from editor.ui import dialogs
from editor.ui.site_panel import SitePanel

if TYPE_CHECKING:
    from editor.services.site_desk import SiteDeskController
    from editor.ui.main_window import MainWindow


class GitDesk(QObject):
    """Wires a :class:`GitSync` to the window and the site desk."""

    def __init__(self, window: MainWindow, desk: SiteDeskController, sync: GitSync) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.sync = sync
        panel = window.findChild(SitePanel, "site_panel")
        assert panel is not None, "the site desk comes first"
        self.site_panel: SitePanel = panel
        self.status_label = QLabel("")
        self.status_label.setObjectName("git_status")
        self.status_label.setAccessibleName("Shared repository")
        self.status_label.setContentsMargins(12, 0, 4, 0)
        self.status_label.hide()
        window.statusBar().addPermanentWidget(self.status_label)
        self.get_latest_action = QAction("Get &Latest", window)
        self.get_latest_action.setShortcut(QKeySequence("Ctrl+Alt+L"))
        self.get_latest_action.setStatusTip("Bring in what colleagues sent; your edits are kept")
        self.send_action = QAction("&Send", window)
        self.send_action.setShortcut(QKeySequence("Ctrl+Alt+S"))
        self.send_action.setStatusTip("Save and send this post and its images to colleagues")
        self.review_action = QAction("Send for &Review", window)
        self.review_action.setStatusTip("Send this post to a drafts branch for an editor")
        self.conflicts_action = QAction("Choose What to &Keep…", window)
        self.conflicts_action.setStatusTip("Settle the posts a colleague changed in the "
                                           "same places as you")
        self.cancel_action = QAction("&Stop", window)
        self.cancel_action.setStatusTip("Stop getting or sending")
        self.cancel_action.setEnabled(False)
        for action_id, action in (("share.get_latest", self.get_latest_action),
                                  ("share.send", self.send_action),
                                  ("share.review", self.review_action),
                                  ("share.conflicts", self.conflicts_action),
                                  ("share.cancel", self.cancel_action)):
            window.actions.add(action_id, action)
        self.menu = window.menuBar().addMenu("S&hare")
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)
        for action in (self.get_latest_action, self.send_action, self.review_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.conflicts_action)
        self.menu.addAction(self.cancel_action)
        toolbar = window.findChild(QToolBar, "writing_toolbar")
        self._toolbar_actions: list[QAction] = []
        if toolbar is not None:
            self._toolbar_actions.append(toolbar.addSeparator())
            for action in (self.get_latest_action, self.send_action):
                toolbar.addAction(action)
        self._connect_signals()
        self._on_status_changed(None)
        self.sync.open_site(desk.site_root())

    def _connect_signals(self) -> None:
        s = self.sync
        s.status_changed.connect(self._on_status_changed)
        s.busy_changed.connect(self._on_busy_changed)
        s.progress.connect(lambda line: self.window.statusBar().showMessage(line, 3000))
        s.finished.connect(self._on_finished)
        s.failed.connect(self._on_failed)
        s.password_needed.connect(self._on_password_needed)
        s.conflicts_found.connect(self.choose_conflicts)
        self.desk.indexer.indexed.connect(lambda _entries: self._follow_site())
        self.window.document.saved.connect(lambda _path: self.sync.refresh_status())
        self.get_latest_action.triggered.connect(self.get_latest)
        self.send_action.triggered.connect(lambda: self.send(review=False))
        self.review_action.triggered.connect(lambda: self.send(review=True))
        self.conflicts_action.triggered.connect(lambda: self.choose_conflicts())
        self.cancel_action.triggered.connect(self.sync.cancel)
        self.window.closing.connect(self.sync.cancel)

    def _follow_site(self) -> None:
        self.sync.open_site(self.desk.site_root())

    def _identity(self) -> Identity | None:
        prefs = self.window.settings.preferences
        if prefs.default_author and prefs.author_email:
            return Identity(prefs.default_author, prefs.author_email)
        return None

    # -- commands ----------------------------------------------------------------------

    def get_latest(self) -> bool:
        """Get latest (off the UI thread)."""
        if self.window.document.is_modified and not self.window.save():
            return False
        return self.sync.get_latest(self._identity())

    def send(self, review: bool = False) -> bool:
        """Save the open post, then send it (with its images)."""
        if self.window.document.is_modified and not self.window.save():
            return False
        path = self.window.document.path
        if path is None:
            return False
        return self.sync.send([path], review=review, author=self._identity())

    def choose_conflicts(self, conflicts: list[Conflict] | None = None) -> None:
        """Ask, post by post, what to keep; a post left undecided stays in conflict."""
        for conflict in conflicts if conflicts is not None else self.sync.conflicts():
            choices = dialogs.ask_conflict_choices(self.window, conflict)
            if choices is None:
                continue
            self.sync.resolve(conflict.relpath, choices)
        self.window.statusBar().showMessage("Your choices are saved; send the post when "
                                            "ready.", 6000)

    # -- results -----------------------------------------------------------------------

    def _on_status_changed(self, status: RepoStatus | None) -> None:
        shared = status is not None
        self.menu.menuAction().setVisible(shared)
        for action in (self.get_latest_action, self.send_action, self.review_action,
                       *self._toolbar_actions):
            action.setVisible(shared)
        self.status_label.setVisible(shared)
        self.site_panel.set_shared_status(status, self.desk.site_root())
        if status is None:
            self.status_label.setText("")
            return
        self.status_label.setText(f"⇅ {status.summary}")
        self.status_label.setToolTip(
            f"Branch {status.branch or '(none)'}; {plural(status.ahead, 'save')} not sent, "
            f"{plural(status.behind, 'change')} from colleagues to get")
        conflicts = any(f.state.value == "in conflict" for f in status.files.values())
        self.conflicts_action.setEnabled(conflicts)

    def _on_busy_changed(self, busy: bool) -> None:
        for action in (self.get_latest_action, self.send_action, self.review_action):
            action.setEnabled(not busy)
        self.cancel_action.setEnabled(busy)
        if busy:
            self.window.statusBar().showMessage("Working with the shared repository…")

    def _on_finished(self, op: str, result: Any) -> None:
        self.window.statusBar().showMessage(result.message, 8000)
        if op == GET_LATEST:
            self.desk.indexer.refresh()  # colleagues' new posts show now, not at the next poll
        if op == REVIEW and getattr(result, "review_url", None):
            dialogs.show_info(self.window, "Sent for review",
                              f"{result.message}\n\nOpen this page to ask for a review:\n"
                              f"{result.review_url}")

    def _on_failed(self, op: str, message: str) -> None:
        title = "Cannot get the latest" if op == GET_LATEST else "Cannot send"
        if op == "status":
            self.window.statusBar().showMessage(message, 8000)
            return
        dialogs.show_error(self.window, title, message)

    def _on_password_needed(self, _op: str, url: str, rejected: bool) -> None:
        host = url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1] or "the server"
        answer = dialogs.ask_password(self.window, host, rejected)
        if answer is not None:
            self.sync.retry_with_password(*answer)
        else:
            self.window.statusBar().showMessage("Not sent: no password given.", 6000)


def install(window: MainWindow, desk: SiteDeskController, synchronous: bool = False) -> GitDesk:
    """Add the shared repository's commands to ``window`` (after the site desk)."""
    return GitDesk(window, desk, GitSync(window, synchronous=synchronous))


__all__ = ["GitDesk", "install"]

"""Every message box and file dialog the window shows (tests replace these functions).

Each function imports the dialog class it shows: importing this module (the window does,
before its first frame) does not make PySide6 build them and their enums."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

if TYPE_CHECKING:
    from editor.core.git.sync import Conflict
    from editor.core.journal import JournalEntry
    from editor.services.watcher import Resolution
    from editor.ui.recovery_dialog import RecoveryChoice

POST_FILTER = "Posts (*.md *.markdown *.mkdown *.mkdn *.mkd *.html *.textile *.text);;All files (*)"
BUNDLE_FILTER = "Zip bundles (*.zip);;All files (*)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg *.avif);;All files (*)"


class Choice(Enum):
    """The writer's answer to a question."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"
    OVERWRITE = "overwrite"
    RELOAD = "reload"


def ask_save_changes(parent: QWidget | None, name: str) -> Choice:
    """Unsaved changes would be lost: save, discard or cancel?"""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                      f"Save the changes to “{name}” first?", parent=parent)
    box.setInformativeText("Your changes will be lost if you don't save them.")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: Choice.SAVE,
            QMessageBox.StandardButton.Discard: Choice.DISCARD}.get(
        QMessageBox.StandardButton(answer), Choice.CANCEL)


def ask_changed_on_disk(parent: QWidget | None, name: str) -> Choice:
    """The file changed on disk since it was opened: overwrite, reload or cancel?"""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk",
                      f"“{name}” was changed by another program since you opened it.",
                      parent=parent)
    box.setInformativeText("Overwrite it with your version, reload it (losing your changes), "
                           "or cancel and decide later?")
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    reload_ = box.addButton("Reload", QMessageBox.ButtonRole.ResetRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is overwrite:
        return Choice.OVERWRITE
    if clicked is reload_:
        return Choice.RELOAD
    return Choice.CANCEL


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class PublishChoice(Enum):
    """The writer's answer when the checks block publishing."""

    FIX = "fix"
    PUBLISH_ANYWAY = "publish_anyway"
    CANCEL = "cancel"


def ask_publish_blocked(parent: QWidget | None, title: str, text: str, details: str,
                        anyway: str, anyway_label: str = "Publish anyway") -> PublishChoice:
    """The checks found errors: Fix (go to the first), Publish anyway (``anyway`` names what
    goes out and where; the button says ``anyway_label``), or Cancel. Fix is the default."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setObjectName("publish_blocked")
    box.setInformativeText(f"{details}\n\n{anyway}")
    fix = box.addButton("Fix", QMessageBox.ButtonRole.AcceptRole)
    publish = box.addButton(anyway_label, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(fix)
    box.exec()
    clicked = box.clickedButton()
    if clicked is fix:
        return PublishChoice.FIX
    if clicked is publish:
        return PublishChoice.PUBLISH_ANYWAY
    return PublishChoice.CANCEL


def confirm_publish(parent: QWidget | None, title: str, text: str, details: str) -> bool:
    """Every publish asks first: what goes where, at which address, and the warnings."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("publish_confirmation")
    box.setInformativeText(details)
    publish = box.addButton("Publish", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(publish)
    box.exec()
    return box.clickedButton() is publish


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the writer something went wrong, in plain words."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the writer something."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def ask_strip_location(parent: QWidget | None, name: str) -> bool:
    """The image carries location data: remove it from the copy? (default yes)"""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "Remove location data?",
                      f"“{name}” records where it was taken (GPS location).", parent=parent)
    box.setInformativeText("Remove the location from the copy added to the site? The "
                           "original file is not changed. Keep it only if the place is "
                           "meant to be public.")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Remove location")
    box.button(QMessageBox.StandardButton.No).setText("Keep location")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return QMessageBox.StandardButton(box.exec()) != QMessageBox.StandardButton.No


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A line of text (None when cancelled)."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def save_bundle_path(parent: QWidget | None, proposed: Path) -> Path | None:
    """Choose where to write a zip bundle for the desk."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, "Export bundle", str(proposed), BUNDLE_FILTER)
    return Path(name) if name else None


def open_post_path(parent: QWidget | None, folder: Path | None) -> Path | None:
    """Choose a post to open."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, "Open post", str(folder or ""), POST_FILTER)
    return Path(name) if name else None


def save_post_path(parent: QWidget | None, proposed: Path) -> Path | None:
    """Choose where to save a post (the proposal preselected)."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, "Save post", str(proposed), POST_FILTER)
    return Path(name) if name else None


def open_image_path(parent: QWidget | None, folder: Path | None) -> Path | None:
    """Choose an image."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, "Choose image", str(folder or ""), IMAGE_FILTER)
    return Path(name) if name else None


def choose_folder(parent: QWidget | None, title: str, folder: Path | None) -> Path | None:
    """Choose a folder."""
    from PySide6.QtWidgets import QFileDialog

    name = QFileDialog.getExistingDirectory(parent, title, str(folder or ""))
    return Path(name) if name else None


def ask_external_change(parent: QWidget | None, name: str, mine: str, theirs: str
                        ) -> Resolution:
    """The file changed on disk under unsaved edits: reload, or keep mine (with the
    differences shown on request)?"""
    from editor.ui.diff_dialog import ask_external_change as ask

    return ask(parent, name, mine, theirs)


def offer_recovery(parent: QWidget | None, entries: list[JournalEntry]
                   ) -> list[tuple[JournalEntry, RecoveryChoice]]:
    """Offer posts recovered from the journal after a crash; returns the writer's decisions."""
    from editor.ui.recovery_dialog import RecoveryDialog

    dialog = RecoveryDialog(entries, parent)
    dialog.exec()
    return dialog.decisions


def ask_password(parent: QWidget | None, host: str, rejected: bool) -> tuple[str, str] | None:
    """The shared repository wants a user name and password (or token); None: cancelled.

    What is typed is handed to git for one command and never stored by Dateline.
    """
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel

    dialog = QDialog(parent)
    dialog.setWindowTitle("Password needed")
    text = (f"The password for {host} was not accepted. Try again:" if rejected
            else f"The shared repository at {host} asks who you are.")
    user = QLineEdit()
    user.setAccessibleName("User name")
    password = QLineEdit()
    password.setAccessibleName("Password or token")
    password.setEchoMode(QLineEdit.EchoMode.Password)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    form.addRow(QLabel(text))
    form.addRow("&User name:", user)
    form.addRow("&Password or token:", password)
    form.addRow(QLabel("Dateline does not store it; your system's password store may."))
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted or not password.text():
        return None
    return user.text(), password.text()


def ask_conflict_choices(parent: QWidget | None, conflict: Conflict) -> dict[str, str] | None:
    """Side-by-side choices for a file a colleague changed in the same places; None: later."""
    from editor.ui.conflict_dialog import ConflictDialog

    dialog = ConflictDialog(conflict, parent)
    if dialog.exec() != ConflictDialog.DialogCode.Accepted:
        return None
    return dialog.choices()

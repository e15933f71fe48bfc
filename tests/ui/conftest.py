"""Fixtures for window tests: the real main window from the composition root, dialogs replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt

# QtWebEngine is imported after the QApplication exists (as in the app); it needs this first.
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


class FakeDialogs:
    """Stands in for editor.ui.dialogs: records every call, answers as the test says."""

    def __init__(self) -> None:
        from editor.ui import dialogs

        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.save_changes = dialogs.Choice.DISCARD
        self.changed_on_disk = dialogs.Choice.CANCEL
        self.save_path: Path | None = None
        self.open_path: Path | None = None
        self.image_path: Path | None = None
        self.confirm_answer = True
        self.folder: Path | None = None
        self.bundle_path: Path | None = None
        self.text: str | None = None
        self.strip_location = True
        self.publish_blocked: Any = None  # a dialogs.PublishChoice; None: CANCEL
        self.publish_confirmed = True

    def names(self) -> list[str]:
        """The dialog functions called, in order."""
        return [name for name, _ in self.calls]

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from editor.ui import dialogs

        def record(name: str, answer: Callable[[], Any]) -> Callable[..., Any]:
            def fake(*args: Any) -> Any:
                self.calls.append((name, args))
                return answer()
            return fake

        monkeypatch.setattr(dialogs, "ask_save_changes", record("ask_save_changes", lambda: self.save_changes))
        monkeypatch.setattr(dialogs, "ask_changed_on_disk",
                            record("ask_changed_on_disk", lambda: self.changed_on_disk))
        monkeypatch.setattr(dialogs, "confirm", record("confirm", lambda: self.confirm_answer))
        monkeypatch.setattr(dialogs, "show_error", record("show_error", lambda: None))
        monkeypatch.setattr(dialogs, "show_info", record("show_info", lambda: None))
        monkeypatch.setattr(dialogs, "open_post_path", record("open_post_path", lambda: self.open_path))
        monkeypatch.setattr(dialogs, "save_post_path", record("save_post_path", lambda: self.save_path))
        monkeypatch.setattr(dialogs, "open_image_path", record("open_image_path", lambda: self.image_path))
        monkeypatch.setattr(dialogs, "choose_folder", record("choose_folder", lambda: self.folder))
        monkeypatch.setattr(dialogs, "save_bundle_path",
                            record("save_bundle_path", lambda: self.bundle_path))
        monkeypatch.setattr(dialogs, "ask_text", record("ask_text", lambda: self.text))
        monkeypatch.setattr(dialogs, "ask_strip_location",
                            record("ask_strip_location", lambda: self.strip_location))
        monkeypatch.setattr(dialogs, "ask_publish_blocked", record(
            "ask_publish_blocked",
            lambda: self.publish_blocked or dialogs.PublishChoice.CANCEL))
        monkeypatch.setattr(dialogs, "confirm_publish",
                            record("confirm_publish", lambda: self.publish_confirmed))


@pytest.fixture
def fake_dialogs(monkeypatch: pytest.MonkeyPatch) -> FakeDialogs:
    """Every message box and file dialog replaced by a recorder."""
    fake = FakeDialogs()
    fake.install(monkeypatch)
    return fake


@pytest.fixture
def make_window(qtbot: Any, fake_dialogs: FakeDialogs) -> Iterator[Callable[..., Any]]:
    """Build the real main window through editor.app.build_window; closed at the end."""
    from editor.app import build_window

    windows: list[Any] = []

    def make(*args: str, threaded: bool = False, show: bool = True) -> Any:
        window = build_window([str(a) for a in args], threaded_preview=threaded)
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    yield make
    fake_dialogs.save_changes = fake_dialogs.save_changes.__class__.DISCARD
    for window in windows:
        window.close()
        window.scheduler.shutdown()
        window.release_preview()
        window.deleteLater()


def start_preview(qtbot: Any, window: Any) -> Any:
    """Start the real preview backend and wait until it shows the current post."""
    pane = window.start_preview()
    if pane.backend_name == "webengine":
        with qtbot.waitSignal(pane.body_updated, timeout=30000):
            pass
    return pane


def evaluate(qtbot: Any, pane: Any, script: str) -> Any:
    """Run ``script`` in the preview page and wait for its result."""
    box: list[Any] = []
    pane.evaluate(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    return box[0]

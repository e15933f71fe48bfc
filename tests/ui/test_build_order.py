"""Building the window shows nothing on the screen before the window itself: no part of it
is made visible while it has no parent yet (Qt makes such a widget a window of its own,
creates it on the X server and maps it: a flash, and ~1 ms each before the first frame)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class _Shown(QObject):
    """Records every top-level widget that is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.windows: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) \
                and watched.isWindow():
            self.windows.append(f"{type(watched).__name__} {watched.objectName()!r}")
        return False



@contextmanager
def _watching(watcher: QObject) -> Iterator[None]:
    """``watcher`` sees every event of the application while the block runs."""
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(watcher)
    try:
        yield
    finally:
        app.removeEventFilter(watcher)

def test_building_the_window_shows_no_other_window(make_window: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    # A site schema with a problem: the form shows a notice about it.
    (site / "_config.yml").write_text("title: T\ndateline:\n  fields: 3\n", encoding="utf-8")
    post = site / "_posts" / "2025-01-02-x.md"
    post.write_text("---\ntitle: X\nexcerpt: Short.\n---\nBody.\n", encoding="utf-8")
    shown = _Shown()
    with _watching(shown):
        window = make_window(post, show=False)
        assert shown.windows == []
        window.show()
    assert shown.windows == [f"MainWindow {window.objectName()!r}"]
    assert window.form.excerpt_count.isVisible()
    assert window.form.publish_label.isVisible() and window.form.timezone_label.isVisible()


class _Reparented(QObject):
    """Records each widget given a parent, with how many widgets it already held."""

    def __init__(self) -> None:
        super().__init__()
        self.moved: list[tuple[str, int]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ParentChange and isinstance(watched, QWidget):
            name = watched.objectName() or type(watched).__name__
            self.moved.append((name, len(watched.findChildren(QWidget))))
        return False


def test_no_built_part_is_put_in_the_window_with_its_widgets(make_window: Any,
                                                            tmp_path: Path) -> None:
    """Containers are put in their place before what goes into them is made: a widget
    given a parent makes Qt walk its whole subtree (the front-matter form, ~150 widgets,
    added to its tab once built: ~9 ms before the first frame)."""
    post = tmp_path / "2025-01-02-x.md"
    post.write_text("---\ntitle: X\n---\nBody.\n", encoding="utf-8")
    moved = _Reparented()
    with _watching(moved):
        make_window(post, show=False)
    assert moved.moved, "no widget was seen being placed"
    assert [(name, held) for name, held in moved.moved if held > 20] == []

"""Screenshots of publishing in the real window: a publish blocked by the checks, and the
confirmation every publish asks. Writes docs/publish-blocked.png and docs/publish-confirm.png.

Run under a virtual screen, from the repository root:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/publish_screenshots.py

A copy of the sample site is used (in a temporary folder); nothing in the repository changes
but the two pictures.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
if hasattr(os, "getuid") and os.getuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


def shoot_dialog_then(out: Path, press: str) -> None:
    """When a message box opens: save the screen to ``out``, then click ``press``."""

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(100, attempt)
            return
        QApplication.processEvents()
        screen = box.screen()
        screen.grabWindow(0).save(str(out))
        print(f"saved {out}")
        for button in box.buttons():
            if button.text() == press:
                button.click()
                return
        box.reject()

    QTimer.singleShot(600, attempt)


def main() -> int:
    """Open a draft with a TK, publish it (blocked), then a clean draft (confirmation)."""
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp(prefix="dateline-shots-"))
    os.environ.setdefault("DATELINE_CONFIG_DIR", str(tmp / "config"))
    os.environ.setdefault("DATELINE_DATA_DIR", str(tmp / "data"))
    os.environ.setdefault("DATELINE_CACHE_DIR", str(tmp / "cache"))
    site = tmp / "site"
    shutil.copytree(REPO / "sample_posts", site)
    draft = site / "_drafts" / "quay-fire.md"
    draft.write_text('---\ntitle: "Fire on the quay: crews still on scene"\nauthor: "ana"\n'
                     'excerpt: "Crews fought the blaze through the night."\n---\n\n'
                     "Fire crews were called to the quay at 2 a.m. and were still there at "
                     "dawn.\n\nThe cause of the fire is TK.\n", encoding="utf-8")
    from editor.app import build_window

    window = build_window([str(draft)], threaded_preview=False)
    window.resize(1366, 740)
    window.show()
    window.start_preview()
    docs = REPO / "docs"

    def blocked() -> None:
        shoot_dialog_then(docs / "publish-blocked.png", "Fix")
        window.desk.publish_draft(draft)
        QTimer.singleShot(300, confirm)

    def confirm() -> None:
        clean = site / "_drafts" / "market-square-redesign.md"
        window.open_path(clean, ask=False)
        shoot_dialog_then(docs / "publish-confirm.png", "Cancel")
        window.desk.publish_draft(clean)
        QTimer.singleShot(300, app.quit)

    QTimer.singleShot(2500, blocked)
    app.exec()
    window.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

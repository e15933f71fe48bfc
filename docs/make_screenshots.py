"""Screenshots of the real window for the README and docs/ (run from a checkout):

    python docs/make_screenshots.py            # every size and theme into docs/

Each shot starts its own Xvfb screen of the shot's size, opens the sample site's post
in the real application (the window filling the screen, as on a laptop or a desktop),
waits until the preview shows it, and saves the screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
POST = REPO / "sample_posts" / "_posts" / "2025-03-18-riverside-library-reopens.md"

#: (file name, width, height, theme, preview view[, actions triggered first])
SHOTS: tuple[tuple[str, int, int, str, str] | tuple[str, int, int, str, str, str], ...] = (
    ("screenshot.png", 1366, 768, "light", "site"),
    ("screenshot-1366x768-light.png", 1366, 768, "light", "site"),
    ("screenshot-1366x768-dark.png", 1366, 768, "dark", "reading"),
    ("screenshot-1920x1080-light.png", 1920, 1080, "light", "reading"),
    ("screenshot-1920x1080-dark.png", 1920, 1080, "dark", "site"),
    ("screenshot-focus-dark.png", 1366, 768, "dark", "site", "view.focus"),
    ("screenshot-find-dark.png", 1366, 768, "dark", "reading", "edit.replace"),
)

INNER = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, Qt, QTimer
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
app.setApplicationName("Dateline")
from editor.app import build_window
out, post = sys.argv[1], sys.argv[2]
window = build_window([post])
screen = app.primaryScreen().geometry()
window.setGeometry(screen)
window.show()
pane = window.start_preview()
import os
text = window.editor.toPlainText()
if "Staff said" in text:  # the cursor in a paragraph (focus mode lights it)
    cursor = window.editor.textCursor()
    cursor.setPosition(text.index("Staff said") + 12)
    window.editor.setTextCursor(cursor)
for action_id in filter(None, os.environ.get("SHOT_ACTIONS", "").split(",")):
    QTimer.singleShot(500, window.actions[action_id].trigger)
def shoot():
    app.primaryScreen().grabWindow(0).save(out)
    app.quit()
pane.body_updated.connect(lambda: QTimer.singleShot(2500, shoot))
QTimer.singleShot(30000, shoot)
app.exec()
window.release_preview()
"""


def shoot(name: str, width: int, height: int, theme: str, view: str, actions: str = "") -> Path:
    """One screenshot into docs/NAME."""
    out = REPO / "docs" / name
    display = next(f":{n}" for n in range(210, 260) if not Path(f"/tmp/.X{n}-lock").exists())
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{width}x{height}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "dateline.ini").write_text(
                f"[state]\nwelcome_shown=true\n\n[preview]\nview={view}\n\n"
                f"[preferences]\ntheme={theme}\n", encoding="utf-8")
            env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                       PYTHONPATH=str(REPO), DATELINE_CONFIG_DIR=tmp, DATELINE_DATA_DIR=tmp,
                       DATELINE_CACHE_DIR=tmp, QT_QUICK_BACKEND="software",
                       SHOT_ACTIONS=actions)
            if os.getuid() == 0:
                env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
            subprocess.run([sys.executable, "-c", INNER, str(out), str(POST)], env=env,
                           check=False, timeout=120, stderr=subprocess.DEVNULL)
    finally:
        xvfb.terminate()
    return out


def main() -> int:
    wanted = set(sys.argv[1:])
    for shot in SHOTS:
        if not wanted or shot[0] in wanted:
            print(shoot(*shot))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

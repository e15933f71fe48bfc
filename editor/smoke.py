"""`dateline smoke-test FILE`: open the real window on a post, wait for the preview, exit.

Used by packaging/build_and_smoke.sh to prove that a frozen build starts, finds its
package data and renders a preview with QtWebEngine (whose helper process, resources
and locales are the usual casualties of freezing). Prints ``preview ok <n> chars
(<backend>)`` and exits 0, or one line saying what failed and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

DEFAULT_TIMEOUT = 90.0


def cli_smoke_test(argv: Sequence[str]) -> int:
    """Entry point of `dateline smoke-test FILE [--timeout S] [--allow-fallback]`."""
    parser = argparse.ArgumentParser(prog="dateline smoke-test",
                                     description="Open a post, wait for its preview, exit.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds to wait for the preview (default %(default)s)")
    parser.add_argument("--allow-fallback", action="store_true",
                        help="accept the QTextBrowser preview when QtWebEngine cannot start")
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    if not args.file.is_file():
        print(f"dateline: {args.file}: no such file", file=sys.stderr)
        return 2
    return run_smoke_test(args.file, args.timeout, args.allow_fallback)


def run_smoke_test(path: Path, timeout: float, allow_fallback: bool = False) -> int:
    """Show the window on ``path``; 0 once the preview shows a non-empty body."""
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from editor import APP_ID
    from editor.app import build_window, use_software_rendering

    use_software_rendering()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("Dateline")
    app.setOrganizationName("Dateline")
    app.setDesktopFileName(APP_ID)
    window = build_window([str(path)])
    outcome: dict[str, int] = {}

    def finish(code: int, message: str) -> None:
        if outcome:
            return
        outcome["code"] = code
        print(message, file=sys.stdout if code == 0 else sys.stderr, flush=True)
        window.close()
        release = getattr(window, "release_preview", None)
        if callable(release):  # QtWebEngine wants its page gone before its profile
            release()
        QTimer.singleShot(0, lambda: app.exit(code))

    def on_measured(pane: object, result: object) -> None:
        chars = int(result) if isinstance(result, (int, float)) else 0
        backend = getattr(pane, "backend_name", "?")
        if chars > 0:
            finish(0, f"preview ok {chars} chars ({backend})")
        else:
            finish(1, f"smoke test failed: the preview ({backend}) is empty")

    def on_body_updated(pane: object) -> None:
        evaluate = getattr(pane, "evaluate", None)
        if callable(evaluate):  # QtWebEngine: ask the page what it shows
            evaluate("document.getElementById('dl-body').innerHTML.length",
                     lambda result: on_measured(pane, result))
        else:
            browser = getattr(pane, "browser", None)
            on_measured(pane, len(browser.toHtml()) if browser is not None else 0)

    def on_preview_ready(pane: object) -> None:
        backend = getattr(pane, "backend_name", "?")
        if backend != "webengine" and not allow_fallback:
            finish(1, f"smoke test failed: the preview fell back to {backend}: "
                      "QtWebEngine did not start")
            return
        pane.body_updated.connect(lambda: on_body_updated(pane))  # type: ignore[attr-defined]

    window.preview_ready.connect(on_preview_ready)
    app.aboutToQuit.connect(window.scheduler.shutdown)
    QTimer.singleShot(round(timeout * 1000),
                      lambda: finish(1, f"smoke test failed: no preview after {timeout:g} s"))
    window.show()
    QTimer.singleShot(0, window.start_preview)
    code = int(app.exec())
    return outcome.get("code", code)
